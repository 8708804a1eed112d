"""A supervisor's decision on a record: approved, or returned with a comment the worker sees."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from app.models.enums import ReviewDecision
from app.models.fields import Note
from app.models.record import Record


class Review(Record):
    entity = "reviews"

    record_entity: Literal["visits", "disputes", "volunteer_activities"]
    record_id: UUID
    decision: ReviewDecision
    comment: Note = ""
    reviewer: str = Field(min_length=1, max_length=64)
