"""Applying a device's batch of field changes: idempotent, scoped, under the shared rules.

One transaction per batch. A repeated batch id returns the stored answer and changes nothing, so
a device that lost the answer to a cut connection can simply send the batch again. The batch's
rows are read once and written in bulk: on a loaded server, round trips per change were the cost.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from pydantic_core import from_json, to_json
from sqlalchemy.engine import Connection

from app.clock import Stamp
from app.models import ReviewState
from app.models.record import CREATION
from server import attachments, db, dialects, scope, state
from server.clock import ServerClock
from server.devices import Device
from server.errors import ApiError
from server.records import SERVER_DEVICE, upsert_all
from server.validation import Refusal, check_new_record, known, validated, validated_record
from sync import rules
from sync.protocol import (
    CONFLICTS_ENTITY,
    ChangeResult,
    ChangeStatus,
    FieldChange,
    PushRequest,
    PushResponse,
    Winner,
    batch_digest,
)

log = logging.getLogger(__name__)
# Records a worker may no longer change once approved (a dispute's approval is of its milestone,
# and its next milestone queues it again).
LOCKED_ONCE_APPROVED = frozenset({"visits", "volunteer_activities"})


def _check_scope(conn: Connection, device: Device, *grids: str) -> None:
    """Every grid a change touches — the record's, and for a move the one it enters — must be one
    the device covers: a move leaves one grid and enters another, and needs both."""
    if outside := sorted(set(grids) - device.covered):
        names = scope.names(conn, outside)
        shown = "、".join(f"“{names.get(code, code)}”" for code in outside)
        raise Refusal(
            "out_of_scope",
            f"网格{shown}不在本设备负责的范围内。",
            f"Grid {', '.join(names.get(code, code) for code in outside)} is outside this device's grids.",
        )


FieldKey = tuple[str, str, str]


def _rows_of(
    conn: Connection, table: sa.Table, keys: list[tuple[str, str]]
) -> list[sa.Row[*tuple[Any, ...]]]:
    return dialects.of(conn).rows_of(conn, table, keys) if keys else []


class _Batch:
    """One push worked out in memory: two reads before, three bulk writes after.

    The rows a batch touches are read once; each change is decided against the versions as the
    earlier changes of the same batch left them; what won is written with executemany.
    """

    def __init__(
        self, conn: Connection, device: Device, keys: list[tuple[str, str]], clock: ServerClock
    ) -> None:
        self.conn, self.device, self.clock = conn, device, clock
        self.grids: dict[tuple[str, str], str] = {
            (row.entity, row.record_id): row.grid for row in _rows_of(conn, db.records, keys)
        }
        # The current state of each record the batch touches, read once; a record the server does
        # not hold yet (most of a batch, as laptops mostly create) has no state to read.
        self.states = state.load(conn, [key for key in keys if key in self.grids])
        self.won: dict[FieldKey, dict[str, Any]] = {}
        self.records: dict[tuple[str, str], dict[str, Any]] = {}
        self.log: list[dict[str, Any]] = []
        # Stamps this batch re-stamped, by field and original: a later change of the same batch
        # made on top of one of them names the original as its base.
        self.restamps: dict[tuple[FieldKey, str], str] = {}

    def decide_all(self, changes: list[FieldChange]) -> list[ChangeResult]:
        """Each change's result; a refused change is logged and answered, never raised."""
        unfit = self._unfit_new_records(changes)
        results = []
        for change in changes:
            try:
                if refusal := unfit.get((change.entity, str(change.record_id))):
                    raise refusal
                results.append(self.decide(change))
            except Refusal as refusal:
                log.warning(
                    "refused change from %s: %s (%s.%s %s grid %s)",
                    self.device.id,
                    refusal.reason,
                    change.entity if known(change.entity) else "?",
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
                        winner=self._winner((change.entity, str(change.record_id), change.field)),
                    )
                )
        return results

    def _unfit_new_records(self, changes: list[FieldChange]) -> dict[tuple[str, str], Refusal]:
        """Records this batch creates field by field (as laptops of an older version send them),
        whose fields together break a rule of the record."""
        new: dict[tuple[str, str], dict[str, Any]] = {}
        for change in changes:
            record = (change.entity, str(change.record_id))
            if known(change.entity) and record not in self.grids and change.field != CREATION:
                new.setdefault(record, {})[change.field] = change.value
        unfit = {}
        for (entity, record_id), values in new.items():
            try:
                check_new_record(entity, record_id, values)
            except Refusal as refusal:
                unfit[(entity, record_id)] = refusal
        return unfit

    def _current(self, key: FieldKey) -> rules.FieldVersion | None:
        found = self.states.get(key[:2])
        return found.current(key[2]) if found is not None else None

    def _winner(self, key: FieldKey) -> Winner | None:
        current = self._current(key)
        return Winner(value=current.value, hlc=current.hlc) if current else None

    def _stamp(self, change: FieldChange, key: FieldKey) -> tuple[str, bool]:
        """The change's stamp as the server keeps it: its own, or the server's for a clock far
        ahead (a laptop days or decades fast would otherwise win every merge)."""
        stamp = Stamp.parse(change.hlc)
        if not rules.too_far_ahead(stamp, self.clock.now_ms()):
            self.clock.observe(stamp)
            return change.hlc, False
        current = self._current(key)
        if current is not None:  # perhaps stamped by another server process, ahead of ours
            self.clock.observe(Stamp.parse(current.hlc))
        restamped = str(self.clock.tick())
        self.restamps[(key, change.hlc)] = restamped
        log.warning("re-stamped change from %s: %s -> %s", self.device.id, change.hlc, restamped)
        return restamped, True

    def decide(self, change: FieldChange) -> ChangeResult:
        if change.field == CREATION:
            return self._create(change)
        value = validated(change.entity, change.field, change.value)
        record = (change.entity, str(change.record_id))
        stored_grid = self.grids.get(record)
        entering = [str(value)] if change.field == "grid" else []
        _check_scope(self.conn, self.device, change.grid, *([stored_grid] if stored_grid else []), *entering)
        key = (*record, change.field)
        current = self._current(key)
        if rules.too_far_ahead(Stamp.parse(change.hlc), self.clock.now_ms()) and (
            earlier := self._restamped_before(change)
        ):
            # Sent again (a laptop restored from a backup): re-stamping it anew would make an
            # old edit win over everything written since.
            return ChangeResult(status=ChangeStatus.APPLIED, hlc=earlier, restamped=True)
        hlc, restamped = self._stamp(change, key)
        incoming = rules.FieldVersion(value, hlc)
        base = self._base(key, change.base_hlc)
        verdict = rules.decide(
            change.entity, change.field, current, incoming, base, self._newest(record, hlc)
        )
        grid = stored_grid or change.grid
        if verdict is rules.Verdict.CONFLICT:
            assert current is not None
            self._conflict(change, current, incoming, grid)
        if verdict is rules.Verdict.SUPERSEDED or not rules.incoming_wins(current, incoming):
            return ChangeResult(
                status=ChangeStatus(verdict.value), hlc=hlc, restamped=restamped, winner=self._winner(key)
            )
        self._keep(key, incoming)
        if entering and stored_grid and entering[0] != stored_grid:
            self._move(
                record, stored_grid, entering[0], change.field, value, hlc, change.hlc if restamped else None
            )
        else:
            self._log(record, grid, change.field, value, hlc, change.hlc if restamped else None)
        self.grids[record] = entering[0] if entering else grid
        self.records[record] = {"entity": record[0], "record_id": record[1], "grid": self.grids[record]}
        if change.field not in (rules.REVIEW_STATE, "grid"):  # a move is no edit of what was approved
            self._reopen_if_approved(record)
        # A value the rules put in another form (an ID number's x, trimmed text) goes back too.
        normalised = value != change.value
        return ChangeResult(
            status=ChangeStatus(verdict.value),
            hlc=hlc,
            restamped=restamped,
            winner=Winner(value=value, hlc=hlc) if normalised else None,
        )

    def _keep(self, key: FieldKey, version: rules.FieldVersion) -> None:
        self.states.setdefault(key[:2], state.RecordState()).edits[key[2]] = version
        self._won(key, version)

    def _won(self, key: FieldKey, version: rules.FieldVersion) -> None:
        self.won[key] = {
            "entity": key[0],
            "record_id": key[1],
            "field": key[2],
            "value": version.value,
            "hlc": version.hlc,
        }

    def _create(self, change: FieldChange) -> ChangeResult:
        """A new record sent whole: checked whole, kept whole in the log (one change, applied whole
        by every laptop that pulls it) and field by field in the server's state. A record the
        server already holds (its creation sent again) is decided field by field instead."""
        record = (change.entity, str(change.record_id))
        values = validated_record(change.entity, record[1], change.value)
        if record in self.grids:
            return self._create_again(change, values)
        _check_scope(self.conn, self.device, change.grid, str(values["grid"]))
        if rules.too_far_ahead(Stamp.parse(change.hlc), self.clock.now_ms()) and (
            earlier := self._restamped_before(change)
        ):
            return ChangeResult(status=ChangeStatus.APPLIED, hlc=earlier, restamped=True)
        hlc, restamped = self._stamp(change, (*record, CREATION))
        creation = rules.FieldVersion(values, hlc)
        self.states.setdefault(record, state.RecordState()).creation = creation
        self._won((*record, CREATION), creation)
        self.grids[record] = str(values["grid"])
        self.records[record] = {"entity": record[0], "record_id": record[1], "grid": self.grids[record]}
        self._log(record, self.grids[record], CREATION, values, hlc, change.hlc if restamped else None)
        normalised = values != change.value
        return ChangeResult(
            status=ChangeStatus.APPLIED,
            hlc=hlc,
            restamped=restamped,
            winner=Winner(value=values, hlc=hlc) if normalised else None,
        )

    def _create_again(self, change: FieldChange, values: dict[str, Any]) -> ChangeResult:
        """Each field of a creation the server already has, decided as an edit made on nothing."""
        results = [
            self.decide(change.model_copy(update={"field": field, "value": value, "base_hlc": None}))
            for field, value in values.items()
        ]
        lost = {
            field: r.winner
            for field, r in zip(values, results, strict=True)
            if r.status is not ChangeStatus.APPLIED and r.winner
        }
        statuses = {r.status for r in results}
        status = next(
            (s for s in (ChangeStatus.CONFLICT, ChangeStatus.SUPERSEDED) if s in statuses),
            ChangeStatus.APPLIED,
        )
        return ChangeResult(
            status=status,
            hlc=results[0].hlc,
            restamped=results[0].restamped,
            winner=Winner(value={f: w.value for f, w in lost.items()}, hlc=max(w.hlc for w in lost.values()))
            if lost
            else None,
        )

    def _reopen_if_approved(self, record: tuple[str, str]) -> None:
        """An approved record whose content changes goes back to review: the approval was of what
        the supervisor saw, and a laptop that had not heard of it yet may still have edited it."""
        key = (*record, rules.REVIEW_STATE)
        state = self._current(key)
        if (
            record[0] not in LOCKED_ONCE_APPROVED
            or state is None
            or state.value != ReviewState.APPROVED.value
        ):
            return
        reopened = rules.FieldVersion(ReviewState.PENDING.value, str(self.clock.tick()))
        self._keep(key, reopened)
        self.log.append(
            {
                "entity": record[0],
                "record_id": record[1],
                "field": rules.REVIEW_STATE,
                "grid": self.grids[record],
                "value": reopened.value,
                "hlc": reopened.hlc,
                "original_hlc": None,
                "device_id": SERVER_DEVICE,
            }
        )

    def _base(self, key: FieldKey, base: str | None) -> str | None:
        """The base as the server names it now: a review decision's base is the newest version of
        any field of its record, and every field one save wrote shares that save's stamp."""
        if base is None:
            return None
        if key[2] == rules.REVIEW_STATE:
            renamed = [new for (k, old), new in self.restamps.items() if k[:2] == key[:2] and old == base]
            if not renamed and rules.too_far_ahead(Stamp.parse(base), self.clock.now_ms()):
                renamed = self._restamps_of_earlier_batches(key, base)
            return max(renamed, default=base)
        created = self.restamps.get(((*key[:2], CREATION), base), base)
        return self.restamps.get((key, base), created)

    def _restamps_of_earlier_batches(self, key: FieldKey, base: str) -> list[str]:
        """What an earlier batch of this device re-stamped ``base`` to, on any field of the record:
        a laptop that has not taken that answer in (a sync bundle's reply not read back, an older
        version) still names the future stamp, which would pass for having seen every edit."""
        return list(
            self.conn.execute(
                sa.select(db.changes.c.hlc).where(
                    db.changes.c.device_id == self.device.id,
                    db.changes.c.entity == key[0],
                    db.changes.c.record_id == key[1],
                    db.changes.c.original_hlc == base,
                )
            ).scalars()
        )

    def _newest(self, record: tuple[str, str], save: str) -> str:
        """The newest version of any field of a record, outside the save stamped ``save``."""
        found = self.states.get(record)
        return found.newest(besides=save) if found is not None else ""

    def _restamped_before(self, change: FieldChange) -> str | None:
        """The stamp this device's change was given when the server re-stamped it before."""
        found: str | None = self.conn.execute(
            sa.select(db.changes.c.hlc)
            .where(
                db.changes.c.device_id == self.device.id,
                db.changes.c.entity == change.entity,
                db.changes.c.record_id == str(change.record_id),
                db.changes.c.field == change.field,
                db.changes.c.original_hlc == change.hlc,
            )
            .limit(1)
        ).scalar()
        return found

    def _log(
        self, record: tuple[str, str], grid: str, field: str, value: Any, hlc: str, original: str | None
    ) -> None:
        self.log.append(
            {
                "entity": record[0],
                "record_id": record[1],
                "field": field,
                "grid": grid,
                "value": value,
                "hlc": hlc,
                "original_hlc": original,
                "device_id": self.device.id,
            }
        )

    def _move(
        self,
        record: tuple[str, str],
        left: str,
        entered: str,
        field: str,
        value: Any,
        hlc: str,
        original: str | None,
    ) -> None:
        """A record moving to another grid: the devices of the grid it leaves hear that it left
        (and drop it); those of the grid it enters receive all of it, not just the move."""
        self._log(record, left, field, value, hlc, original)
        self._log(record, entered, field, value, hlc, original)
        for name, version in self.states[record].fields():
            if name != field:
                self._log(record, entered, name, version.value, version.hlc, None)

    def _conflict(
        self, change: FieldChange, current: rules.FieldVersion, incoming: rules.FieldVersion, grid: str
    ) -> None:
        """Keep both values, and put the conflict in the change stream so every device flags it."""
        conflict_id = str(uuid.uuid4())
        values = {
            "entity": change.entity,
            "record_id": str(change.record_id),
            "field": change.field,
            "current_value": current.value,
            "current_hlc": current.hlc,
            "incoming_value": incoming.value,
            "incoming_hlc": incoming.hlc,
            "incoming_device": self.device.id,
        }
        self.conn.execute(
            sa.insert(db.conflicts).values(id=conflict_id, grid=grid, created_at=datetime.now(UTC), **values)
        )
        # For the supervisor's side-by-side view: which laptops, by the names IT enrolled them under.
        current_device, current_name = self._writer_of(change, current.hlc)
        values |= {
            "current_device": current_device,
            "current_device_name": current_name,
            "incoming_device_name": self.device.name,
        }
        self.log.append(
            {
                "entity": CONFLICTS_ENTITY,
                "record_id": conflict_id,
                "grid": grid,
                "field": "opened",
                "value": values,
                "hlc": incoming.hlc,
                "original_hlc": None,
                "device_id": self.device.id,
            }
        )
        log.info("conflict %s on %s.%s of %s", conflict_id, change.entity, change.field, change.record_id)

    def _writer_of(self, change: FieldChange, hlc: str) -> tuple[str, str]:
        """The enrolled device (id, name) whose change to this field carries ``hlc``."""
        found = self.conn.execute(
            sa.select(db.devices.c.id, db.devices.c.name)
            .join(db.changes, db.changes.c.device_id == db.devices.c.id)
            .where(
                db.changes.c.entity == change.entity,
                db.changes.c.record_id == str(change.record_id),
                db.changes.c.field == change.field,
                db.changes.c.hlc == hlc,
            )
            .limit(1)
        ).first()
        return (found.id, found.name) if found else ("", "")

    def write(self) -> None:
        upsert_all(self.conn, db.field_state, list(self.won.values()), ["entity", "record_id", "field"])
        upsert_all(self.conn, db.records, list(self.records.values()), ["entity", "record_id"])
        attachments.refer(self.conn, self._attachment_lists())
        dialects.of(self.conn).insert_rows(self.conn, db.changes, self.log)

    def _attachment_lists(self) -> dict[tuple[str, str], Any]:
        """The new attachment list of each record whose list this batch set, by an edit or in
        a creation."""
        lists = {}
        for won in self.won.values():
            record = (won["entity"], won["record_id"])
            if won["field"] == "attachments":
                lists[record] = won["value"]
            elif won["field"] == CREATION and "attachments" in won["value"]:
                lists.setdefault(record, won["value"]["attachments"])
        return lists


def _batch_reused() -> ApiError:
    return ApiError(
        409,
        "batch_reused",
        "同一批次编号已用于不同的内容，服务器拒收。请重新同步；若仍出现，请联系管理员。",
        "This batch id was already used for other content; the batch is refused.",
    )


def apply_push(conn: Connection, device: Device, request: PushRequest, clock: ServerClock) -> PushResponse:
    """Apply a batch in the connection's transaction and commit it; returns the stored answer
    for a repeated batch (and leaves that transaction to the caller).

    The batch's records (and its id, against a retry racing the original) are locked first;
    the reads and decisions run in parallel with other pushes; the writes go out in one flight
    with the push lock and the COMMIT (server.db)."""
    batch_id = str(request.batch_id)
    keys = sorted(
        {(change.entity, str(change.record_id)) for change in request.changes if known(change.entity)}
    )
    dialect = dialects.of(conn)
    dialect.lock_records(conn, [f"batch/{device.id}/{batch_id}", *(f"{e}/{r}" for e, r in keys)])
    digests = [change.digest() for change in request.changes]
    digest = batch_digest(digests)
    stored = conn.execute(
        sa.select(db.batches.c.response, db.batches.c.digest).where(
            db.batches.c.device_id == device.id, db.batches.c.batch_id == batch_id
        )
    ).first()
    if stored is not None:
        if stored.digest is not None and stored.digest != digest:
            raise _batch_reused()
        return PushResponse.model_validate(stored.response)
    batch = _Batch(conn, device, keys, clock)
    results = batch.decide_all(request.changes)
    response = PushResponse(batch_id=request.batch_id, results=results, server_hlc=str(clock.tick()))
    seqs = [change.seq for change in request.changes if change.seq is not None]
    with dialect.pipelined(conn):
        dialect.ordered_writes(conn)
        batch.write()
        conn.execute(
            sa.insert(db.batches).values(
                device_id=device.id,
                batch_id=batch_id,
                response=response.model_dump(mode="json"),
                created_at=datetime.now(UTC),
                digest=digest,
                received=[[change.seq, mark] for change, mark in zip(request.changes, digests, strict=True)],
                last_seq=max(seqs, default=None),
                # Kept as JSON can hold them: a refused NaN is kept as null.
                refused=from_json(
                    to_json(
                        [
                            change.model_dump(mode="json")
                            for change, result in zip(request.changes, results, strict=True)
                            if result.status is ChangeStatus.REFUSED
                        ],
                        inf_nan_mode="null",
                    )
                ),
            )
        )
        conn.commit()
    return response


def received_batches(conn: Connection, device: Device, after_seq: int, limit: int) -> dict[str, Any]:
    """The batches this device sent whose changes lie past ``after_seq`` in its log, oldest first:
    for a laptop restored from a backup, which of its changes the server already holds and what
    it answered for each."""
    rows = conn.execute(
        sa.select(db.batches.c.batch_id, db.batches.c.received, db.batches.c.response, db.batches.c.refused)
        .where(db.batches.c.device_id == device.id, db.batches.c.last_seq > after_seq)
        .order_by(db.batches.c.last_seq)
        .limit(limit + 1)
    ).all()
    return {
        "batches": [
            {
                "batch_id": row.batch_id,
                "received": row.received,
                "response": row.response,
                "refused": row.refused or [],
            }
            for row in rows[:limit]
        ],
        "more": len(rows) > limit,
    }
