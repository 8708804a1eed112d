"""The household form (住户): the household and the people living in it, saved together."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QPushButton, QWidget

from app.errors import InvalidValue, TongxinError
from app.models import Ethnicity, Gender, Household, HouseholdTag, Resident
from app.services.drafts import Draft
from app.services.registry import register_household, residents_of
from app.services.session import Session
from app.store import Store
from ui.forms.fields import DateField, EnumChoice, EnumMulti, FieldEditor, TextArea, TextLine
from ui.forms.grid_choice import grid_choice
from ui.forms.record_form import FieldRow, RecordForm
from ui.i18n import in_language

RESIDENT_RULE_FIELDS = {
    "id_birth_mismatch": "id_number",
    "id_gender_mismatch": "id_number",
    "date_future": "birth_date",
}


class ResidentEditor(QGroupBox):
    """One person in the household: their own fields, errors and a button to take them off."""

    changed = Signal()
    removed = Signal(object)

    def __init__(self, form: HouseholdForm, resident: Resident | None = None) -> None:
        super().__init__()
        self.setTitle(self.tr("Resident"))
        self.form = form
        self.resident = resident
        self.resident_id = resident.id if resident else uuid4()
        self.rows: dict[str, FieldRow] = {}
        self._grid = QGridLayout(self)
        self._add("name", self.tr("Name"), TextLine(), required=True)
        self._add("gender", self.tr("Gender"), EnumChoice(Gender), required=True)
        self._add("id_number", self.tr("ID number"), TextLine(optional=True))
        self._add("birth_date", self.tr("Birth date"), DateField(optional=True))
        self._add("ethnicity", self.tr("Ethnic group"), EnumChoice(Ethnicity, optional=True))
        self._add("phone", self.tr("Phone"), TextLine(optional=True))
        remove = QPushButton(self.tr("Remove this resident"))
        remove.clicked.connect(lambda: self.removed.emit(self))
        self._grid.addWidget(remove, self._grid.rowCount(), 1)
        if resident is not None:
            for name, row in self.rows.items():
                row.editor.set_value(getattr(resident, name))

    def _add(self, name: str, label: str, editor: FieldEditor, *, required: bool = False) -> None:
        row = FieldRow(name, label, editor, required=required)
        line = self._grid.rowCount()
        self._grid.addWidget(row.label, line, 0)
        self._grid.addWidget(editor, line, 1)
        self._grid.addWidget(row.error, line, 2)
        self.rows[name] = row
        editor.changed.connect(lambda: self._edited(row))

    def _edited(self, row: FieldRow) -> None:
        row.touched = True
        self.changed.emit()

    def build(self, household_id: UUID, grid: str, author: str) -> Resident:
        base = self.resident.model_dump(exclude=set(self.rows)) if self.resident else {"author": author}
        values = {name: row.editor.value() for name, row in self.rows.items()}
        return Resident.model_validate(
            {**base, "id": self.resident_id, "household_id": household_id, "grid": grid, **values}
        )

    def errors(self, household_id: UUID, grid: str, author: str) -> dict[str, str]:
        try:
            self.build(household_id, grid, author)
        except ValidationError as exc:
            found: dict[str, str] = {}
            for item in exc.errors():
                cause = item.get("ctx", {}).get("error")
                name = str(item["loc"][0]) if item["loc"] else ""
                if not name and isinstance(cause, TongxinError):
                    name = RESIDENT_RULE_FIELDS.get(cause.code, "name")
                found.setdefault(name if name in self.rows else "name", self.form.describe(item))
            return found
        except InvalidValue as exc:
            return {RESIDENT_RULE_FIELDS.get(exc.code, "name"): in_language(exc.zh, exc.en)}
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
            "id": str(self.resident_id),
            "fields": {name: row.editor.raw() for name, row in self.rows.items()},
        }

    def restore(self, raw: dict[str, Any]) -> None:
        self.resident_id = UUID(raw["id"])
        for name, value in raw.get("fields", {}).items():
            if name in self.rows:
                self.rows[name].editor.set_raw(value)
                self.rows[name].touched = not self.rows[name].editor.is_blank()


class HouseholdForm(RecordForm):
    kind = "household"

    def __init__(
        self,
        store: Store,
        session: Session,
        record: Household | None = None,
        *,
        draft: Draft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, session, record, draft=draft, parent=parent)
        self.setWindowTitle(self.tr("Household"))
        self._new_id = uuid4()
        self.residents: list[ResidentEditor] = []
        self.moved_out: list[Resident] = []
        self.add_field("grid", self.tr("Grid"), grid_choice(store, session, record), required=True)
        self.add_field("head_name", self.tr("Head of household"), TextLine(), required=True)
        self.add_field("address", self.tr("Address"), TextLine(), required=True)
        self.add_field("phone", self.tr("Phone"), TextLine(optional=True))
        self.add_field("tags", self.tr("Tags"), EnumMulti(HouseholdTag))
        self.add_field("notes", self.tr("Notes"), TextArea())
        add = QPushButton(self.tr("Add a resident"))
        add.setObjectName("add_resident")
        add.clicked.connect(lambda: self.add_resident().rows["name"].editor.setFocus())
        self.extra.addWidget(add)
        if record is not None and draft is None:
            for resident in residents_of(store, record):
                self.add_resident(resident)
        self.finish_setup(draft)

    @property
    def household_id(self) -> UUID:
        return self.record.id if self.record else self._new_id

    def add_resident(self, resident: Resident | None = None) -> ResidentEditor:
        editor = ResidentEditor(self, resident)
        editor.changed.connect(self.edited)
        editor.removed.connect(self._remove_resident)
        self.residents.append(editor)
        self.extra.insertWidget(self.extra.count() - 1, editor)
        editor.show()
        if resident is None:
            self.edited()
        return editor

    def _remove_resident(self, editor: ResidentEditor) -> None:
        self.residents.remove(editor)
        if editor.resident is not None:
            self.moved_out.append(editor.resident)
        editor.deleteLater()
        self.edited()

    def title(self) -> str:
        name = self.rows["head_name"].editor.raw() or self.tr("new household")
        return self.tr("Household: %1").replace("%1", name)

    def payload(self) -> dict[str, Any]:
        return {
            **super().payload(),
            "household_id": str(self.household_id),
            "residents": [editor.raw() for editor in self.residents],
            "moved_out": [str(r.id) for r in self.moved_out],
        }

    def restore(self, payload: dict[str, Any]) -> None:
        super().restore(payload)
        self._new_id = UUID(payload["household_id"]) if payload.get("household_id") else self._new_id
        for raw in payload.get("residents", []):
            existing = [r for r in self._stored_residents() if str(r.id) == raw["id"]]
            self.add_resident(existing[0] if existing else None).restore(raw)
        gone = set(payload.get("moved_out", []))
        self.moved_out = [r for r in self._stored_residents() if str(r.id) in gone]

    def _stored_residents(self) -> list[Resident]:
        return residents_of(self.store, self.record) if self.record else []

    def build(self) -> Household:
        values = self.values()
        base = self.base_values()
        return Household.model_validate({**base, "id": self.household_id, **values})

    def _resident_context(self) -> tuple[UUID, str, str]:
        grid = self.rows["grid"].editor.value() or ""
        author = self.record.author if self.record else self.session.username
        return self.household_id, grid, author

    def validate_parts(self) -> tuple[bool, list[str]]:
        context = self._resident_context()
        valid, hidden = True, []
        for editor in self.residents:
            errors = editor.errors(*context)
            hidden += editor.show_errors(errors)
            valid = valid and not errors
        return valid, hidden

    def commit(self, record: Household) -> Household:  # type: ignore[override]
        residents = [editor.build(*self._resident_context()) for editor in self.residents]
        return register_household(self.store, record, residents, moved_out=self.moved_out)
