"""Archiving on the laptop: old, finished records leave it; the server keeps them.

A laptop in service for years only grows (cht-core #2434, pouchdb #7978). What may leave:

* a visit approved by a supervisor, made before the cut-off, that belongs to no dispute, no
  follow-up and no service item — with the reviews of it;
* a dispute closed (closed, withdrawn, closed unresolved) and approved, last saved before the
  cut-off — with its parties, mediation sessions, follow-ups, timeline steps and visits, and
  the reviews of any of them;
* a volunteer activity approved and ended before the cut-off — with its participations and reviews.

A group leaves only when the server has all of it: the laptop is enrolled, no change of any
member waits to be sent, and nothing about it waits for a person here (an open conflict, a
refusal, a flag, a field waiting in the inbox, a draft). Households, residents, volunteers and
the audit trail stay: they are the register the work is done on.

Each group leaves in one transaction with its search entries; a row per record stays in
``archived`` (title, grid, the group's root) so a person can find it and bring it back from the
server (``sync.archive``). Photos that no record here lists any more go too, and photos of
discarded forms (listed by no record and no draft). ``VACUUM`` runs when the free pages are
worth it. Removing a group is local: nothing enters the change log, the server is unchanged.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

from app.models import LISTS_FILES
from app.store import search
from app.store.scope import enrolled_grids
from app.store.store import Store

log = logging.getLogger(__name__)

DEFAULT_AGE = timedelta(days=730)
CLOSED = ("closed", "withdrawn", "unresolved_closed")
_LISTS_FILES = LISTS_FILES
_BATCH = 1000
# VACUUM when archiving took at least this share of the records, or this share of the file is free
# pages, and the file is at least this big. Free pages alone undercount: deletes leave many pages
# part empty (measured: 7% free pages, yet VACUUM gave back 22% of the file).
_VACUUM_SHARE = 0.05
_VACUUM_BYTES = 4 << 20

Member = tuple[str, str]

# What makes a record lead a group out (``t`` is the record, ``:before`` the cut-off).
_ROOTS = {
    "visits": "t.review_state = 'approved' AND t.visited_at < :before AND t.dispute_id IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.visit_id = t.id)"
    # Read once into a set, not for each visit: service items have no index on the visits that
    # opened and closed them, and a scan per visit took 20 minutes on 100,000 households.
    " AND t.id NOT IN (SELECT opened_visit_id FROM service_items WHERE opened_visit_id IS NOT NULL"
    " UNION ALL SELECT closed_visit_id FROM service_items WHERE closed_visit_id IS NOT NULL)",
    "disputes": "t.review_state = 'approved' AND t.updated_at < :before"
    f" AND t.status IN ({', '.join(repr(s) for s in CLOSED)})",
    "volunteer_activities": "t.review_state = 'approved' AND t.ended_at < :before",
}
# What leaves with a root: (table, column naming the root).
_WITH = {
    "visits": (),
    "disputes": (
        ("dispute_parties", "dispute_id"),
        ("mediation_sessions", "dispute_id"),
        ("visits", "dispute_id"),
        ("follow_ups", "dispute_id"),
        ("dispute_steps", "dispute_id"),
    ),
    "volunteer_activities": (("participations", "activity_id"),),
}
# Every kind of record that may leave (and come back): what screens redraw after either.
KINDS = frozenset({*_ROOTS, *(table for tables in _WITH.values() for table, _column in tables), "reviews"})
_WAITING = (
    "SELECT 1 FROM change_log WHERE seq > :acked AND entity = :entity AND record_id = :id",
    "SELECT 1 FROM conflicts WHERE record_id = :id AND resolved_at IS NULL",
    "SELECT 1 FROM sync_refused WHERE record_id = :id",
    "SELECT 1 FROM record_flags WHERE record_id = :id",
    "SELECT 1 FROM sync_inbox WHERE record_id = :id",
    "SELECT 1 FROM drafts WHERE record_id = :id",
)


@dataclass(frozen=True)
class Estimate:
    records: int
    groups: int
    bytes: int


@dataclass(frozen=True)
class Archived:
    groups: int
    records: int
    files: int
    vacuumed: bool
    size_before: int
    size_after: int


def cutoff(now: datetime, age: timedelta) -> str:
    """The stored form of times (ISO, UTC, ``Z``) that compare as text."""
    return (now - age).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _group(db: sqlite_utils.Database, entity: str, root: str) -> list[Member]:
    members = [(entity, root)]
    for table, column in _WITH[entity]:
        rows = db.execute(f"SELECT id FROM {table} WHERE {column} = ?", [root]).fetchall()
        members += [(table, row[0]) for row in rows]
    reviewed = [record_id for table, record_id in members if table in _ROOTS]
    marks = ", ".join("?" * len(reviewed))
    rows = db.execute(f"SELECT id FROM reviews WHERE record_id IN ({marks})", reviewed).fetchall()
    return members + [("reviews", row[0]) for row in rows]


def _settled(db: sqlite_utils.Database, members: list[Member], acked: int) -> bool:
    """The server has every member and nothing about them waits for a person here."""
    return not any(
        db.execute(query, {"acked": acked, "entity": entity, "id": record_id}).fetchone()
        for entity, record_id in members
        for query in _WAITING
    )


def _roots(db: sqlite_utils.Database, before: str) -> list[tuple[str, str]]:
    """The records that may lead a group out (none on a laptop never enrolled: no server has them)."""
    if not enrolled_grids(db):
        return []
    return [
        (entity, root)
        for entity, rule in _ROOTS.items()
        for (root,) in db.execute(
            f"SELECT t.id FROM {entity} t WHERE t.deleted = 0 AND {rule}", {"before": before}
        )
    ]


def _settled_groups(
    db: sqlite_utils.Database, roots: list[tuple[str, str]]
) -> Iterator[tuple[str, str, list[Member]]]:
    acked = int(db.execute("SELECT value FROM meta WHERE key = 'acked_seq'").fetchone()[0])
    for entity, root in roots:
        members = _group(db, entity, root)
        if _settled(db, members, acked):
            yield entity, root, members


def groups(db: sqlite_utils.Database, before: str) -> Iterator[tuple[str, str, list[Member]]]:
    """Every group that may leave: (root entity, root id, members)."""
    return _settled_groups(db, _roots(db, before))


def _still_roots(
    db: sqlite_utils.Database, before: str, chunk: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Of roots listed before a batch's transaction, those that still qualify inside it."""
    kept = []
    for entity, rule in _ROOTS.items():
        ids = [root for e, root in chunk if e == entity]
        if ids:
            # CROSS JOIN: looked up by key, one by one, not by scanning the rule's index.
            rows = db.execute(
                f"SELECT t.id FROM json_each(:ids) j CROSS JOIN {entity} t ON t.id = j.value"
                f" WHERE t.deleted = 0 AND {rule}",
                {"before": before, "ids": json.dumps(ids)},
            )
            kept += [(entity, row[0]) for row in rows]
    return kept


def _row_bytes(db: sqlite_utils.Database, table: str, ids: list[str]) -> int:
    columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()]
    total = " + ".join(f"coalesce(length({c}), 0)" for c in columns)
    found = db.execute(
        f"SELECT sum({total}) FROM {table} WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]
    ).fetchone()[0]
    return int(found or 0)


def estimate(db: sqlite_utils.Database, before: str) -> Estimate:
    """What archiving would free: the records' bytes, about as much again for their indexes and
    search entries, and the photos only they list."""
    by_table: dict[str, list[str]] = {}
    count = 0
    for _entity, _root, members in groups(db, before):
        count += 1
        for table, record_id in members:
            by_table.setdefault(table, []).append(record_id)
    rows = sum(_row_bytes(db, table, ids) for table, ids in by_table.items())
    files = _files_only_listed_by(db, {t: ids for t, ids in by_table.items() if t in _LISTS_FILES})
    size = db.execute(
        "SELECT coalesce(sum(length(data)), 0) FROM attachment_files WHERE sha256 IN"
        " (SELECT value FROM json_each(?))",
        [json.dumps(sorted(files))],
    ).fetchone()[0]
    return Estimate(sum(len(ids) for ids in by_table.values()), count, 2 * rows + int(size))


def _listed(db: sqlite_utils.Database, table: str, ids: list[str] | None = None) -> set[str]:
    where = "" if ids is None else " WHERE t.id IN (SELECT value FROM json_each(?))"
    params = [] if ids is None else [json.dumps(ids)]
    rows = db.execute(f"SELECT j.value FROM {table} t, json_each(t.attachments) j{where}", params)
    return {row[0] for row in rows}


def _files_only_listed_by(db: sqlite_utils.Database, leaving: dict[str, list[str]]) -> set[str]:
    theirs = set().union(*(_listed(db, table, ids) for table, ids in leaving.items()))
    if not theirs:
        return set()
    others = set()
    for table in _LISTS_FILES:
        staying = db.execute(
            f"SELECT j.value FROM {table} t, json_each(t.attachments) j"
            " WHERE t.id NOT IN (SELECT value FROM json_each(?))",
            [json.dumps(leaving.get(table, []))],
        )
        others |= {row[0] for row in staying}
    return theirs - others


def _title(db: sqlite_utils.Database, record_id: str, entity: str) -> tuple[str, str]:
    row = db.execute("SELECT title, subtitle FROM search_doc WHERE record_id = ?", [record_id]).fetchone()
    return (row[0], row[1]) if row else (entity, "")


def _leave(store: Store, entity: str, root: str, members: list[Member], at: str) -> None:
    db = store.db
    for table, record_id in members:
        grid = db.execute(f"SELECT grid FROM {table} WHERE id = ?", [record_id]).fetchone()
        if grid is None:
            continue
        title, subtitle = _title(db, record_id, table)
        db.execute(
            "INSERT OR REPLACE INTO archived (entity, record_id, grid, title, subtitle, archived_at,"
            " root_entity, root_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [table, record_id, grid[0], title, subtitle, at, entity, root],
        )
        search.forget(db, record_id)
        db.execute("DELETE FROM search_pending WHERE record_id = ?", [record_id])
    # Children first: nothing staying points at what leaves, and foreign keys hold at each step.
    for table, record_id in reversed(members):
        db.execute(f"DELETE FROM {table} WHERE id = ?", [record_id])


def drop_orphan_files(store: Store) -> int:
    """Photos no record here lists and no form in progress holds (a discarded form's photo)."""
    listed = set().union(*(_listed(store.db, table) for table in _LISTS_FILES))
    with store.transaction():
        rows = store.db.execute("SELECT sha256 FROM attachment_files").fetchall()
        orphans = [
            sha
            for (sha,) in rows
            if sha not in listed
            and not store.db.execute("SELECT 1 FROM drafts WHERE instr(payload, ?) > 0", [sha]).fetchone()
        ]
        store.db.execute(
            "DELETE FROM attachment_files WHERE sha256 IN (SELECT value FROM json_each(?))",
            [json.dumps(orphans)],
        )
    return len(orphans)


def file_size(path: Path) -> int:
    """The database as it takes disk space: the file and its write-ahead log."""
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def vacuum_if_worthwhile(store: Store, *, removed_share: float = 0.0) -> bool:
    """Rewrite the file when that gives back space worth the minutes a big file takes."""
    # SQLCipher answers some of these as text.
    free, pages, page = (
        int(store.db.execute(f"PRAGMA {name}").fetchone()[0])
        for name in ("freelist_count", "page_count", "page_size")
    )
    worthwhile = pages * page >= _VACUUM_BYTES and (
        removed_share >= _VACUUM_SHARE or free >= pages * _VACUUM_SHARE
    )
    if worthwhile:
        store.db.execute("VACUUM")
    # What the deletes (and the rewrite) left in the write-ahead log goes back into the file.
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return worthwhile


def archive(
    store: Store,
    path: Path,
    *,
    now: datetime,
    age: timedelta = DEFAULT_AGE,
    progress: Callable[[int], None] | None = None,
) -> Archived:
    """Let every settled group older than ``age`` leave this laptop, a batch of groups per
    transaction (killed at any moment, each group is here whole or gone whole); then drop
    orphan photos and vacuum when worthwhile."""
    before = cutoff(now, age)
    at = now.astimezone(UTC).isoformat()
    size_before = file_size(path)
    records_before = store.count_all_records()
    left_groups = left_records = left_files = 0
    roots = _roots(store.db, before)
    for start in range(0, len(roots), _BATCH):
        with store.transaction():
            chunk = _still_roots(store.db, before, roots[start : start + _BATCH])
            batch = list(_settled_groups(store.db, chunk))
            leaving: dict[str, list[str]] = {table: [] for table in _LISTS_FILES}
            for _entity, _root, members in batch:
                for table, record_id in members:
                    if table in leaving:
                        leaving[table].append(record_id)
            files = _files_only_listed_by(store.db, leaving)
            for entity, root, members in batch:
                _leave(store, entity, root, members, at)
            store.db.execute(
                "DELETE FROM attachment_files WHERE sha256 IN (SELECT value FROM json_each(?))",
                [json.dumps(sorted(files))],
            )
        left_groups += len(batch)
        left_records += sum(len(members) for _e, _r, members in batch)
        left_files += len(files)
        if progress is not None and batch:
            progress(left_groups)
    orphans = drop_orphan_files(store)
    vacuumed = vacuum_if_worthwhile(store, removed_share=left_records / max(1, records_before))
    log.info("archived %d groups (%d records), %d orphan photos", left_groups, left_records, orphans)
    return Archived(left_groups, left_records, left_files + orphans, vacuumed, size_before, file_size(path))
