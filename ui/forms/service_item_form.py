"""The service item form (服务事项): for whom, what kind, how it is handled, what is needed and by
when; once registered, the moves that follow it to closure — 开始办理, 上报乡镇, 办结 (what was done,
the resident's satisfaction, on a visit), 无法办理 (why). A refused move shows its reason in Chinese
beside the buttons and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import ClassVar, cast
from uuid import UUID

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from app.errors import RecordNotFound, TongxinError
from app.models import (
    Household,
    Resident,
    Satisfaction,
    ServiceCategory,
    ServiceChannel,
    ServiceItem,
    ServiceStatus,
    Visit,
    VisitType,
)
from app.services import service_items
from app.services.drafts import Draft
from app.services.session import Session
from app.store import Store
from ui import calendar_day, palette
from ui.changes import announce
from ui.forms.fields import Choice, DateField, EnumChoice, TextArea, TextLine
from ui.forms.picker import RecordPicker
from ui.forms.record_form import RecordForm
from ui.i18n import enum_label, in_language

S = ServiceStatus


class ServiceItemForm(RecordForm[ServiceItem]):
    kind = "service_item"
    changes = frozenset({"service_items", "visits"})
    error_fields: ClassVar[dict[str, str]] = {"service_resident_household": "resident_id"}

    def __init__(
        self,
        store: Store,
        session: Session,
        record: ServiceItem | None = None,
        *,
        visit: Visit | None = None,
        draft: Draft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, session, record, draft=draft, parent=parent)
        self.setWindowTitle(self.tr("Service item"))
        self.visit = visit
        self.household = RecordPicker(
            store, session, "households", placeholder=self.tr("Name, pinyin, address or phone")
        )
        self.add_field("household_id", self.tr("Household"), self.household, required=True)
        self.household.changed.connect(self._fill_residents)
        self.resident = Choice([], optional=True)
        self.add_field("resident_id", self.tr("For resident"), self.resident)
        self.add_field("category", self.tr("Category"), EnumChoice(ServiceCategory), required=True)
        self.add_field("channel", self.tr("Channel"), EnumChoice(ServiceChannel), required=True)
        self.add_field("need", self.tr("What is needed"), TextArea(), required=True)
        self.add_field("due_on", self.tr("Due by"), DateField(optional=True))
        self.moves = MovesBox(self)
        self.extra.addWidget(self.moves)
        if visit is not None and record is None and draft is None:
            self._preset_household(visit.household_id)
        self.finish_setup(draft)
        self.moves.show_item(record)

    def _preset_household(self, household_id: UUID) -> None:
        household = self.store.get(Household, household_id, include_deleted=True)
        self.household.set_value(household_id, f"{household.head_name} · {household.address}")
        self._fill_residents()

    def _fill_residents(self) -> None:
        combo = self.resident.combo
        combo.clear()
        combo.addItem("", None)
        household_id = self.household.value()
        if household_id is None:
            return
        for person in self.store.find(
            Resident, "household_id = ?", [str(household_id)], order_by="created_at"
        ):
            combo.addItem(person.name, str(person.id))

    def title(self) -> str:
        household = self.household.raw()["text"] or self.tr("no household yet")
        return self.tr("Service item: %1").replace("%1", household)

    def load(self, record: ServiceItem) -> None:
        super().load(record.model_copy(update={"household_id": None, "resident_id": None}))
        self._preset_household(record.household_id)
        self.resident.set_value(record.resident_id)

    def build(self) -> ServiceItem:
        values = self.values()
        values["resident_id"] = UUID(values["resident_id"]) if values["resident_id"] else None
        grid = ""
        if values["household_id"] is not None:
            try:
                grid = self.store.grid_of(Household, values["household_id"])
            except RecordNotFound:
                values["household_id"] = None
        base = self.base_values()
        fallback = base.get("grid") or next(iter(self.session.grids), "")
        return ServiceItem.model_validate({**base, "grid": grid or fallback, **values})

    def commit(self, record: ServiceItem) -> ServiceItem:
        if self.record is None:
            return service_items.open_item(self.store, record, visit=self.visit)
        return self.store.save(record)

    def moved(self, item: ServiceItem) -> None:
        """A move was made: the form shows the item as it now stands, every screen hears of it."""
        self.record = item
        self.moves.show_item(item)
        announce(self.changes)


class MovesBox(QGroupBox):
    """The moves of a registered item, each enabled only where the workflow allows it."""

    def __init__(self, form: ServiceItemForm) -> None:
        super().__init__()
        self.setTitle(self.tr("Handling"))
        self.setObjectName("moves")
        self.form = form
        self.state = QLabel()
        self.state.setObjectName("service_state")
        self.refusal = QLabel()
        self.refusal.setObjectName("move_refusal")
        self.refusal.setStyleSheet(palette.ERROR_STYLE)
        self.refusal.setWordWrap(True)
        self.escalated_to = TextLine(placeholder=self.tr("e.g. township government service centre"))
        self.outcome = TextArea()
        self.satisfaction = EnumChoice(Satisfaction, optional=True)
        self.visit_summary = TextLine(placeholder=self.tr("What happened on the visit"))
        self.reason = TextLine()
        self.buttons: dict[ServiceStatus, QPushButton] = {}
        layout = QGridLayout(self)
        layout.addWidget(self.state, 0, 0, 1, 3)
        rows: list[tuple[str, QWidget | None, ServiceStatus, str, Callable[[], ServiceItem]]] = [
            ("", None, S.IN_PROGRESS, self.tr("Start handling"), self._start),
            (
                self.tr("Escalated to"),
                self.escalated_to,
                S.ESCALATED,
                self.tr("Escalate to the township"),
                self._escalate,
            ),
            (self.tr("What was done"), self.outcome, S.DONE, self.tr("Close as done"), self._close),
            (self.tr("Satisfaction"), self.satisfaction, S.DONE, "", self._close),
            (self.tr("Closing visit"), self.visit_summary, S.DONE, "", self._close),
            (self.tr("Why not"), self.reason, S.CANNOT_BE_DONE, self.tr("Cannot be done"), self._cannot),
        ]
        for line, (label, editor, target, text, action) in enumerate(rows, start=1):
            if label:
                layout.addWidget(QLabel(label), line, 0)
            if editor is not None:
                layout.addWidget(editor, line, 1)
            if text:
                button = QPushButton(text)
                button.setObjectName(f"move_{target.value}")
                button.clicked.connect(lambda _checked=False, act=action: self._do(act))
                layout.addWidget(button, line, 2)
                self.buttons[target] = button
        layout.addWidget(self.refusal, len(rows) + 1, 0, 1, 3)
        layout.setColumnStretch(1, 1)

    def show_item(self, item: ServiceItem | None) -> None:
        self.setVisible(item is not None)
        if item is None:
            return
        words = self.tr("Now: %1").replace("%1", enum_label(item.status))
        if item.escalated_to:
            words += " · " + self.tr("escalated to %1").replace("%1", item.escalated_to)
        if item.satisfaction is not None:
            words += " · " + enum_label(item.satisfaction)
        self.state.setText(words)
        onward = service_items.TRANSITIONS[item.status]
        for target, button in self.buttons.items():
            button.setEnabled(target in onward)

    def _do(self, action: Callable[[], ServiceItem]) -> None:
        try:
            moved = action()
        except TongxinError as refused:
            self.refusal.setText(in_language(refused.zh, refused.en))
            return
        self.refusal.setText("")
        self.form.moved(moved)

    def _item_id(self) -> UUID:
        assert self.form.record is not None
        return self.form.record.id

    def _start(self) -> ServiceItem:
        return service_items.start(self.form.store, self._item_id(), by=self.form.session.username)

    def _escalate(self) -> ServiceItem:
        return service_items.escalate(
            self.form.store,
            self._item_id(),
            by=self.form.session.username,
            to=self.escalated_to.value() or "",
            on=calendar_day.local_today(),
            today=calendar_day.local_today(),
        )

    def _close(self) -> ServiceItem:
        """办结, on a visit when one is described (the visit is recorded with it), else as it stands."""
        item = self.form.record
        assert isinstance(item, ServiceItem)
        outcome, satisfaction = (
            self.outcome.value() or "",
            cast(Satisfaction | None, self.satisfaction.value()),
        )
        summary = self.visit_summary.value() or ""
        if not summary:
            return service_items.close(self.form.store, item.id, outcome=outcome, satisfaction=satisfaction)
        visit = Visit(
            grid=item.grid,
            author=self.form.session.username,
            household_id=item.household_id,
            visitor=self.form.session.username,
            visited_at=datetime.now(UTC),
            visit_type=VisitType.HOME_SERVICE,
            summary=summary,
        )
        return service_items.close_on_visit(
            self.form.store, item.id, visit, outcome=outcome, satisfaction=satisfaction
        )

    def _cannot(self) -> ServiceItem:
        return service_items.cannot_be_done(
            self.form.store, self._item_id(), reason=self.reason.value() or ""
        )
