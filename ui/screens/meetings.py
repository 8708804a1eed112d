"""议事: deliberation meetings (晚议 / 议事) of the person's grids — when, where, who hosted, how
many came and what about — found by a topic, a decision or an attendee's name."""

from __future__ import annotations

from collections.abc import Mapping

from app.models import Deliberation, MeetingKind
from app.services.deliberations import attendees
from ui.forms.fields import Choice, EnumChoice
from ui.forms.meeting_form import MeetingForm
from ui.i18n import enum_label, join_list
from ui.list_model import ColumnView, local_time
from ui.screens.detail_html import detail
from ui.screens.list_screen import ListScreen


class MeetingsScreen(ListScreen[Deliberation]):
    record_type = Deliberation
    shows = frozenset({"deliberations", "residents"})
    default_sort = "held_at"
    form = MeetingForm

    def columns(self) -> list[ColumnView]:
        return [
            ColumnView("held_at", self.tr("Held at"), local_time, width=140),
            ColumnView("kind", self.tr("Kind"), lambda v: enum_label(MeetingKind(v)) if v else "", width=100),
            ColumnView("attendee_count", self.tr("Came"), width=40),
            ColumnView("topics", self.tr("Topics"), width=220),
            ColumnView("host", self.tr("Host"), width=100),
            ColumnView("place", self.tr("Place"), width=140),
        ]

    def choice_filters(self) -> Mapping[str, tuple[str, Choice]]:
        return {"kind": (self.tr("Kind"), EnumChoice(MeetingKind, optional=True))}

    def new_label(self) -> str:
        return self.tr("New meeting")

    def describe(self, record: Deliberation) -> str:
        listed = attendees(self.store, record)
        return detail(
            enum_label(record.kind) + " · " + local_time(record.held_at.isoformat()),
            [
                (self.tr("Place"), record.place),
                (self.tr("Host"), record.host),
                (self.tr("Head-count"), str(record.attendee_count) if record.attendee_count else ""),
                (self.tr("Attendees"), join_list(listed)),
                (self.tr("Topics"), record.topics),
                (self.tr("Decisions"), record.decisions),
                (self.tr("Follow-up owner"), record.follow_up_owner),
            ],
        )
