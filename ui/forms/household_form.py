"""The household form (住户): the household and the people living in it, saved together."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID, uuid4

from PySide6.QtWidgets import QPushButton, QWidget

from app.models import Ethnicity, Gender, Household, HouseholdTag, Resident
from app.services.drafts import Draft
from app.services.registry import register_household, residents_of
from app.services.session import Permission, Session
from app.store import Store
from app.validation.normalize import InputKind
from ui.forms.fields import DateField, EnumChoice, EnumMulti, IdNumberLine, TextArea, TextLine
from ui.forms.grid_choice import grid_choice
from ui.forms.members import Context, MemberEditor, Members
from ui.forms.record_form import RecordForm


class ResidentEditor(MemberEditor[Resident]):
    """One person in the household."""

    model = Resident
    parent_field = "household_id"
    rule_fields: ClassVar[dict[str, str]] = {
        "id_birth_mismatch": "id_number",
        "id_gender_mismatch": "id_number",
        "date_future": "birth_date",
    }

    def add_fields(self) -> None:
        self.setTitle(self.tr("Resident"))
        self.add("name", self.tr("Name"), TextLine(), required=True)
        self.add("gender", self.tr("Gender"), EnumChoice(Gender), required=True)
        self.add("id_number", self.tr("ID number"), IdNumberLine(masked=self.masked_ids))
        self.add("birth_date", self.tr("Birth date"), DateField(optional=True))
        self.add("ethnicity", self.tr("Ethnic group"), EnumChoice(Ethnicity, optional=True))
        self.add("phone", self.tr("Phone"), TextLine(optional=True, kind=InputKind.NUMBER))

    def remove_text(self) -> str:
        return self.tr("Remove this resident")


class HouseholdForm(RecordForm[Household]):
    kind = "household"
    changes = frozenset({"households", "residents"})

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
        self.add_field("grid", self.tr("Grid"), grid_choice(store, session, record), required=True)
        self.add_field("head_name", self.tr("Head of household"), TextLine(), required=True)
        self.add_field("address", self.tr("Address"), TextLine(), required=True)
        self.add_field("phone", self.tr("Phone"), TextLine(optional=True, kind=InputKind.NUMBER))
        self.add_field("tags", self.tr("Tags"), EnumMulti(HouseholdTag))
        self.add_field("notes", self.tr("Notes"), TextArea())
        add = QPushButton(self.tr("Add a resident"))
        add.setObjectName("add_resident")
        add.clicked.connect(lambda: self.add_resident().rows["name"].editor.setFocus())
        self.extra.addWidget(add)
        stored = residents_of(store, record) if record else []
        self.members = Members(
            lambda r: ResidentEditor(self.describe, r, masked_ids=not session.may(Permission.SEE_ID_NUMBERS)),
            self.extra,
            self.edited,
            stored,
        )
        if draft is None:
            self.members.load()
        self.finish_setup(draft)

    @property
    def residents(self) -> list[MemberEditor[Resident]]:
        return self.members.editors

    def add_resident(self, resident: Resident | None = None) -> MemberEditor[Resident]:
        return self.members.add(resident)

    @property
    def household_id(self) -> UUID:
        return self.record.id if self.record else self._new_id

    def title(self) -> str:
        name = self.rows["head_name"].editor.raw() or self.tr("new household")
        return self.tr("Household: %1").replace("%1", name)

    def payload(self) -> dict[str, Any]:
        return {**super().payload(), "household_id": str(self.household_id), "residents": self.members.raw()}

    def restore(self, payload: dict[str, Any]) -> None:
        super().restore(payload)
        if payload.get("household_id") and self.record is None:
            self._new_id = UUID(payload["household_id"])
        self.members.restore(payload.get("residents", {}))

    def build(self) -> Household:
        return Household.model_validate({**self.base_values(), "id": self.household_id, **self.values()})

    def _context(self) -> Context:
        grid = self.rows["grid"].editor.value() or ""
        author = self.record.author if self.record else self.session.username
        return self.household_id, grid, author

    def validate_parts(self) -> tuple[bool, list[str]]:
        return self.members.validate(self._context())

    def commit(self, record: Household) -> Household:
        residents = self.members.build(self._context())
        return register_household(self.store, record, residents, moved_out=self.members.removed)
