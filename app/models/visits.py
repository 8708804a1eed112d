"""Household visits (走访) and home services (上门办)."""

from __future__ import annotations

from datetime import date
from typing import Self
from uuid import UUID

from pydantic import Field, ValidationInfo, model_validator

from app.errors import InvalidValue
from app.models.checks import checks_values
from app.models.enums import Need, VisitType
from app.models.fields import AttachmentRef, Summary, UtcDateTime
from app.models.record import Reviewed


class Visit(Reviewed):
    entity = "visits"

    household_id: UUID
    visitor: str = Field(min_length=1, max_length=64)
    visited_at: UtcDateTime
    visit_type: VisitType
    needs: list[Need] = Field(default_factory=list)
    summary: Summary
    follow_up_due: date | None = None
    dispute_id: UUID | None = None
    attachments: list[AttachmentRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _follow_up_after_visit(self, info: ValidationInfo) -> Self:
        due = self.follow_up_due
        if checks_values(info) and due is not None and due < self.visited_at.date():
            raise InvalidValue(
                "follow_up_before_visit",
                "回访日期不能早于走访日期。",
                "The follow-up date cannot be before the visit.",
            )
        return self
