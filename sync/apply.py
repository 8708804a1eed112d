"""Applying what the server holds to this laptop's store: pulled pages, the winners of pushed
changes, a person's discard — each field version applied only where it is newer, never over an
unsent local change (that goes on top and the server settles it).

A page is applied, and the cursor advanced, in one transaction (a checkpoint saved apart from its
data is how PouchDB lost documents, pouchdb#1240), in bulk: one read of what is unsent, one read of
the page's records per table, one write per table. Whatever cannot be applied yet — fields of a
record this laptop does not have, a reference to a record that has not arrived — waits in
``sync_inbox`` until it can, however the server's pages happened to order and split them; foreign
keys are checked at commit, and a reference is written only once what it points at exists, so no
order of changes can make a page fail. What never becomes applicable stays parked there, with its
reason (sync.waiting), and holds back nothing else.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

import sqlcipher3
import sqlite_utils
from pydantic import ValidationError

from app.clock import Stamp
from app.errors import TongxinError
from app.models import BY_ENTITY, Record
from app.models.checks import MERGED, STORED
from app.models.record import CREATION
from app.store import search
from app.store.store import CREATION_CLOCK, Store
from app.store.tables import column_value, fetch_row, from_row, to_json, to_row
from sync.rules import MAX_CLOCK_LEAD_MS

log = logging.getLogger(__name__)
# The clock of fields a pulled record was built without: older than any real stamp.
UNSTAMPED = ""


@dataclass(frozen=True)
class RemoteChange:
    """A field value as the server serves it."""

    entity: str
    record_id: str
    grid: str
    field: str
    value: Any
    hlc: str


def acked_seq(store: Store) -> int:
    return int(store.meta("acked_seq") or 0)


def seen(store: Store, stamps: Iterable[str]) -> None:
    """Move this laptop's clock past stamps the server confirmed or served, and remember the
    latest: however far a clock is later brought back, an edit made after seeing them must still
    be stamped after them."""
    latest = max(stamps, default=None)
    if latest is None:
        return
    store.clock.observe(Stamp.parse(latest))
    if latest > (store.meta("hlc_seen") or ""):
        store.set_meta("hlc_seen", latest)


def observe_server(store: Store, server_hlc: str, *, after: int) -> None:
    """Move past the server's clock. A laptop clock found further ahead of the server's than any
    clock may be (the server re-stamps such changes) is brought back to the latest stamp the
    server has confirmed or served, or the latest this laptop still has to send: once its wall
    clock is right, so are its stamps, instead of staying days (or decades) ahead for good."""
    seen(store, [server_hlc])
    server = Stamp.parse(server_hlc)
    if store.clock.last.wall_ms <= server.wall_ms + MAX_CLOCK_LEAD_MS:
        return
    unsent = store.db.execute("SELECT max(hlc) FROM change_log WHERE seq > ?", [after]).fetchone()[0]
    floor = max(stamp for stamp in (store.meta("hlc_seen"), unsent) if stamp)
    store.reset_clock(Stamp.parse(floor))


def record_conflict(store: Store, change: RemoteChange) -> None:
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


_REFERENCES: dict[str, dict[str, str]] = {}


def references(db: sqlite_utils.Database, entity: str) -> dict[str, str]:
    """Which fields of ``entity`` point at which table: the schema's own foreign keys."""
    if entity not in _REFERENCES:
        rows = db.execute(f"PRAGMA foreign_key_list({entity})").fetchall()
        _REFERENCES[entity] = {row[3]: row[2] for row in rows}
    return _REFERENCES[entity]


def missing_parent(db: sqlite_utils.Database, entity: str, field: str, value: Any) -> str | None:
    """The table a reference points into when the record it names is not (yet) here."""
    table = references(db, entity).get(field)
    if table is None or value is None:
        return None
    found = db.execute(f"SELECT 1 FROM {table} WHERE id = ?", [str(value)]).fetchone()
    return None if found else table


def unsent(store: Store, change: RemoteChange, after: int) -> bool:
    """Whether this laptop has the field (or the whole record, new) still to send."""
    return (
        store.db.execute(
            "SELECT 1 FROM change_log"
            " WHERE seq > ? AND entity = ? AND record_id = ? AND field IN (?, ?) LIMIT 1",
            [after, change.entity, change.record_id, change.field, CREATION],
        ).fetchone()
        is not None
    )


def fields_of(change: RemoteChange) -> list[RemoteChange]:
    """A record's creation as the field versions it carries; any other change as itself."""
    if change.field != CREATION or not isinstance(change.value, dict):
        return [change]
    return [
        RemoteChange(change.entity, change.record_id, change.grid, field, value, change.hlc)
        for field, value in change.value.items()
    ]


def wait(store: Store, change: RemoteChange) -> None:
    store.db.execute(
        "INSERT INTO sync_inbox (entity, record_id, field, value, hlc) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (entity, record_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc"
        " WHERE excluded.hlc > sync_inbox.hlc",
        [change.entity, change.record_id, change.field, to_json(change.value), change.hlc],
    )


def take_server_value(store: Store, change: RemoteChange, after: int) -> None:
    """Take the server's version of a field whatever its clock says (a person discarded what the
    server refused), unless the field has been edited again since."""
    seen(store, [change.hlc])
    apply_field(store, change, after, newer_only=False)


@cache
def known_fields(entity: str) -> frozenset[str]:
    """The fields this version knows of a record type (none for a type it does not know): asked
    for every pulled field, and pydantic's ``model_fields`` is slow to read."""
    model = BY_ENTITY.get(entity)
    return frozenset(model.model_fields) if model is not None else frozenset()


def apply_field(store: Store, change: RemoteChange, after: int, *, newer_only: bool = True) -> bool:
    """Apply one field version (a creation: each of its fields), or keep it waiting; False when it
    is older than what is here or an unsent local change of the field goes on top of it."""
    if change.field == CREATION:
        return any([apply_field(store, field, after, newer_only=newer_only) for field in fields_of(change)])
    if change.field not in known_fields(change.entity):
        log.warning("parked pulled field %s.%s this version does not know", change.entity, change.field)
        wait(store, change)
        return False
    if unsent(store, change, after):
        return False
    row = fetch_row(store.db, change.entity, change.record_id)
    if row is None:
        wait(store, change)
        return True
    clocks = json.loads(row["clocks"])
    if newer_only and change.hlc <= clocks.get(change.field, clocks.get(CREATION_CLOCK, UNSTAMPED)):
        return False
    if missing_parent(store.db, change.entity, change.field, change.value):
        wait(store, change)
        return True
    clocks[change.field] = change.hlc
    value = column_value(BY_ENTITY[change.entity], change.field, change.value)
    written = guarded(
        store,
        f"UPDATE {change.entity} SET {change.field} = ?, clocks = ? WHERE id = ?",
        [value, to_json(clocks), change.record_id],
    )
    if not written:  # the value another record here already holds, where it must be unique
        wait(store, change)
        return True
    search.queue(store.db, change.entity, change.record_id)
    return True


def guarded(store: Store, sql: str, params: list[Any]) -> bool:
    """Run one write, or leave everything as it was if it breaks a uniqueness rule of this laptop
    (two grid records with one code, two accounts with one name): a page must apply whatever
    the server serves, and what cannot be written waits, with its reason, instead."""
    store.db.execute("SAVEPOINT guarded")
    try:
        store.db.execute(sql, params)
    except sqlcipher3.IntegrityError:
        store.db.execute("ROLLBACK TO guarded")
        store.db.execute("RELEASE guarded")
        return False
    store.db.execute("RELEASE guarded")
    return True


def settle_waiting(store: Store, after: int) -> set[tuple[str, str]]:
    """Apply what waits wherever it now can: records built once complete and with every record
    they point at present, references once their record arrived. Repeats while anything moves,
    so a chain (a visit waiting for its household, a follow-up for the visit) settles at once."""
    settled: set[tuple[str, str]] = set()
    progress = True
    while progress:
        progress = False
        waiting = store.db.execute("SELECT DISTINCT entity, record_id FROM sync_inbox").fetchall()
        for entity, record_id in waiting:
            if entity not in BY_ENTITY:
                continue
            exists = store.db.execute(f"SELECT 1 FROM {entity} WHERE id = ?", [record_id]).fetchone()
            moved = (
                _apply_waiting_fields(store, entity, record_id, after)
                if exists
                else _build_record(store, entity, record_id)
            )
            if moved:
                settled.add((entity, record_id))
                progress = True
    return settled


def waiting_fields(store: Store, entity: str, record_id: str) -> dict[str, tuple[Any, str]]:
    """The fields of one record that wait in the inbox, known to this version: value and clock."""
    fields = known_fields(entity)
    return {
        field: (json.loads(value), hlc)
        for field, value, hlc in store.db.execute(
            "SELECT field, value, hlc FROM sync_inbox WHERE entity = ? AND record_id = ?", [entity, record_id]
        )
        if field in fields
    }


def _apply_waiting_fields(store: Store, entity: str, record_id: str, after: int) -> bool:
    """Fields of a record that is here: applied once what they point at is, dropped once a later
    version of the field is."""
    row = fetch_row(store.db, entity, record_id)
    assert row is not None
    clocks = json.loads(row["clocks"])
    moved = False
    for field, (value, hlc) in waiting_fields(store, entity, record_id).items():
        stale = hlc <= clocks.get(field, clocks.get(CREATION_CLOCK, UNSTAMPED))
        if not stale and missing_parent(store.db, entity, field, value):
            continue
        store.db.execute(
            "DELETE FROM sync_inbox WHERE entity = ? AND record_id = ? AND field = ?",
            [entity, record_id, field],
        )
        moved |= not stale and apply_field(
            store, RemoteChange(entity, record_id, "", field, value, hlc), after
        )
    return moved


def build(entity: str, record_id: str, fields: dict[str, tuple[Any, str]]) -> Record:
    """A record from pulled fields, checked for its shape only (app.models.checks)."""
    values = {"id": record_id, **{field: value for field, (value, _) in fields.items()}}
    return BY_ENTITY[entity].model_validate(values, context=STORED)


def _build_record(store: Store, entity: str, record_id: str) -> bool:
    fields = waiting_fields(store, entity, record_id)
    try:
        record = build(entity, record_id, fields)
    except (ValidationError, TongxinError):
        return False
    row = to_row(record)
    if any(missing_parent(store.db, entity, field, row[field]) for field in references(store.db, entity)):
        return False
    row["clocks"] = to_json({CREATION_CLOCK: UNSTAMPED, **{f: hlc for f, (_, hlc) in fields.items()}})
    inserted = f"INSERT INTO {entity} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
    if not guarded(store, inserted, list(row.values())):
        return False
    store.db.execute(
        "DELETE FROM sync_inbox WHERE entity = ? AND record_id = ?"
        " AND field IN (SELECT value FROM json_each(?))",
        [entity, record_id, json.dumps(list(fields))],
    )
    search.queue(store.db, entity, record_id)
    return True


def flag_broken_merges(store: Store, touched: set[tuple[str, str]]) -> None:
    """A record whose fields each passed where they were written may, merged, break a rule that
    ties two of them (a follow-up date now before the visit): it is kept as merged and flagged
    for a person, and the flag goes when a later merge or a person's edit mends it."""
    for entity, record_id in touched:
        row = fetch_row(store.db, entity, record_id)
        if row is None:
            continue
        problem = merge_problem(BY_ENTITY[entity], row)
        if problem is None:
            store.db.execute(
                "DELETE FROM record_flags WHERE entity = ? AND record_id = ?", [entity, record_id]
            )
        else:
            store.db.execute(
                "INSERT OR REPLACE INTO record_flags"
                " (entity, record_id, code, message_zh, message_en, flagged_at) VALUES (?, ?, ?, ?, ?, ?)",
                [entity, record_id, *problem, datetime.now(UTC).isoformat()],
            )


def merge_problem(model: type[Record], row: dict[str, Any]) -> tuple[str, str, str] | None:
    """(code, Chinese, English) of the first rule a stored row breaks as merged, or None."""
    stored = from_row(model, row)
    try:
        model.model_validate(stored.model_dump(), context=MERGED)
    except TongxinError as error:
        return error.code, error.zh, error.en
    except ValidationError as error:
        cause = error.errors()[0].get("ctx", {}).get("error")
        if isinstance(cause, TongxinError):
            return cause.code, cause.zh, cause.en
        return (
            "invalid",
            "记录中有不符合要求的内容，请核对。",
            f"The record breaks a rule: {error.errors()[0]['msg']}",
        )
    return None
