"""The server's side of archiving on laptops: finished records leave a laptop and stay here, and a
worker brings one back by searching for it while online.

Both answers are scoped like a pull: only records in the grids the device covers, and a record
outside them is answered as not held, so a device learns nothing of other grids.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server import db, state
from server.clock import ServerClock
from server.devices import Device
from sync.protocol import ArchiveHit, FetchResponse, RecordKey

# What a worker looks for in the archive: the records that leave laptops, by what they are called.
SEARCHED = ("visits", "disputes", "volunteer_activities")
MAX_HITS = 50


def _in_scope(conn: Connection, device: Device, keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
    if not keys:
        return []
    rows = conn.execute(
        sa.select(db.records.c.entity, db.records.c.record_id).where(
            sa.tuple_(db.records.c.entity, db.records.c.record_id).in_(keys),
            db.records.c.grid.in_(sorted(device.covered)),
        )
    )
    return [(row.entity, row.record_id) for row in rows]


def fetch(conn: Connection, device: Device, keys: list[RecordKey], clock: ServerClock) -> FetchResponse:
    """Every change of these records, oldest first, as a pull serves them."""
    asked = [(key.entity, str(key.record_id)) for key in keys]
    held = _in_scope(conn, device, asked)
    rows = (
        conn.execute(
            sa.select(
                db.changes.c.seq,
                db.changes.c.entity,
                db.changes.c.record_id,
                db.changes.c.grid,
                db.changes.c.field,
                db.changes.c.value,
                db.changes.c.hlc,
                db.changes.c.device_id,
            )
            .where(sa.tuple_(db.changes.c.entity, db.changes.c.record_id).in_(held))
            .order_by(db.changes.c.seq)
        ).all()
        if held
        else []
    )
    changes: list[dict[str, Any]] = [
        {
            "seq": row.seq,
            "entity": row.entity,
            "record_id": row.record_id,
            "grid": row.grid,
            "field": row.field,
            "value": row.value,
            "hlc": row.hlc,
            "device": row.device_id,
        }
        for row in rows
    ]
    missing = [RecordKey(entity=e, record_id=UUID(r)) for e, r in asked if (e, r) not in set(held)]
    return FetchResponse.model_validate(
        {"changes": changes, "missing": missing, "server_hlc": str(clock.tick())}
    )


def _patterns(text: str) -> list[str]:
    """Patterns for ``text`` inside a stored JSON value, written as UTF-8 or with non-ASCII
    escaped (rows an older server wrote)."""

    def pattern(inner: str) -> str:
        return "%" + inner.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

    return sorted({pattern(json.dumps(text, ensure_ascii=False)[1:-1]), pattern(json.dumps(text)[1:-1])})


def _shown(entity: str, values: dict[str, Any]) -> tuple[str, str]:
    if entity == "visits":
        return str(values.get("summary", ""))[:40], str(values.get("visited_at", ""))[:10]
    return str(values.get("title", "")), str(values.get("location", ""))


def search(conn: Connection, device: Device, query: str, limit: int) -> list[ArchiveHit]:
    """Records of the device's grids whose text holds ``query`` (a name, a title, a phrase)."""
    text = query.strip()
    if not text:
        return []
    matching = (
        sa.select(db.field_state.c.entity, db.field_state.c.record_id)
        .join(
            db.records,
            sa.and_(
                db.records.c.entity == db.field_state.c.entity,
                db.records.c.record_id == db.field_state.c.record_id,
            ),
        )
        .where(
            db.records.c.grid.in_(sorted(device.covered)),
            db.field_state.c.entity.in_(SEARCHED),
            sa.or_(
                *(
                    sa.cast(db.field_state.c.value, sa.Text).like(pattern, escape="\\")
                    for pattern in _patterns(text)
                )
            ),
        )
        .distinct()
        .limit(max(1, min(limit, MAX_HITS)))
    )
    keys = [(row.entity, row.record_id) for row in conn.execute(matching)]
    grids = (
        dict(
            ((row.entity, row.record_id), row.grid)
            for row in conn.execute(
                sa.select(db.records).where(sa.tuple_(db.records.c.entity, db.records.c.record_id).in_(keys))
            )
        )
        if keys
        else {}
    )
    hits = []
    for key, record in state.load(conn, keys).items():
        values = {name: version.value for name, version in record.fields()}
        if values.get("deleted"):
            continue
        title, subtitle = _shown(key[0], values)
        hits.append(
            ArchiveHit(entity=key[0], record_id=UUID(key[1]), grid=grids[key], title=title, subtitle=subtitle)
        )
    return sorted(hits, key=lambda hit: (hit.entity, hit.title))
