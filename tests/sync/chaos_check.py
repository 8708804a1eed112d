"""The chaos run's checker. It reads the server's database and every laptop's file with its own SQL,
not through the sync code, and names every way the promise was broken:

- every acknowledged save is on the server, and on every laptop of its grid (on none other), once;
- every field holds the last write in clock order on the server and the same value on every
  laptop of its grid; each laptop change not in the server's log lost to a later write, or to a
  recorded conflict, or is listed as refused on that laptop;
- no change reached the server's log twice, and no laptop conflicted with its own change;
- no laptop has a stalled pull (nothing waiting, its cursor at the end) or an unsent change;
- every photo listed by a record is whole on the server and on every laptop of its grid;
- ``integrity_check`` is ok and no foreign key dangles.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from app.models import RECORD_TYPES
from app.store.connection import open_database
from tests.harness.laptops import Laptop

ENTITIES = {model.entity for model in RECORD_TYPES}
Key = tuple[str, str, str]


@dataclass
class ServerView:
    fields: dict[Key, tuple[Any, str]] = field(default_factory=dict)
    records: dict[tuple[str, str], str] = field(default_factory=dict)
    log: list[tuple[int, str, str, str, Any, str, str | None, str]] = field(default_factory=list)
    conflicts: set[Key] = field(default_factory=set)
    attachments: dict[str, bool] = field(default_factory=dict)
    answers: dict[tuple[str, int], str] = field(default_factory=dict)


def _json(value: Any, sqlite: bool) -> Any:
    return json.loads(value) if sqlite and isinstance(value, str) else value


def read_server(database_url: str) -> ServerView:
    engine = sa.create_engine(database_url)
    sqlite = engine.dialect.name == "sqlite"
    view = ServerView()
    with engine.connect() as conn:
        # A record's creation is one row (field "*") holding every field; a field edited since has
        # its own, newer row.
        for entity, record_id, name, value, hlc in conn.execute(
            sa.text("SELECT entity, record_id, field, value, hlc FROM field_state")
        ):
            value = _json(value, sqlite)
            created = value.items() if name == "*" else [(name, value)]
            for field, field_value in created:
                known = view.fields.get((entity, record_id, field))
                if known is None or known[1] < hlc:
                    view.fields[(entity, record_id, field)] = (field_value, hlc)
        for entity, record_id, grid in conn.execute(sa.text("SELECT entity, record_id, grid FROM records")):
            view.records[(entity, record_id)] = grid
        for row in conn.execute(
            sa.text(
                "SELECT seq, entity, record_id, field, value, hlc, original_hlc, device_id"
                " FROM changes ORDER BY seq"
            )
        ):
            view.log.append((row[0], row[1], row[2], row[3], _json(row[4], sqlite), row[5], row[6], row[7]))
        for entity, record_id, name in conn.execute(
            sa.text("SELECT entity, record_id, field FROM conflicts")
        ):
            view.conflicts.add((entity, record_id, name))
        for sha, complete in conn.execute(sa.text("SELECT sha256, complete FROM attachments")):
            view.attachments[sha] = bool(complete)
        for device, received, response in conn.execute(
            sa.text("SELECT device_id, received, response FROM batches")
        ):
            marks, answer = _json(received, sqlite) or [], _json(response, sqlite)
            for (seq, _digest), result in zip(marks, answer["results"], strict=True):
                if seq is not None:
                    view.answers[(device, seq)] = result["status"]
    engine.dispose()
    return view


def _as_column(value: Any) -> Any:
    """A field's JSON value as a laptop's column holds it."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return int(value) if isinstance(value, bool) else value


def _same(column: Any, value: Any) -> bool:
    if isinstance(value, float | int) and isinstance(column, float | int) and not isinstance(value, bool):
        return float(column) == float(value)
    if isinstance(value, str) and isinstance(column, str) and value.endswith("Z") != column.endswith("Z"):
        return value.replace("Z", "+00:00") == column.replace("Z", "+00:00")
    return column == _as_column(value)


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def expect(self, ok: bool, problem: str) -> None:
        if not ok:
            self.problems.append(problem)


def check(database_url: str, laptops: list[Laptop], stray: dict[str, list[str]]) -> dict[str, int]:
    """Raise AssertionError listing what broke; return the counts of what was checked."""
    server = read_server(database_url)
    found = Findings()
    _check_server_log(server, found)
    for laptop in laptops:
        _check_laptop(server, laptop, stray.get(laptop.name, []), found)
    found.counts["server records"] = len(server.records)
    found.counts["server changes"] = len(server.log)
    found.counts["conflicts"] = len(server.conflicts)
    assert not found.problems, f"{len(found.problems)} problems:\n" + "\n".join(found.problems[:40])
    return dict(found.counts)


def _check_server_log(server: ServerView, found: Findings) -> None:
    seen: set[tuple[str, str, str, str, str]] = set()
    latest: dict[Key, tuple[str, Any]] = {}
    for _seq, entity, record_id, name, value, hlc, original, device in server.log:
        # A review decision is made on the whole record, so one laptop's two decisions meet in a
        # conflict when another laptop edited the record in between, unseen: only other fields'
        # conflicts between a laptop's own changes are a laptop conflicting with itself.
        if entity == "conflicts" and value["field"] != "review_state":
            found.expect(
                value["current_device"] != value["incoming_device"],
                f"a laptop conflicted with itself: {value['entity']}.{value['field']} {value['record_id']}",
            )
        identity = (entity, record_id, name, original or hlc, device)
        found.expect(identity not in seen, f"server log holds a change twice: {identity}")
        seen.add(identity)
        # A record's creation ("*") carries all its fields at one stamp.
        for written, field_value in value.items() if name == "*" else [(name, value)]:
            key = (entity, record_id, written)
            if key not in latest or hlc > latest[key][0]:
                latest[key] = (hlc, field_value)
    for key, (value, hlc) in server.fields.items():
        found.expect(
            latest.get(key) == (hlc, value), f"server field {key} is not its last write in clock order"
        )


def _check_laptop(server: ServerView, laptop: Laptop, stray: list[str], found: Findings) -> None:
    db = open_database(laptop.path, laptop.key)
    try:
        name = laptop.name
        found.expect(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"{name}: integrity_check")
        found.expect(not db.execute("PRAGMA foreign_key_check").fetchall(), f"{name}: a foreign key dangles")
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        high = max((row[0] for row in server.log), default=0)
        waiting = db.execute("SELECT entity, record_id, field, value FROM sync_inbox").fetchall()
        found.expect(not waiting, f"{name}: pulled changes never applied: {waiting[:12]}")
        found.expect(int(meta.get("pull_cursor") or 0) == high, f"{name}: pull stopped before the end")
        last = db.execute("SELECT max(seq) FROM change_log").fetchone()[0] or 0
        found.expect(int(meta.get("acked_seq") or 0) == last, f"{name}: changes still unsent")
        refused = {row[0] for row in db.execute("SELECT DISTINCT record_id FROM sync_refused")}
        found.expect(set(stray) <= refused, f"{name}: a refused save is not listed as refused")
        conflicts = {tuple(row) for row in db.execute("SELECT entity, record_id, field FROM conflicts")}
        _check_records(server, laptop, db, found)
        _check_own_changes(server, laptop, db, meta.get("server_device_id", ""), refused, conflicts, found)
        _check_photos(server, laptop, db, found)
    finally:
        db.close()


def _check_records(server: ServerView, laptop: Laptop, db: Any, found: Findings) -> None:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for entity in ENTITIES:
        cursor = db.execute(f"SELECT * FROM {entity}")
        names = [d[0] for d in cursor.description]
        for row in cursor.fetchall():
            rows[(entity, row[0])] = dict(zip(names, row, strict=True))
    for (entity, record_id), grid in server.records.items():
        if entity not in ENTITIES:
            continue
        held = (entity, record_id) in rows
        if grid != laptop.grid:
            found.expect(not held, f"{laptop.name}: holds {entity} {record_id} of another grid")
            continue
        found.expect(held, f"{laptop.name}: lacks {entity} {record_id}")
        found.counts[f"{laptop.name} records checked"] += held
    for (entity, record_id, name), (value, _hlc) in server.fields.items():
        row = rows.get((entity, record_id))
        if row is None or name not in row:
            continue
        found.expect(
            _same(row[name], value),
            f"{laptop.name}: {entity}.{name} of {record_id} is {row[name]!r}, the server holds {value!r}",
        )
        found.counts["fields compared"] += 1


def _check_own_changes(
    server: ServerView,
    laptop: Laptop,
    db: Any,
    device: str,
    refused: set[str],
    conflicts: set[tuple[Any, ...]],
    found: Findings,
) -> None:
    logged = {(e, r, f, h) for _s, e, r, f, _v, hlc, original, d in server.log for h in (hlc, original) if h}
    for seq, entity, record_id, name, hlc in db.execute(
        "SELECT seq, entity, record_id, field, hlc FROM change_log"
    ).fetchall():
        found.counts["laptop changes"] += 1
        if (entity, record_id, name, hlc) in logged:
            continue
        answer = server.answers.get((device, seq))
        accounted = (
            answer in ("superseded", "conflict")
            or (entity, record_id, name) in conflicts
            or (answer == "refused" and record_id in refused)
        )
        found.expect(
            accounted, f"{laptop.name}: change {seq} ({entity}.{name} {record_id}) was lost: {answer}"
        )
        found.counts["laptop changes that lost to later ones"] += accounted


def _check_photos(server: ServerView, laptop: Laptop, db: Any, found: Findings) -> None:
    held = {
        sha: (size, received, hashlib.sha256(data).hexdigest())
        for sha, size, received, data in db.execute(
            "SELECT sha256, size, received, data FROM attachment_files"
        )
    }
    for (entity, record_id, name), (value, _hlc) in server.fields.items():
        if name != "attachments" or server.records.get((entity, record_id)) != laptop.grid:
            continue
        for sha in value:
            found.expect(server.attachments.get(sha) is True, f"server lacks photo {sha}")
            size, received, digest = held.get(sha, (0, -1, ""))
            found.expect(received == size and digest == sha, f"{laptop.name}: photo {sha} not whole")
            found.counts["photos checked"] += 1
