"""Field editors for the record forms.

Every editor gives the same four things: ``changed`` when the person edits it, ``value()`` in
the model's type, and ``raw()``/``set_raw()`` — what was typed, valid or not, as JSON — which is
what a draft keeps so restoring gives back exactly what was on screen.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QPointF, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

from app.models.labels import LabeledEnum
from app.services.session import mask_id_number
from app.validation.normalize import InputKind, normalize_input
from ui import calendar_day
from ui.i18n import enum_label

# Wide enough for a nine-character Chinese label, or eighteen Latin letters.
CHOICE_CHARACTERS = 18
# QDateEdit cannot be empty; its minimum date shown as blank text stands for "no date".
_NO_DATE = QDate(1900, 1, 1)


def to_qdate(day: date) -> QDate:
    """Qt converts a Python date itself; its type stubs do not say so."""
    return QDate(day.year, day.month, day.day)


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


class DateField(FieldEditor):
    """A day with a calendar; ``optional`` allows no day at all (shown blank). A blank field's
    calendar opens on today, not on the month that stands for "no day"."""

    def __init__(self, *, optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        if optional:
            self.edit.setMinimumDate(_NO_DATE)
            self.edit.setSpecialValueText(" ")
            self.edit.setDate(_NO_DATE)
        else:
            self.edit.setDate(to_qdate(calendar_day.local_today()))
        self.edit.installEventFilter(self)
        self.edit.setToolTip(self.tr("F4 or Alt+Down opens the calendar"))
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self._hold(self.edit)

    def open_calendar(self) -> None:
        """Qt opens the calendar only for a press on the arrow: the keyboard gets the same press."""
        option = QStyleOptionComboBox()
        option.initFrom(self.edit)
        option.editable = True
        option.subControls = QStyle.SubControl.SC_All
        arrow = self.edit.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow, self.edit
        )
        at = QPointF(arrow.center())
        press = QMouseEvent(
            QEvent.Type.MouseButtonPress,
            at,
            self.edit.mapToGlobal(at),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(self.edit, press)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.MouseButtonPress:
            # Asking for the calendar makes it; made only when it is about to open (a list's
            # date filters would otherwise build two calendars before anyone looks).
            self.edit.calendarWidget().installEventFilter(self)
        if watched is self.edit and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if event.key() == Qt.Key.Key_F4 or alt_down:
                self.open_calendar()
                return True
        if event.type() == QEvent.Type.Show and self.value() is None:
            calendar = self.edit.calendarWidget()
            # Only where the calendar points: the field stays blank until a day is picked.
            calendar.blockSignals(True)
            calendar.setSelectedDate(to_qdate(calendar_day.local_today()))
            calendar.blockSignals(False)
        return super().eventFilter(watched, event)

    def value(self) -> date | None:
        picked = self.edit.date()
        return None if self.optional and picked == _NO_DATE else from_qdate(picked)

    def raw(self) -> str | None:
        picked = self.value()
        return picked.isoformat() if picked else None

    def set_raw(self, raw: Any) -> None:
        if isinstance(raw, str):
            raw = date.fromisoformat(raw)
        day = raw or (None if self.optional else calendar_day.local_today())
        self.edit.setDate(_NO_DATE if day is None else to_qdate(day))


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
