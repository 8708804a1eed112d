"""A new laptop's first sync: the records of its grids as they stand now, not their history.

Replaying years of a township's change log to a laptop that starts empty sends every value ever
written; the records' current states are a fraction of that. The snapshot is taken against a fixed
``high`` seq, read on the first page and sent back by the laptop with every later one; once the
laptop has every page it pulls from ``high`` as usual. A record changed while the pages are read
may come both in a page (as it is then) and after ``high`` in the log (as it was changed): each
field keeps its newest version on the laptop, so it ends the same either way, and nothing
committed after ``high`` is missed.

Records come type by type, parents first, each type in record id order; then the conflicts
recorded up to ``high``, in log order. Where to go on from is an opaque position the laptop
keeps, so a cut link costs one page.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.models import RECORD_TYPES
from app.models.record import CREATION
from server import db, state
from server.clock import ServerClock
from server.devices import Device
from server.errors import ApiError
from server.pull import high_seq
from sync.protocol import CONFLICTS_ENTITY, MAX_PULL_PAGE
from sync.rules import FieldVersion

RECORDS, CONFLICTS = "records", "conflicts"
# Record types parents first, as the store creates their tables: a laptop builds a record as soon
# as what it points at is there, instead of keeping it waiting.
ORDER = tuple(model.entity for model in RECORD_TYPES)


def _bad_position() -> ApiError:
    return ApiError(
        400,
        "bad_snapshot_position",
        "首次同步的续传位置无效，请重新同步。",
        "The first sync's position is not valid; sync again.",
    )


def _position(after: str) -> tuple[str, tuple[str, str] | int]:
    """The phase and where in it a page starts: ("records", (entity, record_id)) or
    ("conflicts", seq); an empty position is the start."""
    if not after:
        return RECORDS, (ORDER[0], "")
    phase, _, rest = after.partition(":")
    entity, _, record_id = rest.partition("/")
    if phase == RECORDS and entity in ORDER:
        return RECORDS, (entity, record_id)
    if phase == CONFLICTS and rest.isdigit() and int(rest) <= 2**62:
        return CONFLICTS, int(rest)
    raise _bad_position()


def _in_scope(device: Device) -> sa.ColumnElement[bool]:
    """The records a device holds: those of the grids it covers, and the grid records of the
    grids above its own (to name where it stands) — as the pull serves them."""
    return sa.or_(
        db.records.c.grid.in_(sorted(device.covered)),
        sa.and_(db.records.c.entity == "grids", db.records.c.grid.in_(sorted(device.named))),
    )


def _record_page(
    conn: Connection, device: Device, start: tuple[str, str], limit: int
) -> tuple[list[dict[str, Any]], str]:
    """Up to ``limit`` records from ``start`` on, type after type, with their states."""
    first, after_id = start
    rows: list[sa.Row[*tuple[Any, ...]]] = []
    position = f"{CONFLICTS}:0"
    for entity in ORDER[ORDER.index(first) :]:
        found = conn.execute(
            sa.select(db.records.c.entity, db.records.c.record_id, db.records.c.grid)
            .where(db.records.c.entity == entity, db.records.c.record_id > after_id, _in_scope(device))
            .order_by(db.records.c.record_id)
            .limit(limit - len(rows) + 1)
        ).all()
        after_id = ""
        if len(rows) + len(found) > limit:
            rows += found[: limit - len(rows)]
            position = f"{RECORDS}:{rows[-1].entity}/{rows[-1].record_id}"
            break
        rows += found
    states = state.load(conn, [(row.entity, row.record_id) for row in rows])
    changes = []
    for row in rows:
        found_state = states.get((row.entity, row.record_id))
        if found_state is None:
            continue
        if found_state.creation is not None:
            changes.append(_served(row.entity, row.record_id, row.grid, CREATION, found_state.creation))
        for name, version in found_state.edits.items():
            changes.append(_served(row.entity, row.record_id, row.grid, name, version))
    return changes, position


def _served(entity: str, record_id: str, grid: str, name: str, version: FieldVersion) -> dict[str, Any]:
    return {
        "entity": entity,
        "record_id": record_id,
        "grid": grid,
        "field": name,
        "value": version.value,
        "hlc": version.hlc,
    }


def _conflict_page(
    conn: Connection, device: Device, after_seq: int, high: int, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    changes = db.changes
    rows = conn.execute(
        sa.select(
            changes.c.seq,
            changes.c.entity,
            changes.c.record_id,
            changes.c.grid,
            changes.c.field,
            changes.c.value,
            changes.c.hlc,
        )
        .where(
            changes.c.grid.in_(sorted(device.covered)),
            changes.c.entity == CONFLICTS_ENTITY,
            changes.c.seq > after_seq,
            changes.c.seq <= high,
        )
        .order_by(changes.c.seq)
        .limit(limit + 1)
    ).all()
    page = rows[:limit]
    served = [_served(r.entity, r.record_id, r.grid, r.field, FieldVersion(r.value, r.hlc)) for r in page]
    return served, f"{CONFLICTS}:{page[-1].seq}" if len(rows) > limit else None


def snapshot_page(
    conn: Connection, device: Device, high: int, after: str, limit: int, clock: ServerClock
) -> dict[str, Any]:
    """One page, shaped as ``SnapshotResponse``; ``high`` 0 on the first page fixes it."""
    high = high or high_seq(conn)
    limit = max(1, min(limit, MAX_PULL_PAGE))
    phase, start = _position(after)
    position: str | None
    if phase == RECORDS:
        assert isinstance(start, tuple)
        changes, position = _record_page(conn, device, start, limit)
    else:
        assert isinstance(start, int)
        changes, position = _conflict_page(conn, device, start, high, limit)
    return {"changes": changes, "high": high, "after": position, "server_hlc": str(clock.tick())}
