"""Dispute screening rounds (矛盾纠纷排查): a grid's worker goes over the households and places of
the grid once a period (a month unless said otherwise) and files what they found — or, explicitly,
that they found nothing (零报告). A nil report is a record of its own, so "not reported" and
"nothing found" are never the same thing to a supervisor."""

from __future__ import annotations

from datetime import date
from typing import Self
from uuid import UUID

from pydantic import Field, ValidationInfo, model_validator

from app.errors import InvalidValue
from app.models.checks import checks_values
from app.models.enums import DisputeCategory
from app.models.fields import Note, Place, Summary
from app.models.record import Record


class ScreeningRound(Record):
    """One round of screening of a grid for a period: who went, when, which households and places
    were covered, and whether it is a nil report (本期未发现矛盾纠纷)."""

    entity = "screening_rounds"

    period_start: date
    period_end: date
    screener: str = Field(min_length=1, max_length=64)
    screened_on: date
    households_covered: list[UUID] = Field(default_factory=list)
    places_covered: Place = ""
    nil_report: bool = False
    notes: Note = ""

    @model_validator(mode="after")
    def _period(self, info: ValidationInfo) -> Self:
        if checks_values(info) and self.period_end < self.period_start:
            raise InvalidValue(
                "screening_period",
                "排查期的结束日期不能早于开始日期。",
                "A screening period cannot end before it starts.",
            )
        return self


class ScreeningFinding(Record):
    """A dispute or risk found on a round. It may be turned, once, into a dispute or an incident;
    the finding then names what it became, and so the dispute or incident leads back to its round."""

    entity = "screening_findings"

    round_id: UUID
    category: DisputeCategory
    summary: Summary
    place: Place = ""
    household_id: UUID | None = None
    dispute_id: UUID | None = None
    incident_id: UUID | None = None

    @model_validator(mode="after")
    def _one_outcome(self, info: ValidationInfo) -> Self:
        if checks_values(info) and self.dispute_id is not None and self.incident_id is not None:
            raise InvalidValue(
                "finding_turned_twice",
                "一条排查发现只能转为纠纷或事件中的一种。",
                "A finding becomes either a dispute or an incident, not both.",
            )
        return self
