"""The dispute form (矛盾纠纷): what the dispute is about, where, how risky. Its mediation steps
are a workflow of their own."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QWidget

from app.models import Dispute, DisputeCategory, RiskLevel
from app.services.disputes import check_dispute, register_dispute
from app.services.drafts import Draft
from app.services.session import Session
from app.store import Store
from ui.forms.fields import DateField, EnumChoice, TextArea, TextLine
from ui.forms.grid_choice import grid_choice
from ui.forms.record_form import RecordForm


class DisputeForm(RecordForm):
    kind = "dispute"
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
        self.add_field("grid", self.tr("Grid"), grid_choice(store, session, record), required=True)
        self.add_field("title", self.tr("Title"), TextLine(), required=True)
        self.add_field("category", self.tr("Category"), EnumChoice(DisputeCategory), required=True)
        self.add_field("risk_level", self.tr("Risk level"), EnumChoice(RiskLevel), required=True)
        self.add_field("occurred_on", self.tr("Occurred on"), DateField(optional=True))
        self.add_field("location", self.tr("Location"), TextLine())
        self.add_field("description", self.tr("Description"), TextArea())
        self.finish_setup(draft)

    def title(self) -> str:
        return self.tr("Dispute: %1").replace("%1", self.rows["title"].editor.raw() or self.tr("untitled"))

    def build(self) -> Dispute:
        return Dispute.model_validate({**self.base_values(), **self.values()})

    def check(self, record: Dispute) -> None:  # type: ignore[override]
        check_dispute(record)

    def commit(self, record: Dispute) -> Dispute:  # type: ignore[override]
        return register_dispute(self.store, record)
