"""Field editors for the record forms.

Every editor gives the same four things: ``changed`` when the person edits it, ``value()`` in
the model's type, and ``raw()``/``set_raw()`` — what was typed, valid or not, as JSON — which is
what a draft keeps so restoring gives back exactly what was on screen.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QPoint, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidValue
from app.models.labels import LabeledEnum
from app.services.session import mask_id_number
from app.validation.dates import typed_day
from app.validation.normalize import InputKind, normalize_input
from ui import calendar_day, palette
from ui.i18n import enum_label, in_language

# Wide enough for a nine-character Chinese label, or eighteen Latin letters.
CHOICE_CHARACTERS = 18


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class FieldEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def _hold(self, widget: QWidget) -> None:
        self._layout.addWidget(widget)
        self.setFocusProxy(widget)

    def value(self) -> Any:
        raise NotImplementedError

    def raw(self) -> Any:
        raise NotImplementedError

    def set_raw(self, raw: Any) -> None:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        self.set_raw(value)

    def is_blank(self) -> bool:
        return self.raw() in ("", None, [])

    def unfinished(self) -> str:
        """Why a field with something typed in it still has no value (a name typed but not
        picked from the list); empty where typing is all a field needs."""
        return ""


class TextLine(FieldEditor):
    """One line of text; ``optional`` turns an empty line into None (no phone, no ID number).

    What is typed or pasted is normalised at once (``kind``: full-width digits fold, a pasted line
    break becomes a space), so the field shows what will be saved and never an invisible error."""

    def __init__(
        self,
        *,
        optional: bool = False,
        placeholder: str = "",
        kind: InputKind = InputKind.LINE,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.optional = optional
        self.kind = kind
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.textEdited.connect(self._typed)
        self._hold(self.edit)

    def _typed(self, text: str) -> None:
        wanted = normalize_input(text, self.kind)
        if wanted != text:
            cursor = len(normalize_input(text[: self.edit.cursorPosition()], self.kind))
            self.edit.setText(wanted)
            self.edit.setCursorPosition(cursor)
        self.changed.emit()

    def value(self) -> str | None:
        text = normalize_input(self.edit.text(), self.kind).strip()
        return None if self.optional and not text else text

    def raw(self) -> str:
        return self.edit.text()

    def set_raw(self, raw: Any) -> None:
        self.edit.setText("" if raw is None else str(raw))


class IdNumberLine(TextLine):
    """An ID number; for roles that may not see full numbers (``masked``) a stored number shows as
    152502********1234, read-only, and is kept as it was unless the person types a new one."""

    def __init__(self, *, masked: bool, parent: QWidget | None = None) -> None:
        super().__init__(optional=True, kind=InputKind.NUMBER, parent=parent)
        self.masked = masked
        self.hidden: str | None = None
        self.retype = QPushButton(self.tr("Type again"))
        self.retype.setObjectName("retype_id")
        self.retype.clicked.connect(self._retype)
        self.retype.hide()
        self._layout.addWidget(self.retype)

    def value(self) -> str | None:
        return self.hidden if self.hidden is not None else super().value()

    def raw(self) -> str:
        return self.hidden if self.hidden is not None else super().raw()

    def set_raw(self, raw: Any) -> None:
        if self.masked and raw:
            self.hidden = str(raw)
            self.edit.setText(mask_id_number(self.hidden))
        else:
            self.hidden = None
            super().set_raw(raw)
        self.edit.setReadOnly(self.hidden is not None)
        self.retype.setVisible(self.hidden is not None)

    def _retype(self) -> None:
        self.set_raw(None)
        self.edit.setFocus()
        self.changed.emit()


class TextArea(FieldEditor):
    """Several lines; Tab leaves the box so the keyboard path through a form stays the same."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setFixedHeight(4 * self.edit.fontMetrics().lineSpacing() + 16)  # four lines, at any size
        self.edit.textChanged.connect(self.changed.emit)
        self._hold(self.edit)

    def value(self) -> str:
        return normalize_input(self.edit.toPlainText(), InputKind.TEXT)

    def raw(self) -> str:
        return self.edit.toPlainText()

    def set_raw(self, raw: Any) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText(raw or "")
        self.edit.blockSignals(False)


class Count(FieldEditor):
    """A head-count (人次, 人数): whole numbers from 0 to ``maximum``, typed or stepped."""

    def __init__(self, maximum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spin = QSpinBox()
        self.spin.setRange(0, maximum)
        self.spin.setGroupSeparatorShown(False)
        self.spin.valueChanged.connect(lambda _value: self.changed.emit())
        self._hold(self.spin)

    def value(self) -> int:
        return self.spin.value()

    def raw(self) -> int:
        return self.spin.value()

    def set_raw(self, raw: Any) -> None:
        self.spin.setValue(int(raw or 0))

    def is_blank(self) -> bool:
        return False


class Flag(FieldEditor):
    """A yes/no fact about a record (涉及民族因素), ticked or not; never blank."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox(text)
        self.box.toggled.connect(lambda _on: self.changed.emit())
        self._hold(self.box)
        self._layout.addStretch(1)  # the box only as wide as its words: a click beside them is no tick

    def value(self) -> bool:
        return self.box.isChecked()

    def raw(self) -> bool:
        return self.box.isChecked()

    def set_raw(self, raw: Any) -> None:
        self.box.setChecked(bool(raw))

    def is_blank(self) -> bool:
        return False


class Choice(FieldEditor):
    """A drop-down of (value, label) pairs; ``optional`` adds a blank first entry."""

    def __init__(
        self, options: list[tuple[str, str]], *, optional: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        if optional:
            self.combo.addItem("", None)
        for value, label in options:
            self.combo.addItem(label, value)
        # One long label ("Grassland / land contract and boundary") must not widen a whole filter
        # bar past the window: the box keeps a sensible width, its list shows every label whole.
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(CHOICE_CHARACTERS)
        self.combo.view().setMinimumWidth(self.combo.view().sizeHintForColumn(0) + 24)
        self.combo.currentTextChanged.connect(self.combo.setToolTip)
        self.combo.activated.connect(lambda _index: self.changed.emit())
        self._hold(self.combo)

    def value(self) -> Any:
        return self.combo.currentData()

    def raw(self) -> Any:
        return self.combo.currentData()

    def set_raw(self, raw: Any) -> None:
        if isinstance(raw, Enum):
            raw = raw.value
        index = self.combo.findData(None if raw is None else str(raw))
        self.combo.setCurrentIndex(max(index, 0))


class EnumChoice(Choice):
    """The labels of an enum's members, or of ``only`` those where a field takes a few of them."""

    def __init__(
        self,
        enum: type[LabeledEnum],
        *,
        optional: bool = False,
        only: tuple[LabeledEnum, ...] | None = None,
        parent: QWidget | None = None,
    ):
        members = list(enum) if only is None else list(only)
        super().__init__([(m.value, enum_label(m)) for m in members], optional=optional, parent=parent)
        self.enum = enum

    def value(self) -> LabeledEnum | None:
        data = self.combo.currentData()
        return None if data is None else self.enum(data)


class EnumMulti(FieldEditor):
    """Tick any number of labels (needs, tags)."""

    def __init__(self, enum: type[LabeledEnum], parent: QWidget | None = None, *, rows: int = 2) -> None:
        super().__init__(parent)
        self.enum = enum
        self.list = QListWidget()
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(True)
        self.list.setFixedHeight(rows * (self.list.fontMetrics().height() + 12) + 4)  # rows of boxes
        for member in enum:
            item = QListWidgetItem(enum_label(member))
            item.setData(Qt.ItemDataRole.UserRole, member.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        self._hold(self.list)

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def value(self) -> list[LabeledEnum]:
        return [self.enum(value) for value in self.raw()]

    def raw(self) -> list[str]:
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_raw(self, raw: Any) -> None:
        wanted = {m.value if isinstance(m, Enum) else m for m in raw or []}
        self.list.blockSignals(True)
        for item in self._items():
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)


class CalendarPopup(QFrame):
    """The month a date field opens under itself; a day chosen (click, or arrows and Enter) is
    ``picked``, Esc closes it with nothing picked."""

    picked = Signal(date)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.Box)
        self.calendar = QCalendarWidget()
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader
        )  # no week numbers
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.calendar)

    def _pick(self, day: QDate) -> None:
        self.close()
        self.picked.emit(from_qdate(day))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


class DateField(FieldEditor):
    """A day, typed as people write it (2026-12-15, 2026/12/15, 20261215, full-width digits) or
    picked from a calendar (F4, Alt+Down or the arrow); Up and Down step a day. ``optional``
    allows no day (blank). Text that is no day stays as typed, with the reason beside it, and
    counts as a problem: nothing typed is dropped unseen. A plain line, not a QDateEdit, whose
    sections garbled typing into a blank field and kept Tab inside it."""

    def __init__(self, *, optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("yyyy-mm-dd"))
        self.edit.setToolTip(self.tr("Type the day (2026-12-15); F4 or Alt+Down opens the calendar"))
        self.edit.setMaxLength(20)
        # As wide as the longest way of writing a day, not as a whole line of text.
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("2026年12月15日") + 24)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._tidy)
        self.edit.installEventFilter(self)
        self.arrow = QToolButton()
        self.arrow.setArrowType(Qt.ArrowType.DownArrow)
        self.arrow.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field
        self.arrow.setToolTip(self.edit.toolTip())
        self.arrow.clicked.connect(self.open_calendar)
        self.message = QLabel()
        self.message.setObjectName("date_problem")
        self.message.setStyleSheet(palette.ERROR_STYLE)
        self.message.hide()
        self._shows_message = True
        self._popup: CalendarPopup | None = None
        self._hold(self.edit)
        self._layout.setSpacing(2)
        self._layout.addWidget(self.arrow)
        self._layout.addWidget(self.message)
        self._layout.addStretch(1)
        if not optional:
            self.edit.setText(calendar_day.local_today().isoformat())

    def problems_shown_by_row(self) -> None:
        self._shows_message = False

    def calendar(self) -> QCalendarWidget:
        """Made when first asked for: a list's two date filters build none before anyone looks."""
        if self._popup is None:
            self._popup = CalendarPopup(self)
            self._popup.picked.connect(self._picked)
        return self._popup.calendar

    def open_calendar(self) -> None:
        """Under the field, on its day; a blank field's calendar opens on today and picks nothing
        until a day is chosen."""
        calendar = self.calendar()
        assert self._popup is not None  # made by calendar()
        shown = self.value() or calendar_day.local_today()
        calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self._popup.adjustSize()
        under = self.edit.mapToGlobal(QPoint(0, self.edit.height()))
        room = self.screen().availableGeometry()
        x = max(room.left(), min(under.x(), room.right() - self._popup.width()))
        y = under.y()
        if y + self._popup.height() > room.bottom():  # no room below: above the field instead
            y -= self.edit.height() + self._popup.height()
        self._popup.move(x, y)
        self._popup.show()
        calendar.setFocus()

    def _picked(self, day: date) -> None:
        self.set_raw(day)
        self.edit.setFocus()

    def _typed(self, text: str) -> None:
        wanted = normalize_input(text, InputKind.NUMBER)
        if wanted != text:
            cursor = len(normalize_input(text[: self.edit.cursorPosition()], InputKind.NUMBER))
            self.edit.setText(wanted)
            self.edit.setCursorPosition(cursor)
        self._show_problem()
        self.changed.emit()

    def _tidy(self) -> None:
        """A day typed another way is shown the one way once the person moves on."""
        day = self.value()
        if day is not None and self.edit.text() != day.isoformat():
            self.edit.setText(day.isoformat())

    def _show_problem(self) -> None:
        problem = self.problem()
        self.message.setText(problem or "")
        self.message.setVisible(self._shows_message and problem is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if event.key() == Qt.Key.Key_F4 or alt_down:
                self.open_calendar()
                return True
            step = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(Qt.Key(event.key()))
            if step is not None and (day := self.value()) is not None and self.problem() is None:
                self.set_raw(day + timedelta(days=step))
                return True
        return super().eventFilter(watched, event)

    def typed_value(self) -> date | None:
        """The day; None when blank and optional. Raises InvalidValue when the text names no day
        (or a required field is blank), with the words a person can act on."""
        day = typed_day(self.edit.text())
        if day is None and not self.optional:
            raise InvalidValue("date_required", "请填写日期。", "Give the day.")
        return day

    def problem(self) -> str | None:
        try:
            self.typed_value()
        except InvalidValue as wrong:
            return in_language(wrong.zh, wrong.en)
        return None

    def value(self) -> date | None:
        """The day, or None while the text names none (``problem`` then says why)."""
        try:
            return self.typed_value()
        except InvalidValue:
            return None

    def raw(self) -> str | None:
        """What is in the field, as typed: a draft gives back exactly that, a wrong day included."""
        return self.edit.text() or None

    def set_raw(self, raw: Any) -> None:
        if isinstance(raw, date):
            raw = raw.isoformat()
        if raw is None and not self.optional:
            raw = calendar_day.local_today().isoformat()
        if self.edit.text() != (raw or ""):  # as a QDateEdit did: a new day set is a change
            self.edit.setText(raw or "")
            self._show_problem()
            self.changed.emit()


class DateTimeField(FieldEditor):
    """A moment, edited in local time and given to the model in UTC."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QDateTimeEdit(QDateTime.currentDateTime())
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.edit.dateTimeChanged.connect(lambda _d: self.changed.emit())
        self._hold(self.edit)

    def value(self) -> datetime:
        local = self.edit.dateTime().toPython()
        assert isinstance(local, datetime)  # what Qt gives for a QDateTime; its stubs say object
        return local.astimezone().astimezone(UTC)

    def raw(self) -> str:
        return self.value().isoformat()

    def set_raw(self, raw: Any) -> None:
        moment = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
        local = moment.astimezone()
        self.edit.setDateTime(
            QDateTime(
                QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second)
            )
        )
