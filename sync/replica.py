"""The store as a replica: what sync reads from it and applies to it, each step one transaction.

Push side: the unsent tail of the change log, cut into batches whose id is saved before the batch
is sent, so a batch retried after a crash or a cut link carries the same id and the server's
idempotency makes the retry harmless. The server's answer moves the ``acked_seq`` watermark, and
every answer is taken in: a re-stamp, a refusal kept for a person, and — where the change did not
become the field's value — the value that did, so the laptop ends where the server is.

Pull side: each page is applied, and the cursor advanced, in one transaction (a checkpoint saved
apart from its data is how PouchDB lost documents, pouchdb#1240). A pulled value never overwrites
a field that still has an unsent local change; the local change goes on top and the server
settles it. Whatever cannot be applied yet — fields of a record this laptop does not have, a
reference to a record that has not arrived — waits in ``sync_inbox`` until it can, however the
server's pages happened to order and split them; foreign keys are checked at commit, and a
reference is written only once what it points at exists, so no order of changes can make a page
fail. What never becomes applicable stays parked there, with its reason (sync.waiting), and holds
back nothing else.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlcipher3
import sqlite_utils
from pydantic import ValidationError

from app.clock import Stamp
from app.errors import TongxinError
from app.models import BY_ENTITY, Record
from app.models.checks import MERGED, STORED
from app.store import search
from app.store.scope import enrolled_grids
from app.store.store import CREATION_CLOCK, Store
from app.store.tables import column_value, fetch_row, from_row, to_json, to_row
from sync import departures
from sync.protocol import CONFLICTS_ENTITY, change_digest
from sync.rules import MAX_CLOCK_LEAD_MS

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

    def wire(self) -> dict[str, Any]:
        """The change as the push sends it (and as its digest is taken on both sides)."""
        return {
            "entity": self.entity,
            "record_id": self.record_id,
            "grid": self.grid,
            "field": self.field,
            "value": self.value,
            "hlc": self.hlc,
            "base_hlc": self.base_hlc,
            "seq": self.seq,
        }


@dataclass(frozen=True)
class ReceivedBatch:
    """What the server holds of a batch this laptop sent: each change's log place and digest, its
    answer, and the refused changes whole."""

    marks: list[tuple[int | None, str]]
    outcomes: list[Outcome]
    refused: list[LoggedChange]


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
    winner: dict[str, Any] | None = None


def acked_seq(store: Store) -> int:
    return int(store.meta("acked_seq") or 0)


def pull_cursor(store: Store) -> int:
    return int(store.meta("pull_cursor") or 0)


def own_changes_until(store: Store) -> int:
    """After a restore, the server's log up to here is pulled with this laptop's own changes."""
    return int(store.meta("pull_own_until") or 0)


_LOGGED = "SELECT seq, entity, record_id, grid, field, value, hlc, base_hlc FROM change_log"


def _logged(store: Store, where: str, params: list[Any]) -> list[LoggedChange]:
    return [
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
        for r in store.db.execute(f"{_LOGGED} WHERE {where}", params).fetchall()
    ]


def next_batch(store: Store, limit: int) -> PendingBatch | None:
    """The batch to send now: the one sent before and not yet answered, or a new one."""
    with store.transaction():
        after = acked_seq(store)
        saved = json.loads(store.meta("push_batch") or "null")
        if saved and saved["last_seq"] > after:
            batch_id, where, params = (
                saved["id"],
                "seq > ? AND seq <= ? ORDER BY seq",
                [after, saved["last_seq"]],
            )
        else:
            batch_id, where, params = str(uuid.uuid4()), "seq > ? ORDER BY seq LIMIT ?", [after, limit]
        changes = _logged(store, where, params)
        if not changes:
            return None
        store.set_meta("push_batch", json.dumps({"id": batch_id, "last_seq": changes[-1].seq}))
    return PendingBatch(batch_id, changes)


def acknowledge(store: Store, batch: PendingBatch, outcomes: list[Outcome], server_hlc: str) -> None:
    """Commit the server's answer: the watermark moves, and every outcome is taken in."""
    last = batch.changes[-1].seq
    with store.transaction():
        _take_answers(store, batch.changes, outcomes, last)
        store.set_meta("acked_seq", str(last))
        store.set_meta("push_batch", "null")
        _observe_server(store, server_hlc, after=last)


def _take_answers(store: Store, changes: list[LoggedChange], outcomes: list[Outcome], after: int) -> None:
    for change, outcome in zip(changes, outcomes, strict=True):
        if outcome.status == "refused":
            _keep_refusal(store, change, outcome)
            continue
        # An accepted change settles every earlier refusal of the same field.
        store.db.execute(
            "DELETE FROM sync_refused WHERE entity = ? AND record_id = ? AND field = ? AND seq < ?",
            [change.entity, change.record_id, change.field, change.seq],
        )
        if outcome.restamped:
            _adopt_stamp(store, change, outcome.hlc, after)
        if outcome.winner is not None:
            winner = RemoteChange(
                change.entity,
                change.record_id,
                change.grid,
                change.field,
                outcome.winner["value"],
                outcome.winner["hlc"],
            )
            _seen(store, [winner.hlc])
            _apply_field(store, winner, after)
    # A refusal echoes the laptop's own stamp: not one the server confirmed.
    _seen(store, [outcome.hlc for outcome in outcomes if outcome.status != "refused"])


def _keep_refusal(store: Store, change: LoggedChange, outcome: Outcome) -> None:
    store.db.execute(
        "INSERT OR REPLACE INTO sync_refused (seq, entity, record_id, field, reason, message_zh, message_en,"
        " value, hlc, base_hlc, winner, refused_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            change.seq,
            change.entity,
            change.record_id,
            change.field,
            outcome.reason or "refused",
            outcome.message_zh,
            outcome.message_en,
            to_json(change.value),
            change.hlc,
            change.base_hlc,
            None if outcome.winner is None else to_json(outcome.winner),
            datetime.now(UTC).isoformat(),
        ],
    )


def _adopt_stamp(store: Store, change: LoggedChange, hlc: str, after: int) -> None:
    """The server re-stamped a change from a clock far ahead: take its stamp, or ours wins forever;
    and the unsent edits made on top of the change now name the new stamp as the version they saw,
    or the server would take each for an edit made without seeing it (a conflict with itself)."""
    row = fetch_row(store.db, change.entity, change.record_id)
    if row is not None:
        clocks = json.loads(row["clocks"])
        if clocks.get(change.field, clocks.get(CREATION_CLOCK)) == change.hlc:
            clocks[change.field] = hlc
            store.db.execute(
                f"UPDATE {change.entity} SET clocks = ? WHERE id = ?", [to_json(clocks), change.record_id]
            )
    store.db.execute(
        "UPDATE change_log SET base_hlc = ? WHERE seq > ? AND entity = ? AND record_id = ? AND field = ?"
        " AND base_hlc = ?",
        [hlc, after, change.entity, change.record_id, change.field, change.hlc],
    )


def _seen(store: Store, stamps: Iterable[str]) -> None:
    """Move this laptop's clock past stamps the server confirmed or served, and remember the
    latest: however far a clock is later brought back, an edit made after seeing them must still
    be stamped after them."""
    latest = max(stamps, default=None)
    if latest is None:
        return
    store.clock.observe(Stamp.parse(latest))
    if latest > (store.meta("hlc_seen") or ""):
        store.set_meta("hlc_seen", latest)


def _observe_server(store: Store, server_hlc: str, *, after: int) -> None:
    """Move past the server's clock. A laptop clock found further ahead of the server's than any
    clock may be (the server re-stamps such changes) is brought back to the latest stamp the
    server has confirmed or served, or the latest this laptop still has to send: once its wall
    clock is right, so are its stamps, instead of staying days (or decades) ahead for good."""
    _seen(store, [server_hlc])
    server = Stamp.parse(server_hlc)
    if store.clock.last.wall_ms <= server.wall_ms + MAX_CLOCK_LEAD_MS:
        return
    unsent = store.db.execute("SELECT max(hlc) FROM change_log WHERE seq > ?", [after]).fetchone()[0]
    floor = max(stamp for stamp in (store.meta("hlc_seen"), unsent) if stamp)
    store.reset_clock(Stamp.parse(floor))


def catch_up(
    store: Store, received: Iterable[ReceivedBatch], pushed_seq: int, high_seq: int, server_hlc: str
) -> list[Outcome]:
    """The server holds changes of this laptop past its watermark: an answer lost on the way, or
    a laptop restored from a backup. Each change the server has is acknowledged with the answer
    it was given (never sent again); the laptop's other unsent changes move past what the server
    has seen of its log, in their order; and where the server holds changes this laptop no longer
    has, it pulls its own changes again. Returns the answers of the changes the server had."""
    with store.transaction():
        after = acked_seq(store)
        matched: list[tuple[LoggedChange, Outcome]] = []
        missing = False
        local = {change.seq: change for change in _logged(store, "seq > ? AND seq <= ?", [after, pushed_seq])}
        for batch in received:
            refused = {change.seq: change for change in batch.refused}
            for (seq, digest), outcome in zip(batch.marks, batch.outcomes, strict=True):
                change = local.get(seq) if seq is not None else None
                if change is not None and change_digest(change.wire()) == digest:
                    matched.append((change, outcome))
                    continue
                missing = True
                if outcome.status == "refused" and seq in refused:
                    _keep_refusal(store, refused[seq], outcome)  # made after the backup: listed again
        _move_unreceived_past(store, after, pushed_seq, {change.seq for change, _ in matched})
        _take_answers(store, [c for c, _ in matched], [o for _, o in matched], pushed_seq)
        store.set_meta("acked_seq", str(max(after, pushed_seq)))
        store.set_meta("push_batch", "null")
        if missing:
            store.set_meta("pull_own_until", str(high_seq))
            log.warning(
                "this laptop's log is behind the server's copy of it (restored?): pulling its own changes"
            )
        _observe_server(store, server_hlc, after=pushed_seq)
    return [outcome for _, outcome in matched]


def _move_unreceived_past(store: Store, after: int, pushed_seq: int, received: set[int]) -> None:
    """Give the unsent changes the server never saw places after every place it has seen."""
    moved = [c for c in _logged(store, "seq > ? ORDER BY seq", [after]) if c.seq not in received]
    if not moved or all(change.seq > pushed_seq for change in moved):
        return
    store.db.execute(
        "DELETE FROM change_log WHERE seq > ? AND seq NOT IN (SELECT value FROM json_each(?))",
        [after, json.dumps(sorted(received))],
    )
    store.db.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'change_log'", [pushed_seq])
    store.db.conn.executemany(
        "INSERT INTO change_log (entity, record_id, grid, field, value, hlc, base_hlc, device)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (c.entity, c.record_id, c.grid, c.field, to_json(c.value), c.hlc, c.base_hlc, store.device_id)
            for c in moved
        ],
    )


def rescope(store: Store, grids: list[str]) -> bool:
    """The server says this laptop covers other grids than it thought (it was enrolled again, or
    IT changed its grids): it pulls from the start for what it did not receive, lets go of what
    it no longer covers, and keeps every unsent change."""
    with store.transaction():
        if enrolled_grids(store.db) == sorted(grids):
            return False
        store.set_meta("server_grids", json.dumps(sorted(grids)))
        store.set_meta("pull_cursor", "0")
        departures.leave(store)
    log.info("this laptop now covers grids %s: pulling them from the start", ", ".join(sorted(grids)))
    return True


def apply_page(store: Store, changes: Iterable[RemoteChange], next_cursor: int, server_hlc: str) -> int:
    """Apply one pulled page and advance the cursor, all in one transaction. Returns fields applied."""
    applied = 0
    touched: set[tuple[str, str]] = set()
    with store.transaction():
        # Checked at COMMIT: within the page, a record may be built before or after another
        # that points at it.
        store.db.execute("PRAGMA defer_foreign_keys = ON")
        after = acked_seq(store)
        stamps = []
        for change in changes:
            stamps.append(change.hlc)
            if change.entity == CONFLICTS_ENTITY:
                _record_conflict(store, change)
            elif _apply_field(store, change, after):
                applied += 1
                touched.add((change.entity, change.record_id))
        touched |= _settle_waiting(store, after)
        departures.leave(store, touched)
        _flag_broken_merges(store, touched)
        store.set_meta("pull_cursor", str(next_cursor))
        _seen(store, stamps)
        _observe_server(store, server_hlc, after=after)
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


def _unsent(store: Store, change: RemoteChange, after: int) -> bool:
    return (
        store.db.execute(
            "SELECT 1 FROM change_log WHERE seq > ? AND entity = ? AND record_id = ? AND field = ? LIMIT 1",
            [after, change.entity, change.record_id, change.field],
        ).fetchone()
        is not None
    )


def _wait(store: Store, change: RemoteChange) -> None:
    store.db.execute(
        "INSERT INTO sync_inbox (entity, record_id, field, value, hlc) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (entity, record_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc"
        " WHERE excluded.hlc > sync_inbox.hlc",
        [change.entity, change.record_id, change.field, to_json(change.value), change.hlc],
    )


def take_server_value(store: Store, change: RemoteChange, after: int) -> None:
    """Take the server's version of a field whatever its clock says (a person discarded what the
    server refused), unless the field has been edited again since."""
    _seen(store, [change.hlc])
    _apply_field(store, change, after, newer_only=False)


def _apply_field(store: Store, change: RemoteChange, after: int, *, newer_only: bool = True) -> bool:
    """Apply one field version, or keep it waiting; False when it is older than what is here or
    an unsent local change of the field goes on top of it."""
    model = BY_ENTITY.get(change.entity)
    if model is None or change.field not in model.model_fields:
        log.warning("parked pulled field %s.%s this version does not know", change.entity, change.field)
        _wait(store, change)
        return False
    if _unsent(store, change, after):
        return False
    row = fetch_row(store.db, change.entity, change.record_id)
    if row is None:
        _wait(store, change)
        return True
    clocks = json.loads(row["clocks"])
    if newer_only and change.hlc <= clocks.get(change.field, clocks.get(CREATION_CLOCK, _UNSTAMPED)):
        return False
    if missing_parent(store.db, change.entity, change.field, change.value):
        _wait(store, change)
        return True
    clocks[change.field] = change.hlc
    written = _guarded(
        store,
        f"UPDATE {change.entity} SET {change.field} = ?, clocks = ? WHERE id = ?",
        [column_value(model, change.field, change.value), to_json(clocks), change.record_id],
    )
    if not written:  # the value another record here already holds, where it must be unique
        _wait(store, change)
        return True
    search.queue(store.db, change.entity, change.record_id)
    return True


def _guarded(store: Store, sql: str, params: list[Any]) -> bool:
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


def _settle_waiting(store: Store, after: int) -> set[tuple[str, str]]:
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
    fields = BY_ENTITY[entity].model_fields
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
        stale = hlc <= clocks.get(field, clocks.get(CREATION_CLOCK, _UNSTAMPED))
        if not stale and missing_parent(store.db, entity, field, value):
            continue
        store.db.execute(
            "DELETE FROM sync_inbox WHERE entity = ? AND record_id = ? AND field = ?",
            [entity, record_id, field],
        )
        moved |= not stale and _apply_field(
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
    row["clocks"] = to_json({CREATION_CLOCK: _UNSTAMPED, **{f: hlc for f, (_, hlc) in fields.items()}})
    inserted = f"INSERT INTO {entity} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})"
    if not _guarded(store, inserted, list(row.values())):
        return False
    store.db.execute(
        "DELETE FROM sync_inbox WHERE entity = ? AND record_id = ?"
        " AND field IN (SELECT value FROM json_each(?))",
        [entity, record_id, json.dumps(list(fields))],
    )
    search.queue(store.db, entity, record_id)
    return True


def _flag_broken_merges(store: Store, touched: set[tuple[str, str]]) -> None:
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
