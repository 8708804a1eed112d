"""Disputes and their mediation (矛盾纠纷化解): the data shape; the workflow lives in services."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from app.models.enums import (
    DisputeCategory,
    DisputeStatus,
    JudicialResult,
    MediationMethod,
    MediationTrack,
    PartyRole,
    ReferralBody,
    RiskLevel,
)
from app.models.fields import AttachmentRef, IdNumber, Note, PersonName, Phone, Place, Title, UtcDateTime
from app.models.record import Record, Reviewed


class Dispute(Reviewed):
    entity = "disputes"

    title: Title
    category: DisputeCategory
    risk_level: RiskLevel = RiskLevel.NORMAL
    status: DisputeStatus = DisputeStatus.REGISTERED
    location: Place = ""
    description: Note = ""
    occurred_on: date | None = None
    mediator: str | None = Field(default=None, max_length=64)
    outcome: Note = ""
    agreement: Note = ""
    attachments: list[AttachmentRef] = Field(default_factory=list)
    # 涉及民族因素: the region reports these apart and a supervisor watches them closely.
    ethnic_factors: bool = False
    # 司法确认: after an agreement, the parties may ask a court to confirm it, which makes it
    # enforceable; applied for at a court on a day, then confirmed or not (no result yet: pending).
    judicial_court: Place = ""
    judicial_applied_on: date | None = None
    judicial_result: JudicialResult | None = None
    judicial_decided_on: date | None = None


class DisputeParty(Record):
    entity = "dispute_parties"

    dispute_id: UUID
    role: PartyRole
    name: PersonName
    resident_id: UUID | None = None
    phone: Phone | None = None
    id_number: IdNumber | None = None


class MediationSession(Record):
    entity = "mediation_sessions"

    dispute_id: UUID
    held_at: UtcDateTime
    track: MediationTrack
    method: MediationMethod
    mediators: list[str] = Field(default_factory=list)
    notes: Note = ""


class FollowUp(Record):
    entity = "follow_ups"

    dispute_id: UUID
    due_on: date
    done_at: UtcDateTime | None = None
    visit_id: UUID | None = None
    notes: Note = ""


class DisputeStep(Record):
    """One move of a dispute through mediation: who moved it, when and why; the dispute's timeline.

    A referral also names the receiving body, its reference number and the track the dispute
    leaves and enters (三调联动: people's → administrative → judicial and back)."""

    entity = "dispute_steps"

    dispute_id: UUID
    from_status: DisputeStatus | None = None
    to_status: DisputeStatus
    at: UtcDateTime
    by: str = Field(min_length=1, max_length=64)
    reason: Note = ""
    referred_to: ReferralBody | None = None
    reference_no: str = Field(default="", max_length=64)
    track_from: MediationTrack | None = None
    track_to: MediationTrack | None = None
