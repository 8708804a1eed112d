"""走访: household visits and home services."""

from __future__ import annotations

from app.models import Household, Visit, VisitType
from ui.forms.fields import EnumChoice
from ui.forms.visit_form import VisitForm
from ui.i18n import enum_label, join_list
from ui.list_model import ColumnView, labels_of, local_time
from ui.screens.detail_html import detail
from ui.screens.list_screen import ListScreen


class VisitsScreen(ListScreen[Visit]):
    record_type = Visit
    shows = frozenset({"visits", "households", "reviews"})
    default_sort = "visited_at"
    form = VisitForm

    def columns(self) -> list[ColumnView]:
        return [
            ColumnView("visited_at", self.tr("Visited at"), local_time, width=140),
            ColumnView("head_name", self.tr("Household"), width=120),
            ColumnView("address", self.tr("Address"), width=200),
            ColumnView("visit_type", self.tr("Kind"), labels_of(VisitType), width=90),
            ColumnView("visitor", self.tr("Visitor"), width=90),
            ColumnView("follow_up_due", self.tr("Follow up by"), width=100),
            ColumnView("summary", self.tr("Summary"), width=260),
        ]

    def choice_filters(self) -> dict[str, tuple[str, EnumChoice]]:
        return {"visit_type": (self.tr("Kind"), EnumChoice(VisitType, optional=True))}

    def new_label(self) -> str:
        return self.tr("New visit")

    def describe(self, record: Visit) -> str:
        household = self.store.get(Household, record.household_id, include_deleted=True)
        return detail(
            f"{enum_label(record.visit_type)} · {household.head_name}",
            [
                (self.tr("Visited at"), local_time(record.visited_at.isoformat())),
                (self.tr("Address"), household.address),
                (self.tr("Visitor"), record.visitor),
                (self.tr("Needs"), join_list(enum_label(n) for n in record.needs)),
                (self.tr("Follow up by"), record.follow_up_due.isoformat() if record.follow_up_due else ""),
                (self.tr("What happened"), record.summary),
                (self.tr("Photos"), str(len(record.attachments)) if record.attachments else ""),
            ],
        )
