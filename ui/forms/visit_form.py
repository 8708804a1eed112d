"""The visit form (走访): which household, when, what kind, what they need, what happened."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar

from PySide6.QtWidgets import QCheckBox, QWidget

from app.errors import RecordNotFound
from app.models import Household, Need, Visit, VisitType
from app.services.drafts import Draft
from app.services.session import Session
from app.services.visits import record_visit
from app.store import Store
from app.validation import time_not_in_future
from ui.forms.fields import DateField, DateTimeField, EnumChoice, EnumMulti, TextArea
from ui.forms.photos import PhotoList
from ui.forms.picker import RecordPicker
from ui.forms.record_form import RecordForm
from ui.forms.service_item_form import ServiceItemForm


class VisitForm(RecordForm[Visit]):
    kind = "visit"
    changes = frozenset({"visits"})
    error_fields: ClassVar[dict[str, str]] = {
        "follow_up_before_visit": "follow_up_due",
        "time_future": "visited_at",
    }

    def __init__(
        self,
        store: Store,
        session: Session,
        record: Visit | None = None,
        *,
        draft: Draft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, session, record, draft=draft, parent=parent)
        self.setWindowTitle(self.tr("Visit"))
        self.household = self.add_field(
            "household_id",
            self.tr("Household"),
            RecordPicker(store, session, "households", placeholder=self.tr("Name, pinyin, address or phone")),
            required=True,
        )
        self.add_field("visited_at", self.tr("Visited at"), DateTimeField(), required=True)
        self.add_field("visit_type", self.tr("Kind of visit"), EnumChoice(VisitType), required=True)
        self.add_field("needs", self.tr("Needs"), EnumMulti(Need))
        self.add_field("summary", self.tr("What happened"), TextArea(), required=True)
        self.add_field("follow_up_due", self.tr("Follow up by"), DateField(optional=True))
        self.add_field("attachments", self.tr("Photos"), PhotoList(store))
        self.open_service = QCheckBox(self.tr("Register a service item for this household after saving"))
        self.open_service.setObjectName("open_service")
        self.extra.addWidget(self.open_service)
        # The service item form a save opened, beside this one (which closes).
        self.service_form: ServiceItemForm | None = None
        self.finish_setup(draft)

    def title(self) -> str:
        household = self.household.raw()["text"] or self.tr("no household yet")
        return self.tr("Visit: %1").replace("%1", household)

    def load(self, record: Visit) -> None:
        super().load(record.model_copy(update={"household_id": None}))
        household = self.store.get(Household, record.household_id, include_deleted=True)
        self.household.set_value(record.household_id, f"{household.head_name} · {household.address}")

    def build(self) -> Visit:
        values = self.values()
        grid = ""
        if values["household_id"] is not None:
            try:
                grid = self.store.grid_of(Household, values["household_id"])
            except RecordNotFound:
                values["household_id"] = None
        base = self.base_values()
        base.setdefault("visitor", self.session.username)
        # Until a household is picked its grid is unknown; any of the worker's grids stands in so
        # the only complaint is the missing household.
        fallback = base.get("grid") or next(iter(self.session.grids), "")
        return Visit.model_validate({**base, "grid": grid or fallback, **values})

    def check(self, record: Visit) -> None:
        time_not_in_future(record.visited_at, now=datetime.now(UTC))

    def commit(self, record: Visit) -> Visit:
        saved = record_visit(self.store, record)
        if self.open_service.isChecked():
            self.service_form = ServiceItemForm(
                self.store, self.session, visit=saved, parent=self.parentWidget()
            )
            self.service_form.show()
            self.service_form.activateWindow()
        return saved
