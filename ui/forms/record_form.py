"""What every record form shares: fields with their error beside them, validation as you type,
Save only when valid, Enter moves on, Ctrl+S saves, Esc asks before throwing work away, and a
draft written within a second of the last change.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any, ClassVar, Generic, TypeVar, cast

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidValue, TongxinError
from app.models import Record
from app.services.drafts import Draft, discard_draft, save_draft
from app.services.edits import EditedMeanwhile, over_stored
from app.services.session import Session
from app.store import Store
from ui import palette
from ui.changes import announce
from ui.forms.fields import DateField, FieldEditor
from ui.i18n import in_language, join_list

log = logging.getLogger(__name__)
DRAFT_DELAY_MS = 800
R = TypeVar("R", bound=Record)
# An editor handed to a form comes back as its own kind (a picker stays a picker).
E = TypeVar("E", bound=FieldEditor)


class FieldRow:
    """One field on screen: its editor, the label before it, the error beside it."""

    def __init__(self, name: str, label: str, editor: FieldEditor, *, required: bool) -> None:
        self.name = name
        self.editor = editor
        self.label = QLabel(label + (" *" if required else ""))
        self.label.setBuddy(editor)
        self.error = QLabel()
        self.error.setObjectName(f"error_{name}")
        self.error.setStyleSheet(palette.ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setMinimumWidth(220)
        self.touched = False
        if isinstance(editor, DateField):
            editor.problems_shown_by_row()

    def typing_problem(self) -> str | None:
        """Text the editor cannot read (a day that does not exist): the record built from the
        fields would leave it out unseen, so it is shown and the record is not saved."""
        return self.editor.problem() if isinstance(self.editor, DateField) else None

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")


def stand_on_stored(rows: dict[str, FieldRow], opened: dict[str, Any], clash: EditedMeanwhile) -> list[str]:
    """After a clash: the fields the person left alone show what is stored now and count as opened
    on it; their typing stays in the fields both changed, whose labels are returned."""
    for name, row in rows.items():
        if name in type(clash.merged).model_fields and name not in clash.fields:
            row.editor.set_value(getattr(clash.merged, name))
            opened[name] = row.editor.raw()
    return [rows[n].label.text().rstrip(" *") if n in rows else n for n in clash.fields]


class RecordForm(QWidget, Generic[R]):
    """Base of the forms; a subclass adds its fields in ``__init__`` and says how to ``build`` and
    ``commit`` its record. The form is a window of its own so several can be open at once."""

    saved = Signal(object)
    kind: ClassVar[str]
    # The kinds of record a save writes, announced so every screen showing them redraws.
    changes: ClassVar[frozenset[str]]
    # Model-level errors (a rule across fields) shown beside the field a person would fix.
    error_fields: ClassVar[dict[str, str]] = {}

    def __init__(
        self,
        store: Store,
        session: Session,
        record: R | None = None,
        *,
        draft: Draft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store
        self.session = session
        self.record = record
        self.draft_id = draft.id if draft else uuid.uuid4().hex
        self.rows: dict[str, FieldRow] = {}
        # Each field as the form showed it when opened on a stored record: what the person left alone.
        self._opened: dict[str, Any] = {}
        self.dirty = False
        self._keep_draft = False
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._grid = QGridLayout()
        self._grid.setColumnStretch(1, 1)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(self._grid)
        self.extra = QVBoxLayout()
        body_layout.addLayout(self.extra)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.problem = QLabel()
        self.problem.setObjectName("form_problem")
        self.problem.setStyleSheet(palette.ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.setObjectName("save")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Close"))
        cancel.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problem, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)
        outer.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.write_draft)
        self.resize(760, 620)

    def add_field(self, name: str, label: str, editor: E, *, required: bool = False) -> E:
        row = FieldRow(name, label, editor, required=required)
        line = self._grid.rowCount()
        self._grid.addWidget(row.label, line, 0, Qt.AlignmentFlag.AlignTop)
        self._grid.addWidget(editor, line, 1)
        self._grid.addWidget(row.error, line, 2, Qt.AlignmentFlag.AlignTop)
        self.rows[name] = row
        editor.changed.connect(lambda: self._edited(row))
        return editor

    def finish_setup(self, draft: Draft | None) -> None:
        """Called by a subclass at the end of ``__init__``: fills in the record or the draft."""
        if draft is not None:
            self.restore(draft.payload)
        elif self.record is not None:
            self.load(self.record)
            self._opened = {name: row.editor.raw() for name, row in self.rows.items()}
        self.dirty = draft is not None
        self.validate()
        first = next(iter(self.rows.values()), None)
        if first:
            first.editor.setFocus()

    def _edited(self, row: FieldRow | None) -> None:
        if row is not None:
            row.touched = True
        self.dirty = True
        self.validate()
        self._draft_timer.start()

    def edited(self) -> None:
        """For subclass widgets outside the field rows (resident rows) to report a change."""
        self._edited(None)

    def title(self) -> str:
        raise NotImplementedError

    def load(self, record: R) -> None:
        for name, row in self.rows.items():
            row.editor.set_value(getattr(record, name))

    def build(self) -> R:
        """The record the fields describe; raises ValidationError or InvalidValue."""
        raise NotImplementedError

    def commit(self, record: R) -> R:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        return {name: row.editor.value() for name, row in self.rows.items()}

    def untouched(self) -> set[str]:
        """The fields still as the form showed them when it opened on the stored record."""
        return {
            n for n, row in self.rows.items() if n in self._opened and row.editor.raw() == self._opened[n]
        }

    def payload(self) -> dict[str, Any]:
        fields = {name: row.editor.raw() for name, row in self.rows.items()}
        return {"fields": fields, "opened": self._opened}

    def restore(self, payload: dict[str, Any]) -> None:
        """A draft's fields; those it left as they were opened take the stored record's values,
        which a sync may have changed while the app was closed."""
        self._opened = dict(payload.get("opened", {}))
        for name, raw in payload.get("fields", {}).items():
            if name in self.rows:
                self.rows[name].editor.set_raw(raw)
                self.rows[name].touched = not self.rows[name].editor.is_blank()
        if self.record is not None:
            for name in self.untouched() & set(type(self.record).model_fields):
                self.rows[name].editor.set_value(getattr(self.record, name))
                self._opened[name] = self.rows[name].editor.raw()

    def base_values(self) -> dict[str, Any]:
        """What a new record takes from the session and an edited one keeps."""
        if self.record is not None:
            return self.record.model_dump(exclude=set(self.rows))
        return {"author": self.session.username}

    def message(self, error: InvalidValue) -> str:
        return in_language(error.zh, error.en)

    def describe(self, item: ErrorDetails) -> str:
        """A pydantic error in the words of the UI language."""
        cause = item.get("ctx", {}).get("error")
        if isinstance(cause, TongxinError):
            return in_language(cause.zh, cause.en)
        kind = item["type"]
        if kind in ("missing", "string_too_short", "too_short", "uuid_type", "none_required"):
            return self.tr("Required.")
        if kind in ("string_too_long", "too_long"):
            limit = str(item.get("ctx", {}).get("max_length", ""))
            return self.tr("Too long: at most %1 characters.").replace("%1", limit)
        return self.tr("Not a valid value.")

    def field_errors(self) -> tuple[dict[str, str], str]:
        """Errors by field, plus one for the form as a whole, from the model's own validators."""
        try:
            self.check(self.build())
        except ValidationError as exc:
            by_field: dict[str, str] = {}
            general = ""
            for item in exc.errors():
                cause = item.get("ctx", {}).get("error")
                name = str(item["loc"][0]) if item["loc"] else ""
                if not name and isinstance(cause, TongxinError):
                    name = self.error_fields.get(cause.code, "")
                if name in self.rows:
                    by_field.setdefault(name, self.describe(item))
                else:
                    general = general or self.describe(item)
            return by_field, general
        except InvalidValue as exc:
            name = self.error_fields.get(exc.code, "")
            return ({name: self.message(exc)}, "") if name in self.rows else ({}, self.message(exc))
        return {}, ""

    def validate_parts(self) -> tuple[bool, list[str]]:
        """Validate and show errors for parts of the form outside the field rows: whether they
        are valid, and the labels of untouched fields still missing."""
        return True, []

    def check(self, record: R) -> None:
        """Rules that depend on now or on other records (a visit cannot be in the future)."""

    def validate(self) -> bool:
        errors, general = self.field_errors()
        errors |= {name: problem for name, row in self.rows.items() if (problem := row.typing_problem())}
        parts_valid, hidden = self.validate_parts()
        for name, row in self.rows.items():
            message = errors.get(name) and (row.editor.unfinished() or errors[name])
            row.show_error(message if row.touched else None)
            if message and not row.touched:
                hidden.append(row.label.text().rstrip(" *"))
        if hidden and not general:
            general = self.tr("Still to fill in: %1").replace("%1", join_list(hidden))
        self.problem.setText(general)
        valid = parts_valid and not errors and not general
        self.save_button.setEnabled(valid)
        return valid

    def save(self) -> None:
        if not self.validate():
            return
        try:
            built = self.build()
            saved = self.commit(
                built
                if self.record is None
                else over_stored(self.store, self.record, built, self.untouched())
            )
        except EditedMeanwhile as exc:
            self.show_meanwhile(exc)
            return
        except TongxinError as exc:
            self.problem.setText(in_language(exc.zh, exc.en))
            return
        discard_draft(self.store, self.draft_id)
        self.dirty = False
        self.record = saved
        announce(self.changes)
        self.saved.emit(saved)
        self.close()

    def show_meanwhile(self, clash: EditedMeanwhile) -> None:
        """A sync changed fields this form also changed: the form now stands on the stored record,
        shows what arrived in the fields the person left alone, keeps their typing in the others and
        says which; saving again keeps theirs, knowingly."""
        self.record = cast(R, clash.stored)
        named = stand_on_stored(self.rows, self._opened, clash)
        self.problem.setText(
            self.tr(
                "While this form was open, a sync changed %1 too. The form still shows what you typed; "
                "check it, then save again to keep yours."
            ).replace("%1", join_list(named))
        )

    def write_draft(self) -> None:
        if not self.dirty:
            return
        record_id = str(self.record.id) if self.record else None
        save_draft(
            self.store,
            self.draft_id,
            kind=self.kind,
            record_id=record_id,
            title=self.title(),
            payload=self.payload(),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.focusNextChild()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def close_keeping_draft(self) -> None:
        """The app is closing: keep what was typed as a draft, offered again on the next start."""
        self._draft_timer.stop()
        self.write_draft()
        self.dirty = False
        self._keep_draft = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dirty and not self.confirm_discard():
            event.ignore()
            return
        self._draft_timer.stop()
        if not self._keep_draft:
            discard_draft(self.store, self.draft_id)
        super().closeEvent(event)

    def confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Discard changes?"),
            self.tr("What you typed in this form has not been saved. Discard it?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard
