"""The store as a replica: what sync sends from it and what the server's answers do to it, each
step one transaction. What the server holds is applied to the store by sync.apply.

The unsent tail of the change log is cut into batches whose id is saved before the batch is sent,
so a batch retried after a crash or a cut link carries the same id and the server's idempotency
makes the retry harmless. The server's answer moves the ``acked_seq`` watermark, and every answer
is taken in: a re-stamp, a refusal kept for a person, and — where the change did not become the
field's value — the value that did, so the laptop ends where the server is. A laptop whose log is
behind the server's copy of it (a lost answer, a restore) catches up from the server's record of
its batches instead of sending anything twice.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.store.scope import enrolled_grids
from app.store.store import CREATION_CLOCK, Store
from app.store.tables import fetch_row, to_json
from sync import departures
from sync.apply import RemoteChange, apply_field, observe_server, seen

# Re-exported: the engine and the refusals read the watermark through this module.
from sync.apply import acked_seq as acked_seq
from sync.protocol import change_digest
from sync.rules import REVIEW_STATE

log = logging.getLogger(__name__)
# The clock of fields a pulled record was built without: older than any real stamp.
_UNSTAMPED = ""
# The server's code for a body over its limit (HTTP 413): nothing of it was read.
TOO_LARGE = "too_large"


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


# Where a first pull (server.snapshot) got to; only read while the pull cursor is 0.
SNAPSHOT_POSITION = "snapshot_position"


def pull_cursor(store: Store) -> int:
    return int(store.meta("pull_cursor") or 0)


def has_written(store: Store) -> bool:
    """Whether this laptop has ever logged a change of its own."""
    return store.db.execute("SELECT 1 FROM change_log LIMIT 1").fetchone() is not None


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


def _exported(store: Store, after: int) -> list[dict[str, Any]]:
    """Batches written to sync bundles and not yet answered, in log order."""
    return [b for b in json.loads(store.meta("bundle_batches") or "[]") if b["last_seq"] > after]


def next_batch(store: Store, limit: int, ahead: PendingBatch | None = None) -> PendingBatch | None:
    """The batch to send now: the one sent before and not yet answered, the next one a sync
    bundle carries (under the bundle's id, so the server takes the two for one), or a new one —
    ``ahead`` itself (``read_ahead``) when the log still begins with exactly its changes."""
    with store.transaction():
        after = acked_seq(store)
        saved = json.loads(store.meta("push_batch") or "null")
        if not (saved and saved["last_seq"] > after):
            saved = next(iter(_exported(store, after)), None)
        if saved:
            batch = PendingBatch(
                saved["id"], _logged(store, "seq > ? AND seq <= ? ORDER BY seq", [after, saved["last_seq"]])
            )
        elif ahead is not None and len(ahead.changes) <= limit and _log_begins_with(store, after, ahead):
            batch = ahead
        else:
            batch = PendingBatch(
                str(uuid.uuid4()), _logged(store, "seq > ? ORDER BY seq LIMIT ?", [after, limit])
            )
        if not batch.changes:
            return None
        store.set_meta("push_batch", json.dumps({"id": batch.batch_id, "last_seq": batch.changes[-1].seq}))
    return batch


def read_ahead(store: Store, sent: PendingBatch, limit: int) -> PendingBatch | None:
    """What would be the next batch once ``sent`` is answered, read (not claimed) while it is in
    flight; None where a sync bundle's batches decide what comes next."""
    if store.meta("bundle_batches") not in (None, "", "[]"):
        return None
    changes = _logged(store, "seq > ? ORDER BY seq LIMIT ?", [sent.changes[-1].seq, limit])
    return PendingBatch(str(uuid.uuid4()), changes) if changes else None


def _log_begins_with(store: Store, after: int, batch: PendingBatch) -> bool:
    """Whether the unanswered log past ``after`` still begins with the batch's changes as read:
    an answer taken in meanwhile may have renamed the versions they were made on (a re-stamp)
    or given them new places (a restored laptop catching up)."""
    found = store.db.execute(
        "SELECT seq, base_hlc FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?", [after, len(batch.changes)]
    ).fetchall()
    return [tuple(row) for row in found] == [(change.seq, change.base_hlc) for change in batch.changes]


def batches_to_export(store: Store, limit: int) -> list[PendingBatch]:
    """Every unanswered change cut into batches for a sync bundle: those already sent or written to
    a bundle keep their ids and bounds, the rest are cut anew and remembered, so a later push or
    bundle sends each change under the one batch id the server may already hold."""
    with store.transaction():
        after = acked_seq(store)
        saved = json.loads(store.meta("push_batch") or "null")
        planned = [saved] if saved and saved["last_seq"] > after else []
        planned += [
            b
            for b in _exported(store, after)
            if b["last_seq"] > max([after, *(p["last_seq"] for p in planned)])
        ]
        changes = _logged(store, "seq > ? ORDER BY seq", [after])
        batches: list[PendingBatch] = []
        start = 0
        for plan in planned:
            end = start
            while end < len(changes) and changes[end].seq <= plan["last_seq"]:
                end += 1
            if end > start:
                batches.append(PendingBatch(plan["id"], changes[start:end]))
            start = end
        batches += [
            PendingBatch(str(uuid.uuid4()), changes[cut : cut + limit])
            for cut in range(start, len(changes), limit)
        ]
        store.set_meta(
            "bundle_batches",
            json.dumps([{"id": b.batch_id, "last_seq": b.changes[-1].seq} for b in batches]),
        )
    return batches


def cut_again(store: Store) -> None:
    """The server read none of the batch in flight (too large for it: HTTP 413, nothing applied,
    its id not kept): the next is cut from the log anew, smaller, under a new id; so are the
    batches planned for a sync bundle, whose bounds held it."""
    with store.transaction():
        store.set_meta("push_batch", "null")
        store.set_meta("bundle_batches", "[]")


def park_too_large(
    store: Store, change: LoggedChange, message_zh: str, message_en: str, winner: dict[str, Any] | None
) -> None:
    """A change too large for the server even sent alone: kept as a refusal a person sees (and
    ends by shortening the record, or sending it again once IT raises the limit) and passed
    over, so the changes after it still go. The server never read it, so it knows of no gap."""
    refusal = Outcome(
        status="refused",
        hlc=change.hlc,
        restamped=False,
        reason=TOO_LARGE,
        message_zh=message_zh,
        message_en=message_en,
        winner=winner,
    )
    with store.transaction():
        _keep_refusal(store, change, refusal)
        store.set_meta("acked_seq", str(max(acked_seq(store), change.seq)))
        store.set_meta("push_batch", "null")
        store.set_meta("bundle_batches", "[]")


def acknowledge(store: Store, batch: PendingBatch, outcomes: list[Outcome], server_hlc: str) -> None:
    """Commit the server's answer: the watermark moves, and every outcome is taken in."""
    last = batch.changes[-1].seq
    with store.transaction():
        _take_answers(store, batch.changes, outcomes, last)
        store.set_meta("acked_seq", str(last))
        store.set_meta("push_batch", "null")
        observe_server(store, server_hlc, after=last)


def _take_answers(store: Store, changes: list[LoggedChange], outcomes: list[Outcome], after: int) -> None:
    refusals_waiting = store.db.execute("SELECT 1 FROM sync_refused LIMIT 1").fetchone() is not None
    # Per record, each re-stamped stamp and the newest stamp the server gave in its place.
    renamed: dict[tuple[str, str, str], str] = {}
    for change, outcome in zip(changes, outcomes, strict=True):
        if outcome.status == "refused":
            _keep_refusal(store, change, outcome)
            continue
        if refusals_waiting:  # an accepted change settles every earlier refusal of the same field
            store.db.execute(
                "DELETE FROM sync_refused WHERE entity = ? AND record_id = ? AND field = ? AND seq < ?",
                [change.entity, change.record_id, change.field, change.seq],
            )
        if outcome.restamped:
            _adopt_stamp(store, change, outcome.hlc, after)
            key = (change.entity, change.record_id, change.hlc)
            renamed[key] = max(renamed.get(key, ""), outcome.hlc)
        if outcome.winner is not None:
            winner = RemoteChange(
                change.entity,
                change.record_id,
                change.grid,
                change.field,
                outcome.winner["value"],
                outcome.winner["hlc"],
            )
            seen(store, [winner.hlc])
            # Applied in another form (trimmed text, an ID number's X): the server's form, at the
            # change's own stamp; lost to a later one: that one.
            apply_field(store, winner, after, newer_only=outcome.status != "applied")
    _rename_review_bases(store, renamed, after)
    # A refusal echoes the laptop's own stamp: not one the server confirmed.
    seen(store, [outcome.hlc for outcome in outcomes if outcome.status != "refused"])


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
    # Every field of a new record was made on its creation's stamp.
    store.db.execute(
        "UPDATE change_log SET base_hlc = ? WHERE seq > ? AND entity = ? AND record_id = ?"
        " AND (field = ? OR ? = ?) AND base_hlc = ?",
        [hlc, after, change.entity, change.record_id, change.field, change.field, CREATION_CLOCK, change.hlc],
    )


def _rename_review_bases(store: Store, renamed: dict[tuple[str, str, str], str], after: int) -> None:
    """A review decision's base is the newest stamp of any field of its record (app.store), so an
    unsent decision made on a re-stamped edit of another field names that edit's new stamp —
    the newest, where one save's fields were re-stamped one by one. Left with the old stamp, a
    clock days fast would pass for having seen every edit made since, and an approval of text
    the supervisor never read would win without a conflict."""
    store.db.conn.executemany(
        "UPDATE change_log SET base_hlc = ? WHERE seq > ? AND entity = ? AND record_id = ?"
        " AND field = ? AND base_hlc = ?",
        [
            (new, after, entity, record_id, REVIEW_STATE, old)
            for (entity, record_id, old), new in renamed.items()
        ],
    )


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
        if _move_unreceived_past(store, after, pushed_seq, {change.seq for change, _ in matched}):
            store.set_meta("bundle_batches", "[]")  # their changes have new places in the log
        _take_answers(store, [c for c, _ in matched], [o for _, o in matched], pushed_seq)
        store.set_meta("acked_seq", str(max(after, pushed_seq)))
        store.set_meta("push_batch", "null")
        if missing:
            store.set_meta("pull_own_until", str(high_seq))
            log.warning(
                "this laptop's log is behind the server's copy of it (restored?): pulling its own changes"
            )
        observe_server(store, server_hlc, after=pushed_seq)
    return [outcome for _, outcome in matched]


def _move_unreceived_past(store: Store, after: int, pushed_seq: int, received: set[int]) -> bool:
    """Give the unsent changes the server never saw places after every place it has seen; says
    whether any moved."""
    moved = [c for c in _logged(store, "seq > ? ORDER BY seq", [after]) if c.seq not in received]
    if not moved or all(change.seq > pushed_seq for change in moved):
        return False
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
    return True


def rescope(store: Store, grids: list[str]) -> bool:
    """The server says this laptop covers other grids than it thought (it was enrolled again, or
    IT changed its grids): it pulls from the start for what it did not receive, lets go of what
    it no longer covers, and keeps every unsent change."""
    with store.transaction():
        if enrolled_grids(store.db) == sorted(grids):
            return False
        store.set_meta("server_grids", json.dumps(sorted(grids)))
        store.set_meta("pull_cursor", "0")
        store.set_meta(SNAPSHOT_POSITION, "")  # a first pull of other grids starts over
        departures.leave(store)
    log.info("this laptop now covers grids %s: pulling them from the start", ", ".join(sorted(grids)))
    return True
