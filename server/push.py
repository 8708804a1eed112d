"""Applying a device's batch of field changes: idempotent, scoped, under the shared rules.

One transaction per batch. A repeated batch id returns the stored answer and changes nothing, so
a device that lost the answer to a cut connection can simply send the batch again.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from functools import cache
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from app.clock import Stamp
from app.models import BY_ENTITY
from server import db
from server.clock import ServerClock
from server.devices import Device
from sync import rules
from sync.protocol import ChangeResult, ChangeStatus, FieldChange, PushRequest, PushResponse

log = logging.getLogger(__name__)
_NOT_SYNCED = frozenset({"id", "updated_at"})
CONFLICTS_ENTITY = "conflicts"


class Refusal(Exception):
    def __init__(self, reason: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.reason, self.zh, self.en = reason, zh, en


@cache
def _adapter(entity: str, field: str) -> TypeAdapter[Any] | None:
    model = BY_ENTITY.get(entity)
    if model is None or field not in model.model_fields or field in _NOT_SYNCED:
        return None
    info = model.model_fields[field]
    return TypeAdapter(Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation)


def _check_value(change: FieldChange) -> None:
    adapter = _adapter(change.entity, change.field)
    if adapter is None:
        raise Refusal(
            "unknown_field",
            f"未知的字段：{change.entity}.{change.field}",
            f"Unknown field {change.entity}.{change.field}",
        )
    try:
        adapter.validate_python(change.value)
    except ValidationError as exc:
        raise Refusal(
            "invalid_value",
            f"字段 {change.entity}.{change.field} 的值无效。",
            f"Invalid value for {change.entity}.{change.field}: {exc.errors()[0]['msg']}",
        ) from None


def _check_scope(device: Device, *grids: str) -> None:
    if outside := sorted(set(grids) - device.grids):
        raise Refusal(
            "out_of_scope",
            f"本设备无权写入网格 {', '.join(outside)}。",
            f"This device may not write grid {', '.join(outside)}.",
        )


def _upsert(conn: Connection, table: sa.Table, values: dict[str, Any], keys: list[str]) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values(**values)
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=keys, set_={k: statement.excluded[k] for k in values if k not in keys}
        )
    )


def _record_grid(conn: Connection, change: FieldChange) -> str | None:
    return conn.execute(
        sa.select(db.records.c.grid).where(
            db.records.c.entity == change.entity, db.records.c.record_id == str(change.record_id)
        )
    ).scalar()


def _apply_one(conn: Connection, device: Device, change: FieldChange, clock: ServerClock) -> ChangeResult:
    _check_value(change)
    stored_grid = _record_grid(conn, change)
    _check_scope(device, change.grid, *([stored_grid] if stored_grid else []))
    stamp = Stamp.parse(change.hlc)
    restamped = rules.too_far_ahead(stamp, clock.now_ms())
    if restamped:
        stamp = clock.tick()
        log.warning("re-stamped change from %s: %s -> %s", device.id, change.hlc, stamp)
    else:
        clock.observe(stamp)
    hlc = str(stamp)
    key = {"entity": change.entity, "record_id": str(change.record_id), "field": change.field}
    row = conn.execute(
        sa.select(db.field_state.c.value, db.field_state.c.hlc).where(
            *(db.field_state.c[k] == v for k, v in key.items())
        )
    ).first()
    current = rules.FieldVersion(row.value, row.hlc) if row else None
    incoming = rules.FieldVersion(change.value, hlc)
    verdict = rules.decide(change.entity, change.field, current, incoming, change.base_hlc)
    grid = change.value if change.field == "grid" else (stored_grid or change.grid)
    if verdict is rules.Verdict.CONFLICT:
        _record_conflict(conn, device, change, current, incoming, stored_grid or change.grid)
    if verdict is rules.Verdict.SUPERSEDED or not rules.incoming_wins(current, incoming):
        return ChangeResult(status=ChangeStatus(verdict.value), hlc=hlc, restamped=restamped)
    _upsert(conn, db.field_state, {**key, "value": change.value, "hlc": hlc}, list(key))
    _upsert(
        conn,
        db.records,
        {"entity": change.entity, "record_id": str(change.record_id), "grid": grid},
        ["entity", "record_id"],
    )
    conn.execute(
        sa.insert(db.changes).values(
            **key,
            grid=grid,
            value=change.value,
            hlc=hlc,
            original_hlc=change.hlc if restamped else None,
            device_id=device.id,
        )
    )
    return ChangeResult(status=ChangeStatus(verdict.value), hlc=hlc, restamped=restamped)


def _record_conflict(
    conn: Connection,
    device: Device,
    change: FieldChange,
    current: rules.FieldVersion | None,
    incoming: rules.FieldVersion,
    grid: str,
) -> None:
    """Keep both values, and put the conflict in the change stream so every device flags it."""
    assert current is not None
    conflict_id = str(uuid.uuid4())
    values = {
        "entity": change.entity,
        "record_id": str(change.record_id),
        "field": change.field,
        "current_value": current.value,
        "current_hlc": current.hlc,
        "incoming_value": incoming.value,
        "incoming_hlc": incoming.hlc,
        "incoming_device": device.id,
    }
    conn.execute(
        sa.insert(db.conflicts).values(id=conflict_id, grid=grid, created_at=datetime.now(UTC), **values)
    )
    conn.execute(
        sa.insert(db.changes).values(
            entity=CONFLICTS_ENTITY,
            record_id=conflict_id,
            grid=grid,
            field="opened",
            value=values,
            hlc=incoming.hlc,
            device_id=device.id,
        )
    )
    log.info("conflict %s on %s.%s of %s", conflict_id, change.entity, change.field, change.record_id)


def apply_push(conn: Connection, device: Device, request: PushRequest, clock: ServerClock) -> PushResponse:
    """Apply a batch in the caller's transaction; returns the stored answer for a repeated batch."""
    db.ordered_writes(conn)
    stored = conn.execute(
        sa.select(db.batches.c.response).where(
            db.batches.c.device_id == device.id, db.batches.c.batch_id == str(request.batch_id)
        )
    ).scalar()
    if stored is not None:
        return PushResponse.model_validate(stored)
    results = []
    for change in request.changes:
        try:
            results.append(_apply_one(conn, device, change, clock))
        except Refusal as refusal:
            log.warning(
                "refused change from %s: %s (%s.%s %s grid %s)",
                device.id,
                refusal.reason,
                change.entity,
                change.field,
                change.record_id,
                change.grid,
            )
            results.append(
                ChangeResult(
                    status=ChangeStatus.REFUSED,
                    hlc=change.hlc,
                    reason=refusal.reason,
                    message_zh=refusal.zh,
                    message_en=refusal.en,
                )
            )
    response = PushResponse(batch_id=request.batch_id, results=results, server_hlc=str(clock.tick()))
    conn.execute(
        sa.insert(db.batches).values(
            device_id=device.id,
            batch_id=str(request.batch_id),
            response=response.model_dump(mode="json"),
            created_at=datetime.now(UTC),
        )
    )
    return response
