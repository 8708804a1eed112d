"""Serving changes after a device's cursor, only for its grids.

The page and the cursor come from one snapshot: the highest committed seq is read first, and
because pushes commit in seq order (server.db), every seq at or below it is already visible. So
the cursor may move past rows the device does not need (other grids, its own changes) without
ever stepping over one it does.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server import db
from server.clock import ServerClock
from server.devices import Device
from sync.protocol import CONFLICTS_ENTITY, MAX_PULL_PAGE

# The columns of ``ServerChange``, named as it names them.
_SERVED = (
    db.changes.c.seq,
    db.changes.c.entity,
    db.changes.c.record_id,
    db.changes.c.grid,
    db.changes.c.field,
    db.changes.c.value,
    db.changes.c.hlc,
    db.changes.c.device_id.label("device"),
    sa.type_coerce(db.changes.c.original_hlc.is_not(None), sa.Boolean).label("restamped"),
)
# As plain str: SQLAlchemy's names are a str subclass that pydantic-core serialises fifty times slower.
_NAMES = tuple(str(column.name) for column in _SERVED)


# Built once: a device pulls after every push, and building the statement cost a tenth of a pull.
_HIGH = sa.select(sa.func.coalesce(sa.func.max(db.changes.c.seq), 0))
_PAGE = (
    sa.select(*_SERVED)
    .where(
        db.changes.c.seq > sa.bindparam("cursor"),
        db.changes.c.seq <= sa.bindparam("high"),
        sa.or_(
            db.changes.c.grid.in_(sa.bindparam("grids", expanding=True)),
            # The grid records of the grids above the device's, to name where it stands.
            sa.and_(
                db.changes.c.entity == "grids", db.changes.c.grid.in_(sa.bindparam("named", expanding=True))
            ),
        ),
        # A device has its own changes already, unless the server re-stamped them, or it was
        # restored from a backup and asks for them again up to ``own_until``; a conflict its
        # change caused is news to every device, itself included.
        sa.or_(
            db.changes.c.device_id != sa.bindparam("device"),
            db.changes.c.original_hlc.is_not(None),
            db.changes.c.entity == CONFLICTS_ENTITY,
            db.changes.c.seq <= sa.bindparam("own_until"),
        ),
    )
    .order_by(db.changes.c.seq)
    .limit(sa.bindparam("rows", type_=sa.Integer))
)


def high_seq(conn: Connection) -> int:
    return int(conn.execute(_HIGH).scalar_one())


def pull(
    conn: Connection, device: Device, cursor: int, limit: int, clock: ServerClock, *, own_until: int = 0
) -> dict[str, Any]:
    """One page, shaped as ``PullResponse`` but as plain dicts.

    Each change is served to every other device of its grid, so this is the server's most
    repeated work: building a pydantic model per row cost more CPU than the database. The rows
    come from our own log, written after validation, and the tests read every page back through
    ``PullResponse``."""
    high = high_seq(conn)
    limit = max(1, min(limit, MAX_PULL_PAGE))
    rows = conn.execute(
        _PAGE,
        {
            "cursor": cursor,
            "high": high,
            "grids": sorted(device.covered),
            "named": sorted(device.named),
            "device": device.id,
            "own_until": own_until,
            "rows": limit + 1,
        },
    ).all()
    more = len(rows) > limit
    page = rows[:limit]
    return {
        "changes": [dict(zip(_NAMES, row, strict=True)) for row in page],
        "next_cursor": page[-1].seq if more else max(high, cursor),
        "more": more,
        "server_hlc": str(clock.tick()),
    }
