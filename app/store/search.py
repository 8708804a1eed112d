"""One search over households, residents, visits, disputes, parties, volunteers and activities.

An FTS5 table with four columns — ``name`` (people's names with pinyin), ``body`` (addresses,
summaries, descriptions), ``codes`` (phone and ID numbers, forwards and reversed) and ``scope``
(the record's kind and grid, so filters are part of the match and ranking never needs a join) —
filled with the terms from ``search_terms``. It is contentless: the text already lives in the record
tables, so only the terms are stored. ``search_doc`` maps each FTS row to its record and keeps the
title shown in a result list. The index is updated in the same transaction as the record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlite_utils

from app.models import (
    BY_ENTITY,
    Deliberation,
    Dispute,
    DisputeParty,
    Household,
    Patrol,
    Record,
    Resident,
    ScreeningRound,
    Visit,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)
from app.store import search_terms
from app.store.tables import fetch_row, from_row

# bm25 weights per column: a hit on a name outranks one in a summary; numbers sit between; the
# scope column only filters.
_WEIGHTS = (10.0, 1.0, 5.0, 0.0)
MAX_PAGE = 200
# The version of what the index holds and how: raise it whenever terms, documents or the tables
# change, and every laptop rebuilds its index on its next start (app.store.derived).
INDEX_VERSION = 3
# The ids of records matching one MATCH expression: how a list narrows to what was typed.
MATCHING_IDS = (
    "SELECT d.record_id FROM search_fts JOIN search_doc d ON d.docid = search_fts.rowid "
    "WHERE search_fts MATCH ?"
)
SEARCHABLE: tuple[type[Record], ...] = (
    Household,
    Resident,
    Visit,
    Dispute,
    DisputeParty,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
    Patrol,
    ScreeningRound,
    Deliberation,
)


@dataclass(frozen=True)
class SearchDocument:
    title: str
    subtitle: str = ""
    names: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    numbers: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    entity: str
    record_id: str
    grid: str
    title: str
    subtitle: str
    score: float


@dataclass(frozen=True)
class SearchPage:
    hits: list[SearchHit] = field(default_factory=list)
    offset: int = 0
    has_more: bool = False


def document_for(record: Record) -> SearchDocument | None:
    """What of a record is searchable, or None for records nobody looks up by text."""
    match record:
        case Household():
            tags = tuple(tag.zh for tag in record.tags)
            return SearchDocument(
                record.head_name,
                record.address,
                (record.head_name,),
                (record.address, record.notes, *tags),
                (record.phone,),
            )
        case Resident():
            return SearchDocument(
                record.name, "", (record.name,), (record.notes,), (record.phone, record.id_number)
            )
        case Visit():
            return SearchDocument(
                f"{record.visit_type.zh} {record.visited_at.date().isoformat()}",
                record.summary[:80],
                (),
                (record.summary, record.visit_type.zh, *(need.zh for need in record.needs)),
            )
        case Dispute():
            return SearchDocument(
                record.title,
                record.location,
                (),
                (record.title, record.location, record.description, record.outcome, record.category.zh),
            )
        case DisputeParty():
            return SearchDocument(
                record.name, record.role.zh, (record.name,), (), (record.phone, record.id_number)
            )
        case Volunteer():
            return SearchDocument(record.name, "", (record.name,), (), (record.phone, record.id_number))
        case VolunteerActivity():
            return SearchDocument(
                record.title, record.location, (), (record.title, record.location, record.description)
            )
        case VolunteerTeam():
            return SearchDocument(record.name, "", (), (record.name, record.description))
        case Patrol():
            return SearchDocument(record.route, record.patroller, (), (record.route, record.findings))
        case ScreeningRound():
            said = "零报告" if record.nil_report else "矛盾纠纷排查"
            return SearchDocument(
                f"{said} {record.period_start.isoformat()}",
                record.places_covered,
                (),
                (said, record.places_covered, record.notes),
            )
        case Deliberation():
            return SearchDocument(
                f"{record.kind.zh} {record.held_at.date().isoformat()}",
                record.place,
                tuple(record.attendee_names),
                (record.kind.zh, record.place, record.host, record.topics, record.decisions),
            )
    return None


def create_index_tables(db: sqlite_utils.Database) -> None:
    """Today's index tables, replacing whatever an older version left (the index is derived)."""
    for table in ("search_fts", "search_doc", "search_pending"):
        db.execute(f"DROP TABLE IF EXISTS {table}")
    db.execute(
        """CREATE TABLE search_doc (
            docid INTEGER PRIMARY KEY,
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL UNIQUE,
            grid TEXT NOT NULL,
            title TEXT NOT NULL,
            subtitle TEXT NOT NULL
        )"""
    )
    db.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5(name, body, codes, scope, content='', "
        "contentless_delete=1, tokenize='unicode61 remove_diacritics 2')"
    )
    db.execute("CREATE TABLE search_pending (record_id TEXT PRIMARY KEY, entity TEXT NOT NULL) WITHOUT ROWID")


def _terms(record: Record, document: SearchDocument) -> tuple[str, str, str, str]:
    names = [term for name in document.names for term in search_terms.name_terms(name)]
    texts = [term for text in document.texts for term in search_terms.text_terms(text)]
    numbers = [term for number in document.numbers if number for term in search_terms.number_terms(number)]
    scope = f"{search_terms.entity_term(record.entity)} {search_terms.grid_term(record.grid)}"
    return search_terms.joined(names), search_terms.joined(texts), search_terms.joined(numbers), scope


def forget(db: sqlite_utils.Database, record_id: str) -> None:
    """Take a record out of the index (a tombstone, or a record that left this laptop)."""
    old = db.execute("SELECT docid FROM search_doc WHERE record_id = ?", [record_id]).fetchone()
    if old:
        db.execute("DELETE FROM search_fts WHERE rowid = ?", [old[0]])
        db.execute("DELETE FROM search_doc WHERE docid = ?", [old[0]])


def refresh(db: sqlite_utils.Database, record: Record) -> None:
    """Bring the index entry of one record up to date; call inside the record's transaction."""
    document = None if record.deleted else document_for(record)
    record_id = str(record.id)
    forget(db, record_id)
    if document is None:
        return
    docid = db.execute(
        """INSERT INTO search_doc (entity, record_id, grid, title, subtitle) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (record_id) DO UPDATE SET grid = excluded.grid, title = excluded.title,
           subtitle = excluded.subtitle RETURNING docid""",
        [record.entity, record_id, record.grid, document.title, document.subtitle],
    ).fetchone()[0]
    db.execute(
        "INSERT INTO search_fts (rowid, name, body, codes, scope) VALUES (?, ?, ?, ?, ?)",
        [docid, *_terms(record, document)],
    )


QUEUE_SQL = "INSERT OR IGNORE INTO search_pending (record_id, entity) VALUES (?, ?)"


def queue(db: sqlite_utils.Database, entity: str, record_id: str) -> None:
    """Mark a record for indexing; call inside the record's transaction."""
    db.execute(QUEUE_SQL, [record_id, entity])


def has_pending(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is not None


def index_pending(db: sqlite_utils.Database) -> int:
    """Index every queued record; call inside a transaction. Returns how many were indexed."""
    pending = db.execute("SELECT entity, record_id FROM search_pending").fetchall()
    for entity, record_id in pending:
        row = fetch_row(db, entity, record_id)
        if row is None:
            forget(db, record_id)
        else:
            refresh(db, from_row(BY_ENTITY[entity], row))
    db.execute("DELETE FROM search_pending")
    return len(pending)


def rebuild(db: sqlite_utils.Database) -> int:
    """Index every live searchable record, into tables just created."""
    count = 0
    for model in SEARCHABLE:
        for row in db[model.entity].rows_where("deleted = 0"):
            refresh(db, from_row(model, row))
            count += 1
    return count


def search(
    db: sqlite_utils.Database,
    query: str,
    *,
    entities: Iterable[str] | None = None,
    grids: Iterable[str] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Ranked matches for what a person typed, one page at a time.

    >>> search(db, "wf").hits[0].title   # doctest: +SKIP
    '王芳'
    """
    expression = search_terms.match_expression(
        query,
        entities=None if entities is None else list(entities),
        grids=None if grids is None else list(grids),
    )
    limit = max(1, min(limit, MAX_PAGE))
    if expression is None:
        return SearchPage(offset=offset)
    rows = db.execute(
        """SELECT d.entity, d.record_id, d.grid, d.title, d.subtitle, hit.score
           FROM (SELECT rowid, bm25(search_fts, ?, ?, ?, ?) AS score FROM search_fts
                 WHERE search_fts MATCH ? ORDER BY score LIMIT ? OFFSET ?) AS hit
           JOIN search_doc d ON d.docid = hit.rowid
           ORDER BY hit.score""",
        [*_WEIGHTS, expression, limit + 1, max(0, offset)],
    ).fetchall()
    hits = [SearchHit(*row) for row in rows[:limit]]
    return SearchPage(hits=hits, offset=offset, has_more=len(rows) > limit)
