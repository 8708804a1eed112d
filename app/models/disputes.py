"""Disputes and their mediation (矛盾纠纷化解): the data shape; the workflow lives in services."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from app.models.enums import (
    DisputeCategory,
    DisputeStatus,
    MediationMethod,
    MediationTrack,
    PartyRole,
    RiskLevel,
)
from app.models.fields import AttachmentRef, IdNumber, Note, PersonName, Phone, Place, Title, UtcDateTime
from app.models.record import Record


class Dispute(Record):
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
