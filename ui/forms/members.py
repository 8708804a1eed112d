"""Records typed inside another record's form — a household's residents, a dispute's parties.

``MemberEditor`` is one such record (its own fields, errors beside them, a remove button);
``Members`` is the list of them a form holds: added, removed, validated, kept in the draft and
built for saving with the parent record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar, cast
from uuid import UUID, uuid4

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QPushButton, QVBoxLayout

from app.errors import InvalidValue, RecordNotFound, TongxinError
from app.models import Record
from app.services.edits import EditedMeanwhile, over_stored
from app.store import Store
from ui.forms.record_form import E, FieldRow, stand_on_stored
from ui.i18n import in_language, join_list

# (parent id, grid, author): what every member takes from the record it belongs to.
Context = tuple[UUID, str, str]
M = TypeVar("M", bound=Record)


class MemberEditor(QGroupBox, Generic[M]):
    changed = Signal()
    removed = Signal(object)
    model: type[M]
    parent_field: ClassVar[str]
    # Model-level rule codes, shown beside the field a person would fix.
    rule_fields: ClassVar[dict[str, str]] = {}
    # Fields shown with the member but kept in records of their own (a resident's care groups).
    beside_model: ClassVar[frozenset[str]] = frozenset()

    def __init__(
        self,
        describe: Callable[[ErrorDetails], str],
        record: M | None = None,
        *,
        masked_ids: bool = False,
    ) -> None:
        super().__init__()
        self._describe = describe
        self.masked_ids = masked_ids
        self.record = record
        self.record_id = record.id if record else uuid4()
        self.rows: dict[str, FieldRow] = {}
        self._grid = QGridLayout(self)
        self.add_fields()
        remove = QPushButton(self.remove_text())
        remove.clicked.connect(lambda: self.removed.emit(self))
        self._grid.addWidget(remove, self._grid.rowCount(), 1)
        if record is not None:
            for name, row in self.rows.items():
                if name not in self.beside_model:
                    row.editor.set_value(getattr(record, name))
        # Each field as shown when opened on a stored member: what the person left alone.
        self.opened = {name: row.editor.raw() for name, row in self.rows.items()} if record else {}

    def add_fields(self) -> None:
        raise NotImplementedError

    def remove_text(self) -> str:
        raise NotImplementedError

    def add(self, name: str, label: str, editor: E, *, required: bool = False) -> E:
        row = FieldRow(name, label, editor, required=required)
        line = self._grid.rowCount()
        self._grid.addWidget(row.label, line, 0)
        self._grid.addWidget(editor, line, 1)
        self._grid.addWidget(row.error, line, 2)
        self.rows[name] = row
        editor.changed.connect(lambda: self._edited(row))
        return editor

    def _edited(self, row: FieldRow) -> None:
        row.touched = True
        self.changed.emit()

    def build(self, context: Context) -> M:
        parent_id, grid, author = context
        base = self.record.model_dump(exclude=set(self.rows)) if self.record else {"author": author}
        values = {
            name: row.editor.value() for name, row in self.rows.items() if name not in self.beside_model
        }
        return self.model.model_validate(
            {**base, "id": self.record_id, self.parent_field: parent_id, "grid": grid, **values}
        )

    def untouched(self) -> set[str]:
        return {n for n, row in self.rows.items() if n in self.opened and row.editor.raw() == self.opened[n]}

    def build_over(self, store: Store, context: Context) -> M:
        """The member to save: its edit laid over what is stored now (app/services/edits.py), so a
        sync's change to a resident or a party the person left alone is not written back. Where both
        changed one field, the member now stands on the stored one and the person is told which."""
        built = self.build(context)
        if self.record is None:
            return built
        try:
            return over_stored(store, self.record, built, self.untouched())
        except RecordNotFound:
            return built
        except EditedMeanwhile as clash:
            self.record = cast(M, clash.stored)
            named = stand_on_stored(self.rows, self.opened, clash)
            said = (
                self.tr(
                    "While this form was open, a sync changed %1 of %2 too. The form still shows what "
                    "you typed; check it, then save again to keep yours."
                )
                .replace("%1", join_list(named))
                .replace("%2", self.title())
            )
            raise TongxinError("member_edited_meanwhile", said, said) from clash

    def errors(self, context: Context) -> dict[str, str]:
        typed = {name: problem for name, row in self.rows.items() if (problem := row.typing_problem())}
        return self._model_errors(context) | typed

    def _model_errors(self, context: Context) -> dict[str, str]:
        first = next(iter(self.rows))
        try:
            self.build(context)
        except ValidationError as exc:
            found: dict[str, str] = {}
            for item in exc.errors():
                cause = item.get("ctx", {}).get("error")
                name = str(item["loc"][0]) if item["loc"] else ""
                if not name and isinstance(cause, TongxinError):
                    name = self.rule_fields.get(cause.code, first)
                found.setdefault(name if name in self.rows else first, self._describe(item))
            return found
        except InvalidValue as exc:
            return {self.rule_fields.get(exc.code, first): in_language(exc.zh, exc.en)}
        return {}

    def show_errors(self, errors: dict[str, str]) -> list[str]:
        """Show the errors of touched fields; returns the labels of untouched fields still wrong."""
        hidden = []
        for name, row in self.rows.items():
            row.show_error(errors.get(name) if row.touched else None)
            if name in errors and not row.touched:
                hidden.append(row.label.text().rstrip(" *"))
        return hidden

    def raw(self) -> dict[str, Any]:
        return {
            "id": str(self.record_id),
            "fields": {name: row.editor.raw() for name, row in self.rows.items()},
        }

    def restore(self, raw: dict[str, Any]) -> None:
        self.record_id = UUID(raw["id"])
        for name, value in raw.get("fields", {}).items():
            if name in self.rows:
                self.rows[name].editor.set_raw(value)
                self.rows[name].touched = not self.rows[name].editor.is_blank()


class Members(Generic[M]):
    """The member editors of one form, laid out in ``layout`` before its last item (the add button)."""

    def __init__(
        self,
        editor: Callable[[M | None], MemberEditor[M]],
        layout: QVBoxLayout,
        changed: Callable[[], None],
        stored: list[M],
    ) -> None:
        self._editor = editor
        self._layout = layout
        self._changed = changed
        self.stored = stored
        self.editors: list[MemberEditor[M]] = []
        self.removed: list[M] = []

    def add(self, record: M | None = None) -> MemberEditor[M]:
        editor = self._editor(record)
        editor.changed.connect(self._changed)
        editor.removed.connect(self.remove)
        self.editors.append(editor)
        self._layout.insertWidget(self._layout.count() - 1, editor)
        editor.show()
        if record is None:
            self._changed()
        return editor

    def remove(self, editor: MemberEditor[M]) -> None:
        self.editors.remove(editor)
        if editor.record is not None:
            self.removed.append(editor.record)
        editor.deleteLater()
        self._changed()

    def load(self) -> None:
        for record in self.stored:
            self.add(record)

    def raw(self) -> dict[str, Any]:
        return {"members": [e.raw() for e in self.editors], "removed": [str(r.id) for r in self.removed]}

    def restore(self, raw: dict[str, Any]) -> None:
        by_id = {str(r.id): r for r in self.stored}
        for member in raw.get("members", []):
            self.add(by_id.get(member["id"])).restore(member)
        self.removed = [by_id[i] for i in raw.get("removed", []) if i in by_id]

    def validate(self, context: Context) -> tuple[bool, list[str]]:
        valid, hidden = True, []
        for editor in self.editors:
            errors = editor.errors(context)
            hidden += editor.show_errors(errors)
            valid = valid and not errors
        return valid, hidden

    def build(self, store: Store, context: Context) -> list[M]:
        return [editor.build_over(store, context) for editor in self.editors]
