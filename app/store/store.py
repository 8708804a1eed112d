"""The local store: every write is one transaction holding the record, its field clocks, its
change-log rows and its place in the search queue, so a crash leaves all of them or none.

Reads go through sqlite-utils. The save path issues its own statements: it runs on every
keystroke-save and in bulk imports, and sqlite-utils' ``upsert`` re-reads the table's schema on
each call, which alone would cost more than the write.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any, Protocol, TypeVar
from uuid import UUID

import sqlite_utils

from app.clock import HybridClock, Stamp, wall_clock_ms
from app.errors import OutsideThisLaptop, RecordNotFound
from app.models import RECORD_TYPES, Record
from app.models.record import CREATION
from app.store import derived, scope, search
from app.store.connection import open_database
from app.store.migrations import migrate
from app.store.tables import fetch_row, field_values, from_row, to_json, to_row

R = TypeVar("R", bound=Record)

# Not synced as field changes: the key itself, local bookkeeping, and who/when the record began
# (logged once, when it is created).
_NOT_LOGGED = frozenset({"id", "updated_at", "clocks"})
# Field clocks are stored as {"*": stamp of creation, field: stamp of its last change, ...}: a field
# not listed was last written when the record was made. Listing every field would repeat the same
# 50-byte stamp a dozen times per row, nearly half the database. "*" is also the field name of a
# record's creation in the change log and on the wire.
CREATION_CLOCK = CREATION
REVIEW_STATE = "review_state"


def _readable(text: str) -> Stamp:
    """A stored stamp, including one an older version let its counter carry into a seventh digit:
    read as the next millisecond, so that the file still opens and the clock moves on from it."""
    try:
        return Stamp.parse(text)
    except ValueError:
        wall, _counter, device = text.split("-", 2)
        return Stamp(int(wall) + 1, 0, device)


@cache
def _upsert_sql(table: str, columns: tuple[str, ...]) -> str:
    assignments = ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id")
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT (id) DO UPDATE SET {assignments}"
    )


@cache
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


_LOG_SQL = (
    "INSERT INTO change_log (entity, record_id, grid, field, value, hlc, base_hlc, device) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
# Records ``add_all`` writes per statement.
ADD_CHUNK = 1000


class Guard(Protocol):
    """What every save passes once someone is logged in: the record as that person may save it
    (the same type it was given), or an error saying why not."""

    def __call__(self, record: R, existing: dict[str, Any] | None, /) -> R: ...


class Store:
    """A device's database. Open with ``Store.open(path, key)``; close when done."""

    def __init__(self, db: sqlite_utils.Database, *, now_ms: Any = wall_clock_ms) -> None:
        self.db = db
        self.device_id: str = self.meta("device_id") or ""
        self.clock = HybridClock(self.device_id, last=self._last_stamp(), now_ms=now_ms)
        self._clock_at_begin = self.clock.last
        self._lock = threading.RLock()
        self._depth = 0
        # Set at login: every record a person saves passes it (their role, grids, review locks).
        self.guard: Guard | None = None

    @classmethod
    def open(cls, path: Path | str, key: bytes | None = None, *, now_ms: Any = wall_clock_ms) -> Store:
        """Open or create the database at ``path`` (encrypted when ``key`` is given), migrated and
        with its derived data (the search index) made by this version."""
        db = open_database(path, key)
        try:
            migrate(db, Path(path))
            derived.refresh(db)
        except BaseException:
            db.close()
            raise
        return cls(db, now_ms=now_ms)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def _last_stamp(self) -> Stamp | None:
        """The clock of this database file: ``meta.hlc``, which every write transaction keeps; a
        file from before that kept it only when no change-log row held a later stamp."""
        kept = self.meta("hlc")
        logged = self.db.execute("SELECT hlc FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()
        stamps = [_readable(text) for text in (kept, logged[0] if logged else None) if text]
        return max(stamps, default=None)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic, durable write; nested calls join the outer transaction.

        The file holds one clock for every connection to it (the screens' store and the sync's
        store among them): a transaction starts from the clock as the last one left it and
        keeps what it stamped or observed. BEGIN IMMEDIATE makes writers take turns, so a
        stamp issued after a transaction that observed S is later than S, whichever store
        observed it."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self.db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                self._load_clock()
                yield
                self._keep_clock()
            except BaseException:
                self.db.execute("ROLLBACK")
                self.clock.set(self._clock_at_begin)
                raise
            else:
                self.db.execute("COMMIT")
            finally:
                self._depth = 0

    def _load_clock(self) -> None:
        kept = self.meta("hlc")
        if kept:
            self.clock.set(_readable(kept))
        self._clock_at_begin = self.clock.last

    def _keep_clock(self) -> None:
        if self.clock.last != self._clock_at_begin:
            self.set_meta("hlc", str(self.clock.last))

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def observe(self, stamp: Stamp) -> None:
        """Move this device's clock past a stamp from the server; kept with the transaction."""
        with self.transaction():
            self.clock.observe(stamp)

    def reset_clock(self, stamp: Stamp) -> None:
        """Continue this file's clock from ``stamp``, even backwards: after the server re-stamped
        changes from a clock far ahead, the laptop goes back to its wall clock."""
        with self.transaction():
            self.clock.set(stamp)

    def save(self, record: R) -> R:
        """Write a new or changed record; returns it as stored. An unchanged record writes nothing."""
        with self.transaction():
            return self._write(record, record_changes=True)

    def save_all(self, records: Iterable[Record], *, record_changes: bool = True) -> int:
        """Write many records in one transaction.

        ``record_changes=False`` is for data that must never be pushed to a server (demo data):
        rows, clocks and search entries are written, the change log is not.
        """
        count = 0
        with self.transaction():
            for record in records:
                self._write(record, record_changes=record_changes)
                count += 1
        return count

    def _write(self, record: R, *, record_changes: bool) -> R:
        table = record.entity
        existing = fetch_row(self.db, table, str(record.id))
        self._check_device_scope(record, existing)
        if self.guard is not None:
            record = self.guard(record, existing)
        update: dict[str, Any] = {"updated_at": datetime.now(UTC)}
        if existing:
            # Who made a record and when stay those of its first save.
            update["created_at"] = datetime.fromisoformat(existing["created_at"])
            update["author"] = existing["author"]
        record = record.model_copy(update=update)
        row = to_row(record)
        if existing:
            changed = [name for name in row if name not in _NOT_LOGGED and row[name] != existing[name]]
            if not changed:
                stored_at = datetime.fromisoformat(existing["updated_at"])
                return record.model_copy(update={"updated_at": stored_at})
            before = json.loads(existing["clocks"])
            bases = {name: before.get(name, before.get(CREATION_CLOCK)) for name in changed}
            if REVIEW_STATE in bases:
                # A review decision is made on the whole record: its base is the newest version
                # of any field this laptop saw (sync.rules), not just the decision's own.
                bases[REVIEW_STATE] = max(before.values())
        else:
            changed = [name for name in row if name not in _NOT_LOGGED]
            before, bases = {}, {}
        stamp = str(self.clock.tick())
        clocks = before | dict.fromkeys(changed, stamp) if existing else {CREATION_CLOCK: stamp}
        row["clocks"] = to_json(clocks)
        columns = tuple(row)
        self.db.execute(_upsert_sql(table, columns), [row[c] for c in columns])
        if record_changes:
            self._log(record, changed, stamp, bases, creation=not existing)
        search.queue(self.db, table, row["id"])
        return record

    def _log(
        self, record: Record, changed: list[str], stamp: str, bases: dict[str, str | None], *, creation: bool
    ) -> None:
        self.db.conn.executemany(_LOG_SQL, self._log_rows(record, changed, stamp, bases, creation=creation))

    def _log_rows(
        self, record: Record, changed: list[str], stamp: str, bases: dict[str, str | None], *, creation: bool
    ) -> list[tuple[str, str, str, str, str, str, str | None, str]]:
        """The change-log rows of one save: a new record is one row carrying all its fields under
        the field name ``*`` (it travels and is applied whole), an edit one row per field."""
        values = field_values(record)
        rows: list[tuple[str, str, str | None]]
        if creation:
            rows = [(CREATION_CLOCK, to_json({name: values[name] for name in changed}), None)]
        else:
            rows = [(name, to_json(values[name]), bases.get(name)) for name in changed]
        return [
            (record.entity, str(record.id), record.grid, field, value, stamp, base, self.device_id)
            for field, value, base in rows
        ]

    def add_all(self, records: Iterable[Record]) -> int:
        """Write records that are new, many at a time, in one transaction: what a bulk import
        of freshly made records needs, without looking each one up first. Each is guarded,
        scope-checked, stamped, logged and queued for search as ``save`` would; an id already
        stored fails the whole call (the primary key), so nothing is overwritten unseen."""
        count = 0
        with self.transaction():
            covered = scope.device_grids(self.db)
            items = iter(records)
            while chunk := list(islice(items, ADD_CHUNK)):
                self._add_chunk(chunk, covered)
                count += len(chunk)
        return count

    def _add_chunk(self, chunk: list[Record], covered: frozenset[str] | None) -> None:
        rows: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
        logged: list[tuple[str, str, str, str, str, str, str | None, str]] = []
        for new in chunk:
            if covered is not None and new.grid not in covered:
                raise OutsideThisLaptop(scope.grid_name(self.db, new.grid))
            record = self.guard(new, None) if self.guard is not None else new
            record = record.model_copy(update={"updated_at": datetime.now(UTC)})
            row = to_row(record)
            changed = [name for name in row if name not in _NOT_LOGGED]
            stamp = str(self.clock.tick())
            row["clocks"] = to_json({CREATION_CLOCK: stamp})
            columns = tuple(row)
            rows.setdefault((record.entity, columns), []).append([row[c] for c in columns])
            logged += self._log_rows(record, changed, stamp, {}, creation=True)
        for (table, columns), values in rows.items():
            self.db.conn.executemany(_insert_sql(table, columns), values)
        self.db.conn.executemany(_LOG_SQL, logged)
        self.db.conn.executemany(search.QUEUE_SQL, [(str(record.id), record.entity) for record in chunk])

    def _check_device_scope(self, record: Record, existing: dict[str, Any] | None) -> None:
        """A record this laptop saves, or moves, must stay within the grids it covers."""
        covered = scope.device_grids(self.db)
        if covered is None:
            return
        touched = {record.grid, *([existing["grid"]] if existing else [])}
        if outside := sorted(touched - covered):
            raise OutsideThisLaptop(scope.grid_name(self.db, outside[0]))

    def delete(self, model: type[R], record_id: UUID | str) -> R:
        """Tombstone a record: it disappears from lists and search, and the delete syncs."""
        with self.transaction():
            record = self.get(model, record_id, include_deleted=True)
            return self._write(record.model_copy(update={"deleted": True}), record_changes=True)

    def get(self, model: type[R], record_id: UUID | str, *, include_deleted: bool = False) -> R:
        row = fetch_row(self.db, model.entity, str(record_id))
        if row is None or (row["deleted"] and not include_deleted):
            raise RecordNotFound(model.entity, str(record_id))
        return from_row(model, row)

    def grid_of(self, model: type[Record], record_id: UUID | str) -> str:
        """The grid of a live record, without loading it: how a child finds its parent's grid."""
        row = self.db.execute(
            f"SELECT grid FROM {model.entity} WHERE id = ? AND deleted = 0", [str(record_id)]
        ).fetchone()
        if row is None:
            raise RecordNotFound(model.entity, str(record_id))
        return str(row[0])

    def find(
        self,
        model: type[R],
        where: str | None = None,
        params: Iterable[Any] = (),
        *,
        order_by: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        include_deleted: bool = False,
    ) -> list[R]:
        clauses = [c for c in (where, None if include_deleted else "deleted = 0") if c]
        rows = self.db[model.entity].rows_where(
            " AND ".join(f"({c})" for c in clauses) or None,
            list(params),
            order_by=order_by,
            limit=limit,
            offset=offset,
        )
        return [from_row(model, row) for row in rows]

    def count(self, model: type[Record], where: str | None = None, params: Iterable[Any] = ()) -> int:
        clause = f"deleted = 0 AND ({where})" if where else "deleted = 0"
        return int(
            self.db.execute(f"SELECT count(*) FROM {model.entity} WHERE {clause}", list(params)).fetchone()[0]
        )

    def count_all_records(self) -> int:
        """Rows in every record table, tombstones included: zero only for a database never written."""
        return sum(self.db.execute(f"SELECT count(*) FROM {m.entity}").fetchone()[0] for m in RECORD_TYPES)

    def pending_changes(self) -> int:
        """Field changes made on this device that the server has not yet acknowledged.

        Sync pushes the log in ``seq`` order and acknowledges it in that order, so one watermark
        (``acked_seq``) says what is done: one write per acknowledged batch, not one per row.
        """
        acked = int(self.meta("acked_seq") or 0)
        return int(self.db.execute("SELECT count(*) FROM change_log WHERE seq > ?", [acked]).fetchone()[0])

    def index_pending_search(self) -> int:
        """Index what saves queued since the last search; cheap when nothing is queued."""
        if not search.has_pending(self.db):
            return 0
        with self.transaction():
            return search.index_pending(self.db)

    def search(self, query: str, **options: Any) -> search.SearchPage:
        self.index_pending_search()
        return search.search(self.db, query, **options)

    def integrity_check(self) -> str:
        return str(self.db.execute("PRAGMA integrity_check").fetchone()[0])
