"""Volunteer service (志愿服务): teams, volunteers, activities and the hours each person gave."""

from __future__ import annotations

from typing import Annotated, Self
from uuid import UUID

from pydantic import AfterValidator, Field, ValidationInfo, model_validator

from app.errors import InvalidValue
from app.models.checks import checks_values, input_rule
from app.models.community import MAX_HEAD_COUNT, ActivityKind
from app.models.fields import AttachmentRef, IdNumber, Note, PersonName, Phone, Place, Title, UtcDateTime
from app.models.record import Record, Reviewed

MAX_HOURS_PER_ACTIVITY = 24.0


class VolunteerTeam(Record):
    entity = "volunteer_teams"

    name: Title
    description: Note = ""


class Volunteer(Record):
    entity = "volunteers"

    name: PersonName
    team_id: UUID | None = None
    resident_id: UUID | None = None
    phone: Phone | None = None
    id_number: IdNumber | None = None
    # An inactive volunteer is no longer offered for new activities; their hours stay theirs.
    active: bool = True


class VolunteerActivity(Reviewed):
    entity = "volunteer_activities"

    title: Title
    team_id: UUID | None = None
    started_at: UtcDateTime
    ended_at: UtcDateTime
    location: Place = ""
    description: Note = ""
    attachments: list[AttachmentRef] = Field(default_factory=list)
    kind: ActivityKind = ActivityKind.OTHER
    # 人次: everyone who took part, registered volunteers or not; and those the activity served.
    participant_count: int = Field(default=0, ge=0, le=MAX_HEAD_COUNT)
    beneficiary_count: int = Field(default=0, ge=0, le=MAX_HEAD_COUNT)
    # The registered households the activity served (a visit to the elderly living alone), by id.
    households_served: list[UUID] = Field(default_factory=list)

    @model_validator(mode="after")
    def _households_once(self) -> Self:
        if len(set(self.households_served)) != len(self.households_served):
            self.households_served = list(dict.fromkeys(self.households_served))
        return self

    @model_validator(mode="after")
    def _ends_after_start(self, info: ValidationInfo) -> Self:
        if checks_values(info) and self.ended_at < self.started_at:
            raise InvalidValue(
                "activity_end_before_start",
                "活动结束时间不能早于开始时间。",
                "An activity cannot end before it starts.",
            )
        return self


def _hours_in_range(hours: float) -> float:
    if not 0 < hours <= MAX_HOURS_PER_ACTIVITY:
        raise InvalidValue(
            "hours_range",
            f"服务时长应大于0且不超过{MAX_HOURS_PER_ACTIVITY:g}小时。",
            f"Hours must be more than 0 and at most {MAX_HOURS_PER_ACTIVITY:g}.",
        )
    return hours


class Participation(Record):
    entity = "participations"

    activity_id: UUID
    volunteer_id: UUID
    hours: Annotated[float, AfterValidator(input_rule(_hours_in_range))]
