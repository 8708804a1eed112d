"""Versioned schema migrations, tracked in PRAGMA user_version.

Each step is a module of its own (``vNN_name.py``) holding the SQL it ran when it was released and,
where data had to change, a ``transform`` written with that SQL: it imports nothing of today's app,
so a model, validator or helper changed later cannot change what an old step does, and one old row
cannot stop an upgrade. Data derived from records (the search index) is not built here:
``app.store.derived`` rebuilds it whenever its own version differs.

Each step runs in its own transaction together with the version bump, so a crash mid-upgrade
leaves the previous version intact. Before upgrading an existing file the store copies it aside
(Vorta's habit) and keeps the last two such copies: an upgrade that goes wrong in the field can be
undone by IT, and years of upgrades do not fill the disk.
"""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import sqlite_utils

from app.errors import NewerSchema
from app.store.migrations import (
    v01_records,
    v02_search,
    v03_sync_state,
    v04_drafts,
    v05_attachments,
    v06_list_orders,
    v07_dispute_steps,
    v08_supervision,
    v09_sync_integrity,
    v10_six_digit_counters,
    v11_audit_chain_archive,
    v12_people_and_services,
    v13_community_work,
    v14_screening,
    v15_volunteers_and_meetings,
    v16_reference_indexes,
)

log = logging.getLogger(__name__)

STEPS: tuple[ModuleType, ...] = (
    v01_records,
    v02_search,
    v03_sync_state,
    v04_drafts,
    v05_attachments,
    v06_list_orders,
    v07_dispute_steps,
    v08_supervision,
    v09_sync_integrity,
    v10_six_digit_counters,
    v11_audit_chain_archive,
    v12_people_and_services,
    v13_community_work,
    v14_screening,
    v15_volunteers_and_meetings,
    v16_reference_indexes,
)
LATEST = len(STEPS)
# Upgrade backups kept beside the database: the newest copies, one per upgrade.
KEEP_UPGRADE_BACKUPS = 2


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def upgrade_backups(path: Path) -> list[Path]:
    """The copies taken before upgrades (``<db>.v<N>-<time>.bak``), oldest first."""

    def taken_at(backup: Path) -> tuple[str, str]:
        version, _, stamp = backup.name[len(path.name) + 2 : -len(".bak")].partition("-")
        return stamp, version.zfill(4)

    return sorted(path.parent.glob(f"{path.name}.v*-*.bak"), key=taken_at)


def backup_before_upgrade(path: Path, version: int, *, now: datetime | None = None) -> Path:
    """Copy the file aside before upgrading it, and drop all but the newest copies."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    partial = target.with_name(target.name + ".part")
    shutil.copy2(path, partial)
    partial.replace(target)
    for old in upgrade_backups(path)[:-KEEP_UPGRADE_BACKUPS]:
        old.unlink()
        log.info("removed old upgrade backup %s", old)
    return target


def _run_step(db: sqlite_utils.Database, step: ModuleType) -> None:
    for statement in step.STATEMENTS:
        db.conn.execute(statement)
    transform = getattr(step, "transform", None)
    if transform is not None:
        transform(db.conn)


def migrate(db: sqlite_utils.Database, path: Path | None, *, target: int = LATEST) -> int:
    """Bring the schema to ``target``; returns the version found. Refuses a newer file."""
    found = schema_version(db)
    if found > LATEST:
        raise NewerSchema(found, LATEST)
    if found >= target:
        return found
    if found > 0 and path is not None:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        log.info(
            "backed up %s to %s before upgrading from v%d", path, backup_before_upgrade(path, found), found
        )
    for version in range(found + 1, target + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            _run_step(db, STEPS[version - 1])
            db.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        log.info("database migrated to schema v%d", version)
    return found
