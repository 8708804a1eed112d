"""Data the store derives from records, rebuilt by a versioned step of its own.

The search index is made by today's code (terms, pinyin, which fields a record shows) and must
change when that code does; a schema step, frozen when released, cannot follow it. So each kind of
derived data carries its own version in ``meta`` (``derived.<name>``): when the version this code
makes differs from the one the file holds, it is rebuilt from the records, in one transaction,
after the schema is at head. A new laptop builds it the same way on its first start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sqlite_utils

from app.store import search

log = logging.getLogger(__name__)


def _rebuild_search(db: sqlite_utils.Database) -> int:
    search.create_index_tables(db)
    return search.rebuild(db)


DERIVED: tuple[tuple[str, int, Callable[[sqlite_utils.Database], int]], ...] = (
    ("search_index", search.INDEX_VERSION, _rebuild_search),
)


def _meta_key(name: str) -> str:
    return f"derived.{name}"


def stale(db: sqlite_utils.Database) -> list[str]:
    """The derived data whose version in the file is not the one this code makes."""
    held = dict(db.execute("SELECT key, value FROM meta WHERE key LIKE 'derived.%'").fetchall())
    return [name for name, version, _ in DERIVED if held.get(_meta_key(name)) != str(version)]


def refresh(db: sqlite_utils.Database) -> list[str]:
    """Rebuild every stale kind of derived data; returns the names rebuilt."""
    rebuilt = []
    for name, version, rebuild in DERIVED:
        if name not in stale(db):
            continue
        db.execute("BEGIN IMMEDIATE")
        if name not in stale(db):  # another connection to the file rebuilt it while this one waited
            db.execute("COMMIT")
            continue
        try:
            count = rebuild(db)
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [_meta_key(name), str(version)],
            )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        log.info("rebuilt %s (version %d) from %d records", name, version, count)
        rebuilt.append(name)
    return rebuilt
