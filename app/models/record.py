"""What every synced record has: a device-made UUID, its grid, author, times and a tombstone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar
from uuid import UUID, uuid4

from pydantic import BaseModel, ConfigDict, Field

from app.models.enums import ReviewState
from app.models.fields import GridCode, UtcDateTime

# A record's creation, where a field name goes: in the change log and on the wire a new record is
# one change carrying all its fields (value: a mapping of field to value) under this name, and a
# stored record's clocks name its creation's stamp so.
CREATION = "*"
# Kept by each device for itself, never synced.
NOT_SYNCED = frozenset({"id", "updated_at"})


def utc_now() -> datetime:
    return datetime.now(UTC)


class Record(BaseModel):
    """Base of every syncable record.

    ``grid`` is on every record, children included, because it is what sync scopes by: a device
    only receives and may only write the grids it is enrolled for. Deleting sets ``deleted``; the
    row stays so the delete can sync.
    """

    model_config = ConfigDict(validate_assignment=True, extra="forbid", str_strip_whitespace=True)

    entity: ClassVar[str]
    metadata_fields: ClassVar[frozenset[str]] = frozenset({"updated_at"})

    id: UUID = Field(default_factory=uuid4)
    grid: GridCode
    author: str = Field(min_length=1, max_length=64)
    created_at: UtcDateTime = Field(default_factory=utc_now)
    updated_at: UtcDateTime = Field(default_factory=utc_now)
    deleted: bool = False


class Reviewed(Record):
    """A record a supervisor reviews. ``review_state`` is what the review queue and the lock on
    approved records read; the ``Review`` records beside it are the history of decisions."""

    review_state: ReviewState = ReviewState.PENDING
