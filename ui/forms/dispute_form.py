"""The dispute form (矛盾纠纷): what the dispute is about, where, how risky, and who the parties are
(residents picked from the registry, or people from outside it). Its mediation steps are moved on
the 纠纷 screen."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID, uuid4

from PySide6.QtWidgets import QPushButton, QWidget

from app.models import Dispute, DisputeCategory, DisputeParty, PartyRole, Resident, RiskLevel
from app.services.disputes import check_dispute, parties_of, register_dispute
from app.services.drafts import Draft
from app.services.session import Permission, Session
from app.store import Store
from app.validation.normalize import InputKind
from ui.forms.fields import DateField, EnumChoice, Flag, IdNumberLine, TextArea, TextLine
from ui.forms.grid_choice import grid_choice
from ui.forms.members import Context, MemberEditor, Members
from ui.forms.picker import RecordPicker
from ui.forms.record_form import RecordForm


class PartyEditor(MemberEditor[DisputeParty]):
    """One party: picking a resident fills in their name, phone and ID number."""

    model = DisputeParty
    parent_field = "dispute_id"

    def __init__(
        self, store: Store, session: Session, describe: Any, record: DisputeParty | None = None
    ) -> None:
        self.store = store
        self.session = session
        super().__init__(describe, record, masked_ids=not session.may(Permission.SEE_ID_NUMBERS))

    def add_fields(self) -> None:
        self.setTitle(self.tr("Party"))
        self.add("role", self.tr("Role"), EnumChoice(PartyRole), required=True)
        picker = self.add(
            "resident_id",
            self.tr("From the registry"),
            RecordPicker(
                self.store,
                self.session,
                "residents",
                placeholder=self.tr("Optional: type a resident's name"),
            ),
        )
        picker.changed.connect(self._resident_picked)
        self.add("name", self.tr("Name"), TextLine(), required=True)
        self.add("phone", self.tr("Phone"), TextLine(optional=True, kind=InputKind.NUMBER))
        self.add("id_number", self.tr("ID number"), IdNumberLine(masked=self.masked_ids))

    def _resident_picked(self) -> None:
        resident_id = self.rows["resident_id"].editor.value()
        if resident_id is None:
            return
        resident = self.store.get(Resident, resident_id, include_deleted=True)
        for name in ("name", "phone", "id_number"):
            self.rows[name].editor.set_raw(getattr(resident, name))
            self.rows[name].touched = True

    def remove_text(self) -> str:
        return self.tr("Remove this party")


class DisputeForm(RecordForm[Dispute]):
    kind = "dispute"
    changes = frozenset({"disputes", "dispute_parties", "dispute_steps"})
    error_fields: ClassVar[dict[str, str]] = {"date_future": "occurred_on"}

    def __init__(
        self,
        store: Store,
        session: Session,
        record: Dispute | None = None,
        *,
        draft: Draft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, session, record, draft=draft, parent=parent)
        self.setWindowTitle(self.tr("Dispute"))
        self._new_id = uuid4()
        self.add_field("grid", self.tr("Grid"), grid_choice(store, session, record), required=True)
        self.add_field("title", self.tr("Title"), TextLine(), required=True)
        self.add_field("category", self.tr("Category"), EnumChoice(DisputeCategory), required=True)
        self.add_field("risk_level", self.tr("Risk level"), EnumChoice(RiskLevel), required=True)
        self.add_field("occurred_on", self.tr("Occurred on"), DateField(optional=True))
        self.add_field("location", self.tr("Location"), TextLine())
        self.add_field("description", self.tr("Description"), TextArea())
        self.add_field("ethnic_factors", self.tr("Ethnic factors"), Flag(self.tr("Involves ethnic factors")))
        add = QPushButton(self.tr("Add a party"))
        add.setObjectName("add_party")
        add.clicked.connect(lambda: self.parties.add().rows["role"].editor.setFocus())
        self.extra.addWidget(add)
        stored = parties_of(store, record.id) if record else []
        self.parties: Members[DisputeParty] = Members(
            lambda r: PartyEditor(store, session, self.describe, r),
            self.extra,
            self.edited,
            stored,
        )
        if draft is None:
            self.parties.load()
        self.finish_setup(draft)

    @property
    def dispute_id(self) -> UUID:
        return self.record.id if self.record else self._new_id

    def title(self) -> str:
        return self.tr("Dispute: %1").replace("%1", self.rows["title"].editor.raw() or self.tr("untitled"))

    def payload(self) -> dict[str, Any]:
        return {**super().payload(), "dispute_id": str(self.dispute_id), "parties": self.parties.raw()}

    def restore(self, payload: dict[str, Any]) -> None:
        super().restore(payload)
        if payload.get("dispute_id") and self.record is None:
            self._new_id = UUID(payload["dispute_id"])
        self.parties.restore(payload.get("parties", {}))

    def build(self) -> Dispute:
        return Dispute.model_validate({**self.base_values(), "id": self.dispute_id, **self.values()})

    def _context(self) -> Context:
        grid = self.rows["grid"].editor.value() or ""
        return self.dispute_id, grid, self.record.author if self.record else self.session.username

    def validate_parts(self) -> tuple[bool, list[str]]:
        return self.parties.validate(self._context())

    def check(self, record: Dispute) -> None:
        check_dispute(record)

    def commit(self, record: Dispute) -> Dispute:
        parties = self.parties.build(self.store, self._context())
        return register_dispute(self.store, record, parties, removed=self.parties.removed)
