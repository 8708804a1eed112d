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
    """An act that must be accounted for upward (a login, an export with full ID numbers, a review,
    a transfer, a restore); synced, never edited.

    Each laptop chains its own events (``app.models.audit_chain``): ``chain_seq`` counts them
    from 1, ``chain_prev`` is the previous event's ``chain_hash``, and ``chain_hash`` covers this
    event's fields and that link, so a removed, reordered or altered entry shows. Events written
    before the chain existed have ``chain_seq`` 0."""

    entity = "audit_events"

    action: str = Field(min_length=1, max_length=64)
    actor: str = Field(min_length=1, max_length=64)
    detail: Note = ""
    chain_device: str = Field(default="", max_length=64)
    chain_seq: int = Field(default=0, ge=0)
    chain_prev: str = Field(default="", max_length=64)
    chain_hash: str = Field(default="", max_length=64)
