"""The screening form (矛盾纠纷排查): which grid and month, who went and when, which households and
places were covered, and what was found — or, ticked, that nothing was (零报告). A month already
reported the other way is refused beside the field, as the worker types."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar
from uuid import UUID, uuid4

from PySide6.QtWidgets import QPushButton, QWidget

from app.models import DisputeCategory, ScreeningFinding, ScreeningRound
from app.services.drafts import Draft
from app.services.screening import check_round, file_round, findings_of, month_of, period_words
from app.services.session import Session
from app.store import Store
from ui import calendar_day
from ui.forms.fields import Choice, DateField, EnumChoice, Flag, TextArea, TextLine
from ui.forms.grid_choice import grid_choice
from ui.forms.members import Context, MemberEditor, Members
from ui.forms.picked_records import PickedHouseholds
from ui.forms.record_form import RecordForm
from ui.i18n import current_language

# Months offered: this one and the eleven before it (a late report of last month is common).
MONTHS_OFFERED = 12


def months_before(today: date, count: int = MONTHS_OFFERED) -> list[date]:
    """The first days of this month and the ``count - 1`` months before it, newest first."""
    firsts, first = [], today.replace(day=1)
    for _ in range(count):
        firsts.append(first)
        first = (first.replace(day=1) - date.resolution).replace(day=1)
    return firsts


class FindingEditor(MemberEditor[ScreeningFinding]):
    model = ScreeningFinding
    parent_field = "round_id"

    def add_fields(self) -> None:
        self.setTitle(self.tr("Finding"))
        self.add("category", self.tr("Kind of dispute"), EnumChoice(DisputeCategory), required=True)
        self.add("place", self.tr("Place"), TextLine())
        self.add("summary", self.tr("What was found"), TextArea(), required=True)

    def remove_text(self) -> str:
        return self.tr("Remove this finding")


class ScreeningForm(RecordForm[ScreeningRound]):
    kind = "screening"
    changes = frozenset({"screening_rounds", "screening_findings"})
    error_fields: ClassVar[dict[str, str]] = {
        "screening_findings_after_nil": "period",
        "screening_nil_twice": "period",
        "screening_nil_after_findings": "nil_report",
        "screening_nil_with_findings": "nil_report",
        "screening_period": "period",
    }

    def __init__(
        self,
        store: Store,
        session: Session,
        record: ScreeningRound | None = None,
        *,
        draft: Draft | None = None,
        parent: QWidget | None = None,
        nil: bool = False,
    ) -> None:
        super().__init__(store, session, record, draft=draft, parent=parent)
        self.setWindowTitle(self.tr("Dispute screening"))
        self._new_id = uuid4()
        today = calendar_day.local_today()
        months = [
            (first.isoformat(), period_words(*month_of(first), current_language()))
            for first in months_before(today)
        ]
        self.add_field("grid", self.tr("Grid"), grid_choice(store, session, record), required=True)
        self.period = self.add_field("period", self.tr("Month screened"), Choice(months), required=True)
        self.add_field("screened_on", self.tr("Screened on"), DateField(), required=True)
        self.add_field("households_covered", self.tr("Households covered"), PickedHouseholds(store, session))
        self.add_field("places_covered", self.tr("Places covered"), TextLine())
        self.add_field(
            "nil_report",
            self.tr("Nil report"),
            Flag(self.tr("No dispute found in this period (零报告)")),
        )
        self.add_field("notes", self.tr("Notes"), TextArea())
        add = QPushButton(self.tr("Add a finding"))
        add.setObjectName("add_finding")
        add.clicked.connect(lambda: self.findings.add().rows["category"].editor.setFocus())
        self.extra.addWidget(add)
        stored = findings_of(store, record.id) if record else []
        self.findings: Members[ScreeningFinding] = Members(
            lambda r: FindingEditor(self.describe, r), self.extra, self.edited, stored
        )
        if draft is None:
            self.findings.load()
        if record is None and draft is None and nil:
            self.rows["nil_report"].editor.set_raw(True)
        self.finish_setup(draft)
        # The month and the tick start with what is meant; a refusal about them shows at once.
        for name in ("grid", "period", "nil_report"):
            self.rows[name].touched = True
        self.validate()

    @property
    def round_id(self) -> UUID:
        return self.record.id if self.record else self._new_id

    def load(self, record: ScreeningRound) -> None:
        for name, row in self.rows.items():
            if name == "period":
                row.editor.set_raw(record.period_start.isoformat())
            else:
                row.editor.set_value(getattr(record, name))

    def title(self) -> str:
        return self.tr("Screening: %1").replace("%1", self.period.combo.currentText())

    def payload(self) -> dict[str, Any]:
        return {**super().payload(), "round_id": str(self.round_id), "findings": self.findings.raw()}

    def restore(self, payload: dict[str, Any]) -> None:
        super().restore(payload)
        if payload.get("round_id") and self.record is None:
            self._new_id = UUID(payload["round_id"])
        self.findings.restore(payload.get("findings", {}))

    def build(self) -> ScreeningRound:
        values = self.values()
        first = date.fromisoformat(values.pop("period") or calendar_day.local_today().isoformat())
        start, end = month_of(first)
        base = self.base_values()
        base.pop("period", None)
        screener = self.record.screener if self.record else self.session.username
        return ScreeningRound.model_validate(
            {
                **base,
                "id": self.round_id,
                "screener": screener,
                "period_start": start,
                "period_end": end,
                **values,
            }
        )

    def base_values(self) -> dict[str, Any]:
        base = super().base_values()
        for name in ("period_start", "period_end"):
            base.pop(name, None)
        return base

    def _context(self) -> Context:
        grid = self.rows["grid"].editor.value() or ""
        return self.round_id, grid, self.record.author if self.record else self.session.username

    def validate_parts(self) -> tuple[bool, list[str]]:
        return self.findings.validate(self._context())

    def check(self, record: ScreeningRound) -> None:
        check_round(self.store, record, len(self.findings.editors))

    def commit(self, record: ScreeningRound) -> ScreeningRound:
        findings = self.findings.build(self.store, self._context())
        return file_round(self.store, record, findings, removed=self.findings.removed)
