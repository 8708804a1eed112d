"""Archiving as the settings screen and ``tongxin-admin archive`` offer it (what may leave and how
is ``app.store.archive``): how old a finished record must be, what archiving would free, and
running it.

The age is the laptop's setting (``meta.archive_after_days``, two years unless changed), kept in
the encrypted database with the rest of the laptop's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.errors import InvalidValue
from app.store import Store
from app.store.archive import DEFAULT_AGE, Archived, archive, cutoff, estimate, file_size

MIN_DAYS, MAX_DAYS = 90, 3650
_KEY = "archive_after_days"


def archive_age(store: Store) -> timedelta:
    kept = store.meta(_KEY)
    return timedelta(days=int(kept)) if kept else DEFAULT_AGE


def set_archive_age(store: Store, days: int) -> None:
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise InvalidValue(
            "archive_age",
            f"归档期限应在{MIN_DAYS}到{MAX_DAYS}天之间。",
            f"The archiving age must be {MIN_DAYS} to {MAX_DAYS} days.",
        )
    with store.transaction():
        store.set_meta(_KEY, str(days))


@dataclass(frozen=True)
class StorageFigures:
    """What the settings screen shows: the database's size and what archiving would free."""

    size: int
    archivable_records: int
    would_free: int
    archived_records: int


def storage_figures(store: Store, path: Path, *, now: datetime) -> StorageFigures:
    found = estimate(store.db, cutoff(now, archive_age(store)))
    archived = store.db.execute("SELECT count(*) FROM archived").fetchone()[0]
    return StorageFigures(file_size(path), found.records, found.bytes, archived)


def archive_now(store: Store, path: Path, *, now: datetime) -> Archived:
    return archive(store, path, now=now, age=archive_age(store))
