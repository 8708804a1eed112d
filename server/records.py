"""Records the server writes itself — the grid tree, which devices receive like any record —
and the bulk upsert pushes use for the same tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.clock import HybridClock, Stamp
from app.models import Grid, GridLevel
from server import db, dialects

# The device id on what the server writes of its own accord (an administrator's grid tree).
SERVER_DEVICE = "server"


def upsert_all(conn: Connection, table: sa.Table, rows: list[dict[str, Any]], keys: list[str]) -> None:
    dialects.of(conn).upsert_rows(conn, table, rows, keys)


def _stamp(conn: Connection) -> str:
    """A stamp after every one the server holds: administrators' writes come after all before."""
    high = conn.execute(sa.select(sa.func.max(db.changes.c.hlc))).scalar()
    return str(HybridClock(SERVER_DEVICE, last=Stamp.parse(high) if high else None).tick())


def write_grid(conn: Connection, code: str, name: str, level: GridLevel, parent: str | None) -> None:
    """The grid record every device under (and at) the grid receives, to name it and place it."""
    grid = Grid(
        grid=code,
        code=code,
        name=name,
        level=level,
        parent_code=parent,
        author=SERVER_DEVICE,
        created_at=datetime.now(UTC),
    )
    values = grid.model_dump(mode="json", exclude={"id", "updated_at"})
    record_id, hlc = str(grid.id), _stamp(conn)
    dialects.of(conn).ordered_writes(conn)
    upsert_all(
        conn,
        db.field_state,
        [
            {"entity": "grids", "record_id": record_id, "field": f, "value": v, "hlc": hlc}
            for f, v in values.items()
        ],
        ["entity", "record_id", "field"],
    )
    upsert_all(
        conn, db.records, [{"entity": "grids", "record_id": record_id, "grid": code}], ["entity", "record_id"]
    )
    conn.execute(
        sa.insert(db.changes),
        [
            {
                "entity": "grids",
                "record_id": record_id,
                "grid": code,
                "field": f,
                "value": v,
                "hlc": hlc,
                "original_hlc": None,
                "device_id": SERVER_DEVICE,
            }
            for f, v in values.items()
        ],
    )
