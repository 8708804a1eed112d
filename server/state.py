"""A record's current state on the server, as ``field_state`` keeps it: the row of its creation
(field ``*``: every field at the creation's stamp) and a row for each field changed since.

A new record is one row, not one per field: written a dozen times for every record a laptop
makes, per-field rows were the most of a push's cost. A field's current version is the newer of
its own row, where it has one, and the creation's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.models.record import CREATION
from server import db, dialects
from sync.rules import FieldVersion

RecordKey = tuple[str, str]


@dataclass
class RecordState:
    creation: FieldVersion | None = None  # value: the creation's fields
    edits: dict[str, FieldVersion] = field(default_factory=dict)

    def current(self, name: str) -> FieldVersion | None:
        edit = self.edits.get(name)
        if self.creation is None or name not in self.creation.value:
            return edit
        if edit is not None and edit.hlc > self.creation.hlc:
            return edit
        return FieldVersion(self.creation.value[name], self.creation.hlc)

    def fields(self) -> Iterator[tuple[str, FieldVersion]]:
        """Every field with its current version."""
        created = self.creation.value if self.creation is not None else {}
        for name in {**created, **self.edits}:
            version = self.current(name)
            assert version is not None
            yield name, version

    def newest(self, besides: str = "") -> str:
        """The newest stamp of any of its fields, leaving out ``besides`` (a save's own stamp)."""
        stamps = [v.hlc for v in self.edits.values()]
        stamps += [self.creation.hlc] if self.creation is not None else []
        return max((stamp for stamp in stamps if stamp != besides), default="")


def fold(rows: Iterable[Any]) -> dict[RecordKey, RecordState]:
    """States from ``field_state`` rows (entity, record_id, field, value, hlc)."""
    states: dict[RecordKey, RecordState] = {}
    for row in rows:
        state = states.setdefault((row.entity, row.record_id), RecordState())
        version = FieldVersion(row.value, row.hlc)
        if row.field == CREATION:
            state.creation = version
        else:
            state.edits[row.field] = version
    return states


def load(conn: Connection, keys: list[tuple[str, str]]) -> dict[RecordKey, RecordState]:
    """The states of these records (those the server holds)."""
    return fold(dialects.of(conn).rows_of(conn, db.field_state, keys)) if keys else {}


def every(conn: Connection) -> Iterator[tuple[RecordKey, RecordState]]:
    """Every record's state, one record at a time, in (entity, record_id) order."""
    rows = conn.execute(
        sa.select(db.field_state).order_by(db.field_state.c.entity, db.field_state.c.record_id)
    )
    current: list[Any] = []
    for row in rows:
        if current and (current[0].entity, current[0].record_id) != (row.entity, row.record_id):
            yield from fold(current).items()
            current = []
        current.append(row)
    if current:
        yield from fold(current).items()
