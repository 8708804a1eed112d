"""The deliberation meeting form (晚议 / 议事): when and where, who hosted, who came — names typed,
residents picked, and the head-count of everyone — the topics, what was decided and who follows
it up. The head-count rises by itself to cover everyone listed; lowered below them, it is refused
beside the field."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from PySide6.QtWidgets import QWidget

from app.errors import InvalidValue
from app.models import Deliberation, MeetingKind, Resident
from app.models.community import MAX_HEAD_COUNT, check_head_count
from app.services.deliberations import hold_meeting
from app.services.drafts import Draft
from app.services.session import Session
from app.store import Store
from ui.forms.fields import Count, DateTimeField, EnumChoice, TextArea, TextLine
from ui.forms.grid_choice import grid_choice
from ui.forms.picked_records import NameList, PickedRecords
from ui.forms.record_form import RecordForm


class MeetingForm(RecordForm[Deliberation]):
    kind = "meeting"
    changes = frozenset({"deliberations"})
    error_fields: ClassVar[dict[str, str]] = {
        "meeting_head_count": "attendee_count",
        "meeting_resident_unknown": "attendee_resident_ids",
        "meeting_resident_deleted": "attendee_resident_ids",
        "meeting_resident_twice": "attendee_resident_ids",
        "time_future": "held_at",
    }

    def __init__(
        self,
        store: Store,
        session: Session,
        record: Deliberation | None = None,
        *,
        draft: Draft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, session, record, draft=draft, parent=parent)
        self.setWindowTitle(self.tr("Deliberation meeting"))
        self.add_field("grid", self.tr("Grid"), grid_choice(store, session, record), required=True)
        self.add_field("kind", self.tr("Kind of meeting"), EnumChoice(MeetingKind), required=True)
        self.add_field("held_at", self.tr("Held at"), DateTimeField(), required=True)
        self.add_field("place", self.tr("Place"), TextLine())
        self.add_field("host", self.tr("Host"), TextLine(), required=True)
        names = self.add_field(
            "attendee_names",
            self.tr("Attendees (names)"),
            NameList(placeholder=self.tr("Names separated by 、 or commas")),
        )
        residents = self.add_field(
            "attendee_resident_ids",
            self.tr("Residents attending"),
            PickedRecords(
                store,
                session,
                "residents",
                name_of=self._resident_name,
                shown=self.tr("%1 picked: %2"),
                placeholder=self.tr("Add a resident"),
            ),
        )
        self.add_field("attendee_count", self.tr("Head-count"), Count(MAX_HEAD_COUNT))
        self.add_field("topics", self.tr("Topics"), TextArea(), required=True)
        self.add_field("decisions", self.tr("Decisions"), TextArea())
        self.add_field("follow_up_owner", self.tr("Follow-up owner"), TextLine())
        names.changed.connect(self._count_everyone_listed)
        residents.changed.connect(self._count_everyone_listed)
        self.finish_setup(draft)

    def _resident_name(self, resident_id: UUID) -> str:
        return self.store.get(Resident, resident_id, include_deleted=True).name

    def listed(self) -> int:
        values = self.values()
        return len(values["attendee_names"]) + len(values["attendee_resident_ids"])

    def _count_everyone_listed(self) -> None:
        """Everyone listed came: the head-count is at least them, and may be more."""
        count = self.rows["attendee_count"].editor
        if count.value() < self.listed():
            count.set_value(self.listed())

    def title(self) -> str:
        topics = self.rows["topics"].editor.raw().strip().splitlines()
        return self.tr("Meeting: %1").replace("%1", topics[0][:30] if topics else self.tr("untitled"))

    def field_errors(self) -> tuple[dict[str, str], str]:
        """The model's errors, and a head-count below those listed at once: the model says so only
        once every other field is valid."""
        by_field, general = super().field_errors()
        try:
            check_head_count(self.rows["attendee_count"].editor.value(), self.listed())
        except InvalidValue as exc:
            by_field.setdefault("attendee_count", self.message(exc))
        return by_field, general

    def build(self) -> Deliberation:
        return Deliberation.model_validate({**self.base_values(), **self.values()})

    def commit(self, record: Deliberation) -> Deliberation:
        return hold_meeting(self.store, record)
