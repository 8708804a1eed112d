"""What supervisors decide: a record approved or returned with a comment the worker sees, and a
sync conflict settled. Both are records, so they sync like anything a worker writes and reach
every device of the grid."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from app.models.enums import ReviewDecision
from app.models.fields import Note
from app.models.record import Record

ReviewedEntity = Literal["visits", "disputes", "volunteer_activities"]


class Review(Record):
    entity = "reviews"

    record_entity: ReviewedEntity
    record_id: UUID
    decision: ReviewDecision
    comment: Note = ""
    reviewer: str = Field(min_length=1, max_length=64)


class ConflictResolution(Record):
    """The supervisor's answer to one conflict; ``value`` is the kept or merged value as JSON text.

    The value itself also goes into the record as an ordinary change: this record is what closes
    the conflict on every device, and says who chose what.
    """

    entity = "conflict_resolutions"

    conflict_id: UUID
    record_entity: str = Field(min_length=1, max_length=64)
    record_id: UUID
    field: str = Field(min_length=1, max_length=64)
    value: str
    resolver: str = Field(min_length=1, max_length=64)


class AuditEvent(Record):
    """An act that must be accounted for upward (an export with full ID numbers); synced, never edited."""

    entity = "audit_events"

    action: str = Field(min_length=1, max_length=64)
    actor: str = Field(min_length=1, max_length=64)
    detail: Note = ""
