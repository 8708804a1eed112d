"""Serving changes after a device's cursor, only for its grids.

The page and the cursor come from one snapshot: the highest committed seq is read first, and
because pushes commit in seq order (server.db), every seq at or below it is already visible. So
the cursor may move past rows the device does not need (other grids, its own changes) without
ever stepping over one it does.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server import db
from server.clock import ServerClock
from server.devices import Device
from sync.protocol import CONFLICTS_ENTITY, MAX_PULL_PAGE, PullResponse, ServerChange


def pull(conn: Connection, device: Device, cursor: int, limit: int, clock: ServerClock) -> PullResponse:
    high = conn.execute(sa.select(sa.func.coalesce(sa.func.max(db.changes.c.seq), 0))).scalar_one()
    limit = max(1, min(limit, MAX_PULL_PAGE))
    rows = conn.execute(
        sa.select(db.changes)
        .where(
            db.changes.c.seq > cursor,
            db.changes.c.seq <= high,
            db.changes.c.grid.in_(sorted(device.grids)),
            # A device has its own changes already, unless the server re-stamped them; a conflict
            # its change caused is news to every device, itself included.
            sa.or_(
                db.changes.c.device_id != device.id,
                db.changes.c.original_hlc.is_not(None),
                db.changes.c.entity == CONFLICTS_ENTITY,
            ),
        )
        .order_by(db.changes.c.seq)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    page = rows[:limit]
    changes = [
        ServerChange.model_construct(
            seq=row.seq,
            entity=row.entity,
            record_id=uuid.UUID(row.record_id),
            grid=row.grid,
            field=row.field,
            value=row.value,
            hlc=row.hlc,
            device=row.device_id,
            restamped=row.original_hlc is not None,
        )
        for row in page
    ]
    next_cursor = page[-1].seq if more else max(high, cursor)
    # Rows come from our own log, written after validation: no need to validate them again.
    return PullResponse.model_construct(
        changes=changes, next_cursor=next_cursor, more=more, server_hlc=str(clock.tick())
    )
