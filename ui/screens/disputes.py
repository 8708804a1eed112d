"""纠纷: disputes and where their mediation stands."""

from __future__ import annotations

from app.models import Dispute, DisputeCategory, DisputeStatus, RiskLevel
from ui.forms.dispute_form import DisputeForm
from ui.forms.fields import EnumChoice, enum_label
from ui.list_model import ColumnView, labels_of, local_time
from ui.screens.detail_html import detail
from ui.screens.list_screen import ListScreen


class DisputesScreen(ListScreen):
    entity = "disputes"
    default_sort = "updated_at"
    form = DisputeForm

    def columns(self) -> list[ColumnView]:
        return [
            ColumnView("title", self.tr("Title"), width=200),
            ColumnView("category", self.tr("Category"), labels_of(DisputeCategory), width=130),
            ColumnView("risk_level", self.tr("Risk"), labels_of(RiskLevel), width=60),
            ColumnView("status", self.tr("Status"), labels_of(DisputeStatus), width=90),
            ColumnView("location", self.tr("Location"), width=160),
            ColumnView("occurred_on", self.tr("Occurred on"), width=100),
            ColumnView("updated_at", self.tr("Updated"), local_time, width=140),
        ]

    def choice_filters(self) -> dict[str, tuple[str, EnumChoice]]:
        return {
            "status": (self.tr("Status"), EnumChoice(DisputeStatus, optional=True)),
            "category": (self.tr("Category"), EnumChoice(DisputeCategory, optional=True)),
        }

    def new_label(self) -> str:
        return self.tr("New dispute")

    def describe(self, record: Dispute) -> str:  # type: ignore[override]
        return detail(
            record.title,
            [
                (self.tr("Category"), enum_label(record.category)),
                (self.tr("Risk"), enum_label(record.risk_level)),
                (self.tr("Status"), enum_label(record.status)),
                (self.tr("Occurred on"), record.occurred_on.isoformat() if record.occurred_on else ""),
                (self.tr("Location"), record.location),
                (self.tr("Description"), record.description),
                (self.tr("Outcome"), record.outcome),
            ],
        )
