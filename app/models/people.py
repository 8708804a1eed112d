"""What a grid worker knows of people beyond the register: who belongs to a care group (关爱对象),
the life events that change a household (迁入, 迁出, 出生, 死亡), and the services residents ask for
(服务事项 / 诉求), followed until they are closed. The workflow of a service item lives in services."""

from __future__ import annotations

from datetime import date
from typing import Self
from uuid import UUID

from pydantic import Field, ValidationInfo, model_validator

from app.errors import InvalidValue
from app.models.checks import checks_values
from app.models.enums import (
    CareGroup,
    LifeEventKind,
    Satisfaction,
    ServiceCategory,
    ServiceChannel,
    ServiceStatus,
)
from app.models.fields import Note, Place, Summary, UtcDateTime
from app.models.record import Record


class CareMembership(Record):
    """A resident in a care group from ``since`` until ``until`` (open while ``until`` is empty).

    ``resident_id`` is empty only where a household's old tag could not be placed on anyone;
    ``needs_check`` marks a membership a person should confirm (the tag was put on the head)."""

    entity = "care_memberships"

    household_id: UUID
    resident_id: UUID | None = None
    care_group: CareGroup
    since: date | None = None
    until: date | None = None
    certificate_no: str = Field(default="", max_length=32)
    grade: str = Field(default="", max_length=16)
    needs_check: bool = False
    notes: Note = ""

    @model_validator(mode="after")
    def _ends_after_start(self, info: ValidationInfo) -> Self:
        if checks_values(info) and self.since and self.until and self.until < self.since:
            raise InvalidValue(
                "care_until_before_since",
                "结束日期不能早于开始日期。",
                "The end date cannot be before the start date.",
            )
        return self


class LifeEvent(Record):
    """A change in a household: the history stays, the resident is never deleted for it."""

    entity = "life_events"

    household_id: UUID
    resident_id: UUID | None = None
    kind: LifeEventKind
    happened_on: date
    place: Place = ""  # where from (迁入) or where to (迁出)
    notes: Note = ""


class ServiceItem(Record):
    """A service a resident or household asked for (服务事项 / 诉求) and how it was handled."""

    entity = "service_items"

    household_id: UUID
    resident_id: UUID | None = None
    opened_visit_id: UUID | None = None
    closed_visit_id: UUID | None = None
    category: ServiceCategory
    channel: ServiceChannel
    need: Summary
    due_on: date | None = None
    status: ServiceStatus = ServiceStatus.OPENED
    handled_by: str = Field(default="", max_length=64)
    escalated_to: Place = ""
    escalated_on: date | None = None
    closed_at: UtcDateTime | None = None
    outcome: Note = ""
    satisfaction: Satisfaction | None = None
