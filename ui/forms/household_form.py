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
    beside_model = frozenset({"care_groups", "joined_by", "joined_on", "moved_from", "left_on", "moved_to"})
    # How they came into the household (迁入 or 出生), where the household already records it.
    joined: LifeEvent | None = None
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
        self.add(
            "joined_by",
            self.tr("Joined the household by"),
            EnumChoice(LifeEventKind, optional=True, only=(LifeEventKind.MOVED_IN, LifeEventKind.BIRTH)),
        )
        self.add("joined_on", self.tr("Moved in or born on"), DateField(optional=True))
        self.add("moved_from", self.tr("Moved in from"), TextLine())
        self.add("presence", self.tr("On the register"), EnumChoice(Presence), required=True)
        self.add("left_on", self.tr("Moved out or died on"), DateField(optional=True))
        self.add("moved_to", self.tr("Moved to"), TextLine())

    def care_groups(self) -> list[CareGroup]:
        return self.rows["care_groups"].editor.value()

    def show_joined(self, event: LifeEvent) -> None:
        """The household's record of how this resident came, shown to be read or corrected."""
        self.joined = event
        self.rows["joined_by"].editor.set_value(event.kind)
        self.rows["joined_on"].editor.set_value(event.happened_on)
        self.rows["moved_from"].editor.set_value(event.place)

    def _joined_on(self) -> date | None:
        """The day they moved in or were born: a birth's day is the birth date when not given."""
        day: date | None = self.rows["joined_on"].editor.value()
        if day is None and self.rows["joined_by"].editor.value() is LifeEventKind.BIRTH:
            day = self.rows["birth_date"].editor.value()
        return day

    def errors(self, context: Context) -> dict[str, str]:
        found = super().errors(context)
        kind = self.rows["joined_by"].editor.value()
        day = self._joined_on()
        born = self.rows["birth_date"].editor.value()
        if kind is None:
            return found
        if day is not None and day > calendar_day.local_today():
            found.setdefault("joined_on", self.tr("The date cannot be later than today."))
        elif kind is LifeEventKind.BIRTH and day is None:
            found.setdefault("joined_on", self.tr("Give the date of birth."))
        elif kind is LifeEventKind.BIRTH and born is not None and day != born:
            found.setdefault(
                "joined_on",
                self.tr("A birth is on the birth date above (%1).").replace("%1", born.isoformat()),
            )
        return found

    def joining(self, today: date) -> dict[str, Any] | None:
        """How they came into the household as the form now says (kind, day, where from), or None
        where it says nothing. A day left empty is today, as for a departure."""
        kind = self.rows["joined_by"].editor.value()
        if kind is None:
            return None
        place = self.rows["moved_from"].editor.value() if kind is LifeEventKind.MOVED_IN else ""
        return {"kind": kind, "happened_on": self._joined_on() or today, "place": place or ""}

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
        # The latest 迁入 or 出生 of each resident: what the form shows as how they came.
        events = care.life_events_of(store, record.id) if record else []
        self._joined = {
            str(event.resident_id): event
            for event in sorted(events, key=lambda e: (e.happened_on, e.created_at))
            if event.kind in (LifeEventKind.MOVED_IN, LifeEventKind.BIRTH)
        }
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
            joined = self._joined.get(str(resident.id))
            if joined is not None:
                editor.show_joined(joined)
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
        residents = self.members.build(self.store, self._context())
        today = calendar_day.local_today()
        with self.store.transaction():
            saved = register_household(self.store, record, residents, moved_out=self.members.removed)
            for editor, resident in zip(self.members.editors, residents, strict=True):
                assert isinstance(editor, ResidentEditor)
                care.set_groups(
                    self.store, resident, editor.care_groups(), today=today, by=self.session.username
                )
                self._record_joining(editor, resident, saved.id, today)
                event = editor.departure(today)
                if event is not None:
                    care.record_life_event(
                        self.store, event.model_copy(update={"author": self.session.username}), today=today
                    )
            care.settle_household_checks(self.store, saved.id)
        return saved

    def _record_joining(
        self, editor: ResidentEditor, resident: Resident, household_id: UUID, today: date
    ) -> None:
        """迁入 or 出生 as the form says: a new one recorded (by it the resident is on the register,
        unless the form says they have left since), a corrected one saved, a withdrawn one deleted."""
        wanted, before = editor.joining(today), editor.joined
        if before is not None:
            if wanted is None:
                self.store.delete(LifeEvent, before.id)
            elif any(getattr(before, name) != value for name, value in wanted.items()):
                self.store.save(before.model_copy(update=wanted))
            return
        if wanted is None:
            return
        event = LifeEvent(
            grid=resident.grid,
            author=self.session.username,
            household_id=household_id,
            resident_id=resident.id,
            **wanted,
        )
        care.record_life_event(self.store, event, today=today)
        if resident.presence is not Presence.PRESENT:
            kept = self.store.get(Resident, resident.id)
            self.store.save(kept.model_copy(update={"presence": resident.presence}))
