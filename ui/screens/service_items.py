"""服务事项: every service item of the person's grids — what was asked, by whom, how it stands —
searchable by the resident or household; opening one shows its moves in its form."""

from __future__ import annotations

from app.models import (
    Household,
    Resident,
    Satisfaction,
    ServiceCategory,
    ServiceChannel,
    ServiceItem,
    ServiceStatus,
)
from ui.forms.fields import EnumChoice
from ui.forms.service_item_form import ServiceItemForm
from ui.i18n import enum_label
from ui.list_model import ColumnView, labels_of, local_time
from ui.screens.detail_html import detail
from ui.screens.list_screen import ListScreen


class ServiceItemsScreen(ListScreen[ServiceItem]):
    record_type = ServiceItem
    shows = frozenset({"service_items", "households", "residents"})
    default_sort = "created_at"
    form = ServiceItemForm

    def columns(self) -> list[ColumnView]:
        return [
            ColumnView("created_at", self.tr("Registered"), local_time, width=140),
            ColumnView("head_name", self.tr("For"), width=110),
            ColumnView("category", self.tr("Category"), labels_of(ServiceCategory), width=90),
            ColumnView("channel", self.tr("Channel"), labels_of(ServiceChannel), width=80),
            ColumnView("status", self.tr("State"), labels_of(ServiceStatus), width=90),
            ColumnView("due_on", self.tr("Due by"), width=100),
            ColumnView("satisfaction", self.tr("Satisfaction"), labels_of(Satisfaction), width=80),
            ColumnView("need", self.tr("What is needed"), width=260),
        ]

    def choice_filters(self) -> dict[str, tuple[str, EnumChoice]]:
        return {
            "status": (self.tr("State"), EnumChoice(ServiceStatus, optional=True)),
            "category": (self.tr("Category"), EnumChoice(ServiceCategory, optional=True)),
        }

    def new_label(self) -> str:
        return self.tr("New service item")

    def describe(self, record: ServiceItem) -> str:
        household = self.store.get(Household, record.household_id, include_deleted=True)
        person = (
            self.store.get(Resident, record.resident_id, include_deleted=True).name
            if record.resident_id
            else ""
        )
        return detail(
            f"{enum_label(record.category)} · {person or household.head_name}",
            [
                (self.tr("State"), enum_label(record.status)),
                (self.tr("Channel"), enum_label(record.channel)),
                (self.tr("Address"), household.address),
                (self.tr("What is needed"), record.need),
                (self.tr("Due by"), record.due_on.isoformat() if record.due_on else ""),
                (self.tr("Escalated to"), record.escalated_to),
                (self.tr("What was done"), record.outcome),
                (self.tr("Satisfaction"), enum_label(record.satisfaction) if record.satisfaction else ""),
            ],
        )
