"""The household form (住户): the household and the people living in it, saved together.

What a household's tags once said (独居老人, 流动人口…) is said of its residents now: where each
lives, their care groups, whether they are still on the register. Old tags stay on the record,
untouched by this form."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar
from uuid import UUID, uuid4

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from app.models import (
    CareGroup,
    Ethnicity,
    Gender,
    Household,
    LifeEvent,
    LifeEventKind,
    Presence,
    Residence,
    Resident,
)
from app.services import care
from app.services.drafts import Draft
from app.services.registry import register_household, residents_of
from app.services.session import Permission, Session
from app.store import Store
from app.validation.normalize import InputKind
from ui import calendar_day
from ui.forms.fields import DateField, EnumChoice, EnumMulti, IdNumberLine, TextArea, TextLine
from ui.forms.grid_choice import grid_choice
from ui.forms.members import Context, MemberEditor, Members
from ui.forms.record_form import RecordForm
from ui.i18n import enum_label


class ResidentEditor(MemberEditor[Resident]):
    """One person in the household."""

    model = Resident
    parent_field = "household_id"
    beside_model = frozenset({"care_groups", "left_on", "moved_to"})
    rule_fields: ClassVar[dict[str, str]] = {
        "id_birth_mismatch": "id_number",
        "id_gender_mismatch": "id_number",
        "date_future": "birth_date",
        "floating_native_place": "native_place",
        "departed_before_arrival": "arrived_on",
    }

    def add_fields(self) -> None:
        self.setTitle(self.tr("Resident"))
        self.add("name", self.tr("Name"), TextLine(), required=True)
        self.add("gender", self.tr("Gender"), EnumChoice(Gender), required=True)
        self.add("id_number", self.tr("ID number"), IdNumberLine(masked=self.masked_ids))
        self.add("birth_date", self.tr("Birth date"), DateField(optional=True))
        self.add("ethnicity", self.tr("Ethnic group"), EnumChoice(Ethnicity, optional=True))
        self.add("phone", self.tr("Phone"), TextLine(optional=True, kind=InputKind.NUMBER))
        self.add("residence", self.tr("Lives"), EnumChoice(Residence), required=True)
        self.add("native_place", self.tr("Place of household registration"), TextLine())
        self.add("arrived_on", self.tr("Arrived on"), DateField(optional=True))
        self.add("arrival_reason", self.tr("Why they came"), TextLine())
        self.add("permit_number", self.tr("Residence permit no."), TextLine(kind=InputKind.NUMBER))
        self.add("permit_expires", self.tr("Permit expires"), DateField(optional=True))
        self.add("care_groups", self.tr("Care groups"), EnumMulti(CareGroup, rows=3))
        self.add("presence", self.tr("On the register"), EnumChoice(Presence), required=True)
        self.add("left_on", self.tr("Moved out or died on"), DateField(optional=True))
        self.add("moved_to", self.tr("Moved to"), TextLine())

    def care_groups(self) -> list[CareGroup]:
        return self.rows["care_groups"].editor.value()

    def departure(self, today: date) -> LifeEvent | None:
        """Leaving the register is a life event (迁出 or death), not a deletion: the one this
        editor describes, if the resident was on the register when the form opened."""
        presence = self.rows["presence"].editor.value()
        if self.record is None or presence is Presence.PRESENT or self.record.presence is presence:
            return None
        return LifeEvent(
            grid=self.record.grid,
            author=self.record.author,
            household_id=self.record.household_id,
            resident_id=self.record.id,
            kind=LifeEventKind.MOVED_OUT if presence is Presence.MOVED_OUT else LifeEventKind.DEATH,
            happened_on=self.rows["left_on"].editor.value() or today,
            place=self.rows["moved_to"].editor.value() or "",
        )

    def remove_text(self) -> str:
        return self.tr("Remove this resident")


class HouseholdForm(RecordForm[Household]):
    kind = "household"
    changes = frozenset({"households", "residents", "care_memberships", "life_events"})

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
        self.add_field("notes", self.tr("Notes"), TextArea())
        self.to_check = QLabel()
        self.to_check.setObjectName("care_to_check")
        self.to_check.setWordWrap(True)
        self.to_check.setStyleSheet("color: #8a5a00;")
        checks = care.checks_of_household(store, record.id) if record else []
        if checks:
            people = {str(r.id): r.name for r in residents_of(store, record)} if record else {}
            listed = "、".join(
                f"{enum_label(m.care_group)} · {people.get(str(m.resident_id), self.tr('the household'))}"
                for m in checks
            )
            self.to_check.setText(
                self.tr(
                    "From the old household tags, to check: %1. Tick each group on its resident and save."
                ).replace("%1", listed)
            )
        self.to_check.setVisible(bool(checks))
        self.extra.addWidget(self.to_check)
        add = QPushButton(self.tr("Add a resident"))
        add.setObjectName("add_resident")
        add.clicked.connect(lambda: self.add_resident().rows["name"].editor.setFocus())
        self.extra.addWidget(add)
        stored = residents_of(store, record) if record else []
        self.members = Members(
            lambda r: self._resident_editor(r, masked_ids=not session.may(Permission.SEE_ID_NUMBERS)),
            self.extra,
            self.edited,
            stored,
        )
        if draft is None:
            self.members.load()
        self.finish_setup(draft)

    def _resident_editor(self, resident: Resident | None, *, masked_ids: bool) -> ResidentEditor:
        editor = ResidentEditor(self.describe, resident, masked_ids=masked_ids)
        if resident is not None:
            groups = care.current_groups(self.store, resident.id, today=calendar_day.local_today())
            editor.rows["care_groups"].editor.set_value(groups)
        return editor

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
        today = calendar_day.local_today()
        with self.store.transaction():
            saved = register_household(self.store, record, residents, moved_out=self.members.removed)
            for editor, resident in zip(self.members.editors, residents, strict=True):
                assert isinstance(editor, ResidentEditor)
                care.set_groups(
                    self.store, resident, editor.care_groups(), today=today, by=self.session.username
                )
                event = editor.departure(today)
                if event is not None:
                    care.record_life_event(
                        self.store, event.model_copy(update={"author": self.session.username}), today=today
                    )
            care.settle_household_checks(self.store, saved.id)
        return saved
