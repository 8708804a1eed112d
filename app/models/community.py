"""Community work beyond a household: the kinds of volunteer activity the region reports, patrols
(巡查) and the incidents (事件) found on them or reported on their own, followed to closure, and the
evening deliberation meetings (晚议 / 议事) where residents settle village matters together."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

from pydantic import Field, ValidationInfo, model_validator

from app.errors import InvalidValue
from app.models.checks import checks_values
from app.models.fields import AttachmentRef, Note, PersonName, Place, Summary, Title, UtcDateTime
from app.models.labels import LabeledEnum
from app.models.record import Record

# Head-counts a single activity or report can plausibly carry; more is a typing slip.
MAX_HEAD_COUNT = 100_000


class ActivityKind(LabeledEnum):
    """The activity types the region's report counts 场次 and 人次 by."""

    LECTURE = "lecture", "宣讲", "Lecture (宣讲)"
    OUR_FESTIVALS = "our_festivals", "“我们的节日”", "“Our festivals”"
    PERFORMANCE = "performance", "文艺演出", "Performance"
    HELPING_THE_NEEDY = "helping_the_needy", "扶弱济困", "Helping the needy"
    POLICY_EXPLAINED = "policy_explained", "政策解读", "Policy explained"
    ETHNIC_UNITY = "ethnic_unity", "民族团结进步", "Ethnic unity and progress"
    OTHER = "other", "其他", "Other"


class MeetingKind(LabeledEnum):
    """The two shapes a deliberation takes: the herders' evening meeting and the residents' council."""

    EVENING = "evening", "晚议", "Evening meeting (晚议)"
    COUNCIL = "council", "议事会", "Residents' council (议事)"


class IncidentCategory(LabeledEnum):
    GRASSLAND_FIRE = "grassland_fire", "草原防火", "Grassland fire"
    SAFETY_HAZARD = "safety_hazard", "安全隐患", "Safety hazard"
    ENVIRONMENT = "environment", "环境", "Environment"
    BORDER = "border", "边境异常", "Border anomaly"
    OTHER = "other", "其他", "Other"


class IncidentStatus(LabeledEnum):
    """上报 → 处置中 → 已办结; the order a status may only move forward in."""

    REPORTED = "reported", "已上报", "Reported"
    HANDLING = "handling", "处置中", "Being handled"
    CLOSED = "closed", "已办结", "Closed"


def _ends_after_start(started_at: datetime, ended_at: datetime | None) -> None:
    if ended_at is not None and ended_at < started_at:
        raise InvalidValue(
            "patrol_end_before_start",
            "巡查结束时间不能早于开始时间。",
            "A patrol cannot end before it starts.",
        )


class Patrol(Record):
    """A patrol log (巡查日志): where the worker went, when, and what they found."""

    entity = "patrols"

    route: Title
    patroller: str = Field(min_length=1, max_length=64)
    started_at: UtcDateTime
    ended_at: UtcDateTime | None = None
    findings: Note = ""
    attachments: list[AttachmentRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _times(self, info: ValidationInfo) -> Self:
        if checks_values(info):
            _ends_after_start(self.started_at, self.ended_at)
        return self


class Incident(Record):
    """An incident (事件上报) not tied to a household: found on a patrol or reported on its own,
    followed to closure and, where the grid cannot handle it, escalated to the township."""

    entity = "incidents"

    patrol_id: UUID | None = None
    category: IncidentCategory
    place: Place
    summary: Summary
    reported_at: UtcDateTime
    status: IncidentStatus = IncidentStatus.REPORTED
    escalated_at: UtcDateTime | None = None
    handling_note: Note = ""
    attachments: list[AttachmentRef] = Field(default_factory=list)

    @model_validator(mode="after")
    def _escalated_after_report(self, info: ValidationInfo) -> Self:
        if checks_values(info) and self.escalated_at is not None and self.escalated_at < self.reported_at:
            raise InvalidValue(
                "incident_escalated_before_report",
                "上报乡镇的时间不能早于事件上报时间。",
                "An incident cannot be escalated before it was reported.",
            )
        return self


class Deliberation(Record):
    """A deliberation meeting (晚议 / 议事): who came, what was discussed, what was decided and who
    sees the decision through. Attendees are names typed, residents picked from the registry, or
    both; the head-count covers everyone who came, listed or not."""

    entity = "deliberations"

    kind: MeetingKind = MeetingKind.COUNCIL
    held_at: UtcDateTime
    place: Place = ""
    host: Title
    attendee_names: list[PersonName] = Field(default_factory=list)
    attendee_resident_ids: list[UUID] = Field(default_factory=list)
    attendee_count: int = Field(default=0, ge=0, le=MAX_HEAD_COUNT)
    topics: Summary
    decisions: Note = ""
    follow_up_owner: Place = ""

    @model_validator(mode="after")
    def _everyone_listed_is_counted(self, info: ValidationInfo) -> Self:
        if checks_values(info):
            check_head_count(self.attendee_count, len(self.attendee_names) + len(self.attendee_resident_ids))
        return self


def check_head_count(count: int, listed: int) -> None:
    """Everyone listed as attending came, so the head-count is at least them (and may be more)."""
    if count < listed:
        raise InvalidValue(
            "meeting_head_count",
            f"到会人数不能少于列出的参会人（已列出{listed}人）。",
            f"The head-count cannot be less than the attendees listed ({listed}).",
        )
