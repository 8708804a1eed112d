"""The store as a replica: what sync reads from it and applies to it, each step one transaction.

Push side: the unsent tail of the change log, cut into batches whose id is saved before the batch
is sent, so a batch retried after a crash or a cut link carries the same id and the server's
idempotency makes the retry harmless. The server's answer moves the ``acked_seq`` watermark.

Pull side: each page is applied field by field, and the cursor advanced, in one transaction (a
checkpoint saved apart from its data is how PouchDB lost documents, pouchdb#1240). A pulled value
never overwrites a field that still has an unsent local change; the local change goes on top and
the server settles it. Fields of a record this device does not have wait in ``sync_inbox`` until
the record validates and its parent exists, however the server's pages happened to split them.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlcipher3
from pydantic import ValidationError

from app.clock import Stamp
from app.models import BY_ENTITY
from app.store import search
from app.store.store import CREATION_CLOCK, Store
from app.store.tables import column_value, fetch_row, to_json, to_row
from sync.protocol import CONFLICTS_ENTITY

log = logging.getLogger(__name__)
# The clock of fields a pulled record was built without: older than any real stamp.
_UNSTAMPED = ""


@dataclass(frozen=True)
class RemoteChange:
    """A field value as the server serves it."""

    entity: str
    record_id: str
    grid: str
    field: str
    value: Any
    hlc: str


@dataclass(frozen=True, kw_only=True)
class LoggedChange(RemoteChange):
    """A field value from this device's change log, with its place and the version it was made on."""

    seq: int
    base_hlc: str | None


@dataclass(frozen=True)
class PendingBatch:
    batch_id: str
    changes: list[LoggedChange]


@dataclass(frozen=True)
class Outcome:
    status: str
    hlc: str
    restamped: bool
    reason: str | None = None
    message_zh: str | None = None
    message_en: str | None = None


def acked_seq(store: Store) -> int:
    return int(store.meta("acked_seq") or 0)


def pull_cursor(store: Store) -> int:
    return int(store.meta("pull_cursor") or 0)


def next_batch(store: Store, limit: int) -> PendingBatch | None:
    """The batch to send now: the one sent before and not yet answered, or a new one."""
    with store.transaction():
        after = acked_seq(store)
        saved = json.loads(store.meta("push_batch") or "null")
        if saved and saved["last_seq"] > after:
            batch_id, where, params = saved["id"], "seq > ? AND seq <= ?", [after, saved["last_seq"]]
        else:
            batch_id, where, params = str(uuid.uuid4()), "seq > ? ORDER BY seq LIMIT ?", [after, limit]
        rows = store.db.execute(
            f"SELECT seq, entity, record_id, grid, field, value, hlc, base_hlc FROM change_log WHERE {where}",
            params,
        ).fetchall()
        if not rows:
            return None
        changes = [
            LoggedChange(
                seq=r[0],
                entity=r[1],
                record_id=r[2],
                grid=r[3],
                field=r[4],
                value=json.loads(r[5]),
                hlc=r[6],
                base_hlc=r[7],
            )
            for r in rows
        ]
        store.set_meta("push_batch", json.dumps({"id": batch_id, "last_seq": changes[-1].seq}))
    return PendingBatch(batch_id, changes)


def acknowledge(store: Store, batch: PendingBatch, outcomes: list[Outcome], server_hlc: str) -> None:
    """Commit the server's answer: the watermark moves, refusals and re-stamps are kept."""
    with store.transaction():
        for change, outcome in zip(batch.changes, outcomes, strict=True):
            if outcome.status == "refused":
                store.db.execute(
                    "INSERT OR REPLACE INTO sync_refused (seq, entity, record_id, field, reason, message_zh,"
                    " message_en) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        change.seq,
                        change.entity,
                        change.record_id,
                        change.field,
                        outcome.reason,
                        outcome.message_zh,
                        outcome.message_en,
                    ],
                )
            elif outcome.restamped:
                _adopt_stamp(store, change, outcome.hlc)
        store.set_meta("acked_seq", str(batch.changes[-1].seq))
        store.set_meta("push_batch", "null")
        store.observe(Stamp.parse(server_hlc))


def _adopt_stamp(store: Store, change: LoggedChange, hlc: str) -> None:
    """The server re-stamped a change from a clock far ahead: take its stamp, or ours wins forever."""
    row = fetch_row(store.db, change.entity, change.record_id)
    if row is None:
        return
    clocks = json.loads(row["clocks"])
    if clocks.get(change.field, clocks.get(CREATION_CLOCK)) == change.hlc:
        clocks[change.field] = hlc
        store.db.execute(
            f"UPDATE {change.entity} SET clocks = ? WHERE id = ?", [to_json(clocks), change.record_id]
        )


def apply_page(store: Store, changes: Iterable[RemoteChange], next_cursor: int, server_hlc: str) -> int:
    """Apply one pulled page and advance the cursor, all in one transaction. Returns fields applied."""
    applied = 0
    with store.transaction():
        after = acked_seq(store)
        for change in changes:
            store.observe(Stamp.parse(change.hlc))
            if change.entity == CONFLICTS_ENTITY:
                _record_conflict(store, change)
            elif _apply_field(store, change, after):
                applied += 1
        _build_waiting_records(store)
        store.set_meta("pull_cursor", str(next_cursor))
        store.observe(Stamp.parse(server_hlc))
    return applied


def _record_conflict(store: Store, change: RemoteChange) -> None:
    value = change.value
    store.db.execute(
        "INSERT OR IGNORE INTO conflicts (id, entity, record_id, field, grid, current_value, current_hlc,"
        " incoming_value, incoming_hlc, incoming_device, current_device, current_device_name,"
        " incoming_device_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            change.record_id,
            value["entity"],
            value["record_id"],
            value["field"],
            change.grid,
            to_json(value["current_value"]),
            value["current_hlc"],
            to_json(value["incoming_value"]),
            value["incoming_hlc"],
            value["incoming_device"],
            value.get("current_device"),
            value.get("current_device_name"),
            value.get("incoming_device_name"),
        ],
    )


def _apply_field(store: Store, change: RemoteChange, after: int) -> bool:
    model = BY_ENTITY.get(change.entity)
    if model is None or change.field not in model.model_fields:
        log.warning("ignored pulled field %s.%s this version does not know", change.entity, change.field)
        return False
    unsent = store.db.execute(
        "SELECT 1 FROM change_log WHERE seq > ? AND entity = ? AND record_id = ? AND field = ? LIMIT 1",
        [after, change.entity, change.record_id, change.field],
    ).fetchone()
    if unsent:
        return False
    row = fetch_row(store.db, change.entity, change.record_id)
    if row is None:
        store.db.execute(
            "INSERT INTO sync_inbox (entity, record_id, field, value, hlc) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (entity, record_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc"
            " WHERE excluded.hlc > sync_inbox.hlc",
            [change.entity, change.record_id, change.field, to_json(change.value), change.hlc],
        )
        return True
    clocks = json.loads(row["clocks"])
    if change.hlc <= clocks.get(change.field, clocks.get(CREATION_CLOCK, _UNSTAMPED)):
        return False
    clocks[change.field] = change.hlc
    store.db.execute(
        f"UPDATE {change.entity} SET {change.field} = ?, clocks = ? WHERE id = ?",
        [column_value(model, change.field, change.value), to_json(clocks), change.record_id],
    )
    search.queue(store.db, change.entity, change.record_id)
    return True


def _build_waiting_records(store: Store) -> None:
    """Turn inbox fields into records wherever they now make a valid record whose parents exist."""
    progress = True
    while progress:
        progress = False
        waiting = store.db.execute("SELECT DISTINCT entity, record_id FROM sync_inbox").fetchall()
        for entity, record_id in waiting:
            progress |= _build_record(store, entity, record_id)


def _build_record(store: Store, entity: str, record_id: str) -> bool:
    fields = {
        field: (json.loads(value), hlc)
        for field, value, hlc in store.db.execute(
            "SELECT field, value, hlc FROM sync_inbox WHERE entity = ? AND record_id = ?", [entity, record_id]
        )
    }
    try:
        record = BY_ENTITY[entity].model_validate({"id": record_id, **{f: v for f, (v, _) in fields.items()}})
    except ValidationError:
        return False
    row = to_row(record)
    row["clocks"] = to_json({CREATION_CLOCK: _UNSTAMPED, **{f: hlc for f, (_, hlc) in fields.items()}})
    store.db.execute("SAVEPOINT build_record")
    try:
        store.db.execute(
            f"INSERT INTO {entity} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
    except sqlcipher3.IntegrityError:
        store.db.execute("ROLLBACK TO build_record")
        store.db.execute("RELEASE build_record")
        return False
    store.db.execute("RELEASE build_record")
    store.db.execute("DELETE FROM sync_inbox WHERE entity = ? AND record_id = ?", [entity, record_id])
    search.queue(store.db, entity, record_id)
    return True


def refused(store: Store) -> list[dict[str, Any]]:
    return list(store.db["sync_refused"].rows_where(order_by="seq"))
