"""A pulled page applied in bulk, in one transaction with its cursor.

A page of a new laptop's first sync is thousands of records: applied change by change, each field
cost a lookup of unsent changes, a row fetch and an UPDATE, and each record a validation. Here a
page costs one read of what is unsent, one read of the page's records per table, one read per
table of the records they point at, and one write per table: records arriving whole are written
from the values the server checked, without building a model.

The rules are those of sync.apply, where single field versions are applied: a field is written
only where the pulled version is newer, never over an unsent local change; a record is built once
complete and once every record it points at is here (or arrives in the same page); whatever cannot
be applied yet waits in the inbox.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import sqlcipher3
from pydantic import TypeAdapter

from app.errors import TongxinError
from app.models import BY_ENTITY
from app.models.record import CREATION, NOT_SYNCED
from app.store.scope import device_grids
from app.store.store import CREATION_CLOCK, Store
from app.store.tables import column_value, json_columns, to_json, to_row
from sync import apply, departures
from sync.apply import RemoteChange
from sync.protocol import CONFLICTS_ENTITY

RecordKey = tuple[str, str]
Version = tuple[Any, str]  # a field's value and clock
_NOW = TypeAdapter(datetime)


def apply_page(
    store: Store,
    changes: Iterable[RemoteChange],
    next_cursor: int,
    server_hlc: str,
    *,
    remember: Mapping[str, str] | None = None,
) -> int:
    """Apply one pulled page and advance the cursor, all in one transaction, with whatever else
    the caller must ``remember`` only if the page is applied. Returns fields applied."""
    with store.transaction():
        # Checked at COMMIT: within the page, a record may be written before or after another
        # that points at it.
        store.db.execute("PRAGMA defer_foreign_keys = ON")
        after = apply.acked_seq(store)
        page = _Page(store, after)
        stamps = []
        for change in changes:
            stamps.append(change.hlc)
            if change.entity == CONFLICTS_ENTITY:
                apply.record_conflict(store, change)
            else:
                page.add(change)
        applied = page.apply()
        touched = page.touched
        if page.built and store.db.execute("SELECT 1 FROM sync_inbox LIMIT 1").fetchone():
            touched |= apply.settle_waiting(store, after)  # what waited for the records just built
        if page.left_grids:
            departures.leave(store, touched)
        apply.flag_broken_merges(store, page.merged)
        store.set_meta("pull_cursor", str(next_cursor))
        for key, value in (remember or {}).items():
            store.set_meta(key, value)
        apply.seen(store, stamps)
        apply.observe_server(store, server_hlc, after=after)
    return applied


class _Page:
    def __init__(self, store: Store, after: int) -> None:
        self.store, self.db = store, store.db
        self.unsent = {
            tuple(row)
            for row in self.db.execute(
                "SELECT entity, record_id, field FROM change_log WHERE seq > ?", [after]
            )
        }
        # The newest version of each field the page holds, by record, and the stamps it came with.
        self.fields: dict[RecordKey, dict[str, Version]] = defaultdict(dict)
        self.stamps: dict[RecordKey, set[str]] = defaultdict(set)
        self.unknown: list[RemoteChange] = []
        self.touched: set[RecordKey] = set()
        self.merged: set[RecordKey] = set()
        self.built = False
        self.left_grids = False

    def add(self, change: RemoteChange) -> None:
        """A change's field versions (a creation carries all of its record's), kept where newer
        than the page's own and not over an unsent change. Read off the change's values: one
        object per field of a first sync's records cost a quarter of applying its pages."""
        key = (change.entity, change.record_id)
        unsent, hlc = self.unsent, change.hlc
        creating = bool(unsent) and (*key, CREATION) in unsent
        known = apply.known_fields(change.entity)
        whole = change.field == CREATION and isinstance(change.value, dict)
        kept: dict[str, Version] = {}
        for field, value in change.value.items() if whole else ((change.field, change.value),):
            if field not in known:
                self.unknown.append(RemoteChange(*key, change.grid, field, value, hlc))
            elif not creating and not (unsent and (*key, field) in unsent):
                kept[field] = (value, hlc)
        if not kept:
            return
        held = self.fields[key]
        if held:
            kept = {
                field: version for field, version in kept.items() if field not in held or hlc > held[field][1]
            }
        held.update(kept)
        self.stamps[key].add(hlc)

    def apply(self) -> int:
        for version in self.unknown:
            apply.wait(self.store, version)
        by_entity: dict[str, dict[str, dict[str, Version]]] = defaultdict(dict)
        for (entity, record_id), fields in self.fields.items():
            by_entity[entity][record_id] = fields
        existing = {entity: self._rows(entity, list(records)) for entity, records in by_entity.items()}
        new = {
            entity: {rid: fields for rid, fields in records.items() if rid not in existing[entity]}
            for entity, records in by_entity.items()
        }
        self._with_waiting(new)
        present = self._present(by_entity, new)
        built = self._buildable(new, present)
        applied = sum(
            self._update(entity, existing[entity], records, present) for entity, records in by_entity.items()
        )
        applied += self._insert(built)
        self._wait_for_the_rest(new, built)
        self._queue_search()
        self._check_grids()
        return applied

    def _rows(self, entity: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        cursor = self.db.execute(
            f"SELECT * FROM {entity} WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]
        )
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}

    def _with_waiting(self, new: dict[str, dict[str, dict[str, Version]]]) -> None:
        """A new record may have fields from earlier pages waiting in the inbox: joined here."""
        if not any(new.values()) or not self.db.execute("SELECT 1 FROM sync_inbox LIMIT 1").fetchone():
            return
        for entity, records in new.items():
            for record_id, fields in records.items():
                for field, version in apply.waiting_fields(self.store, entity, record_id).items():
                    if field not in fields or version[1] > fields[field][1]:
                        fields[field] = version
                        self.stamps[(entity, record_id)].add(version[1])

    def _present(
        self,
        by_entity: dict[str, dict[str, dict[str, Version]]],
        new: dict[str, dict[str, dict[str, Version]]],
    ) -> dict[str, set[str]]:
        """The records here, of each table the page's references point into, that they name."""
        wanted: dict[str, set[str]] = defaultdict(set)
        for entity, records in by_entity.items():
            for field, table in apply.references(self.db, entity).items():
                wanted[table] |= {
                    str(f[field][0]) for f in records.values() if f.get(field, (None,))[0] is not None
                }
        return {
            table: {
                row[0]
                for row in self.db.execute(
                    f"SELECT id FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                    [json.dumps(sorted(ids))],
                )
            }
            for table, ids in wanted.items()
        }

    def _buildable(
        self, new: dict[str, dict[str, dict[str, Version]]], present: dict[str, set[str]]
    ) -> dict[str, dict[str, dict[str, Any]]]:
        """The new records that are complete and whose every reference is here or built with
        them: rows ready to insert. Repeats until stable, since a record may point at another
        new one that turns out not to be buildable."""
        rows = {
            entity: {rid: row for rid, fields in records.items() if (row := self._row(entity, rid, fields))}
            for entity, records in new.items()
        }
        while True:
            dropped = False
            for entity, candidates in rows.items():
                references = apply.references(self.db, entity)
                for record_id in list(candidates):
                    row = candidates[record_id]
                    for field, table in references.items():
                        target = row.get(field)
                        if (
                            target is not None
                            and target not in present.get(table, set())
                            and target not in rows.get(table, {})
                        ):
                            del candidates[record_id]
                            dropped = True
                            break
            if not dropped:
                for table, ids in rows.items():
                    present.setdefault(table, set()).update(ids)
                return rows

    def _row(self, entity: str, record_id: str, fields: dict[str, Version]) -> dict[str, Any] | None:
        """The row of a complete new record, or None while part of it has not arrived."""
        model = BY_ENTITY[entity]
        if apply.known_fields(entity) - NOT_SYNCED <= fields.keys():
            lists = json_columns(model)
            row = {
                "id": record_id,
                **{
                    f: to_json(v) if f in lists else int(v) if isinstance(v, bool) else v
                    for f, (v, _hlc) in fields.items()
                },
            }
            row["updated_at"] = _NOW.dump_python(datetime.now(UTC), mode="json")
        else:
            try:  # an older server's record, sent field by field: defaults fill what it lacks
                row = to_row(apply.build(entity, record_id, fields))
            except (ValueError, TypeError, TongxinError):
                return None
        row["clocks"] = to_json(
            {CREATION_CLOCK: apply.UNSTAMPED, **{f: hlc for f, (_v, hlc) in fields.items()}}
        )
        return row

    def _update(
        self,
        entity: str,
        rows: dict[str, dict[str, Any]],
        records: dict[str, dict[str, Version]],
        present: dict[str, set[str]],
    ) -> int:
        """Newer field versions written onto records this laptop holds."""
        model = BY_ENTITY[entity]
        references = apply.references(self.db, entity)
        applied = 0
        for record_id, row in rows.items():
            clocks = json.loads(row["clocks"])
            changed: dict[str, Any] = {}
            for field, (value, hlc) in records[record_id].items():
                if hlc <= clocks.get(field, clocks.get(CREATION_CLOCK, apply.UNSTAMPED)):
                    continue
                table = references.get(field)
                if table is not None and value is not None and str(value) not in present.get(table, set()):
                    apply.wait(self.store, RemoteChange(entity, record_id, "", field, value, hlc))
                    continue
                changed[field] = column_value(model, field, value)
                clocks[field] = hlc
            if changed and self._write_update(entity, record_id, changed, clocks):
                applied += len(changed)
                self.touched.add((entity, record_id))
                self.merged.add((entity, record_id))
        return applied

    def _write_update(
        self, entity: str, record_id: str, changed: dict[str, Any], clocks: dict[str, str]
    ) -> bool:
        assignments = ", ".join(f"{field} = ?" for field in changed)
        sql = f"UPDATE {entity} SET {assignments}, clocks = ? WHERE id = ?"
        if apply.guarded(self.store, sql, [*changed.values(), to_json(clocks), record_id]):
            return True
        for field, value in changed.items():  # a value another record here holds, where it must be unique
            apply.wait(self.store, RemoteChange(entity, record_id, "", field, value, clocks[field]))
        return False

    def _insert(self, built: dict[str, dict[str, dict[str, Any]]]) -> int:
        applied = 0
        for entity, rows in built.items():
            if not rows:
                continue
            columns = list(next(iter(rows.values())))
            sql = f"INSERT INTO {entity} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            self.db.execute("SAVEPOINT built")
            try:
                self.db.conn.executemany(sql, [[row[c] for c in columns] for row in rows.values()])
            except sqlcipher3.IntegrityError:  # one of them breaks a uniqueness rule: each on its own
                self.db.execute("ROLLBACK TO built")
                rows = {
                    rid: row
                    for rid, row in rows.items()
                    if apply.guarded(self.store, sql, [row[c] for c in columns])
                }
                built[entity] = rows  # the others wait
            self.db.execute("RELEASE built")
            self.db.execute(
                "DELETE FROM sync_inbox WHERE entity = ? AND record_id IN (SELECT value FROM json_each(?))",
                [entity, json.dumps(list(rows))],
            )
            self.touched |= {(entity, rid) for rid in rows}
            self.merged |= {(entity, rid) for rid in rows if len(self.stamps[(entity, rid)]) > 1}
            applied += sum(len(row) - 3 for row in rows.values())  # not id, updated_at, clocks
            self.built = self.built or bool(rows)
        return applied

    def _wait_for_the_rest(
        self, new: dict[str, dict[str, dict[str, Version]]], built: dict[str, dict[str, dict[str, Any]]]
    ) -> None:
        waiting = [
            (entity, record_id, field, to_json(value), hlc)
            for entity, records in new.items()
            for record_id, fields in records.items()
            if record_id not in built.get(entity, {})
            for field, (value, hlc) in fields.items()
        ]
        self.db.conn.executemany(
            "INSERT INTO sync_inbox (entity, record_id, field, value, hlc) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (entity, record_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc"
            " WHERE excluded.hlc > sync_inbox.hlc",
            waiting,
        )

    def _queue_search(self) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO search_pending (record_id, entity) VALUES (?, ?)",
            [(record_id, entity) for entity, record_id in self.touched],
        )

    def _check_grids(self) -> None:
        """Whether a record of the page now stands outside this laptop's grids (moved away)."""
        covered = device_grids(self.db)
        if covered is None:
            return
        grids = {
            fields["grid"][0]
            for key, fields in self.fields.items()
            if key in self.touched and "grid" in fields
        }
        self.left_grids = bool(grids - covered)
