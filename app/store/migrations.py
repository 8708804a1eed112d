"""Versioned schema migrations, tracked in PRAGMA user_version.

Each step runs in its own transaction together with the version bump, so a crash mid-upgrade
leaves the previous version intact. Before upgrading an existing file the store copies it aside
(Vorta's habit): an upgrade that goes wrong in the field can be undone by IT.
Steps are frozen once released: a new need is a new step, never an edit of an old one.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from app.errors import NewerSchema
from app.store import search

log = logging.getLogger(__name__)

_COMMON = {
    "id": str,
    "grid": str,
    "author": str,
    "created_at": str,
    "updated_at": str,
    "deleted": int,
    "clocks": str,
}
_COMMON_NOT_NULL = {"grid", "author", "created_at", "updated_at", "deleted", "clocks"}


def _record_table(
    db: sqlite_utils.Database,
    name: str,
    columns: dict[str, type],
    *,
    not_null: set[str],
    references: dict[str, str] | None = None,
    indexes: tuple[str, ...] = (),
) -> None:
    refs = references or {}
    db.table(name).create(
        {**_COMMON, **columns},
        pk="id",
        not_null=_COMMON_NOT_NULL | not_null,
        defaults={"deleted": 0, "clocks": "{}"},
        foreign_keys=[(column, table, "id") for column, table in refs.items()],
    )
    for column in ("grid", *refs, *indexes):
        db.table(name).create_index([column])


def _v1_records(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key", not_null={"value"})
    db.table("meta").insert_all(
        [{"key": "device_id", "value": uuid.uuid4().hex}, {"key": "acked_seq", "value": "0"}]
    )
    _record_table(
        db,
        "grids",
        {"code": str, "name": str, "level": str, "parent_code": str},
        not_null={"code", "name", "level"},
    )
    db.table("grids").create_index(["code"], unique=True)
    _record_table(
        db,
        "users",
        {"username": str, "display_name": str, "role": str, "grids": str},
        not_null={"username", "display_name", "role", "grids"},
    )
    db.table("users").create_index(["username"], unique=True)
    _record_table(
        db,
        "households",
        {"address": str, "head_name": str, "phone": str, "tags": str, "notes": str},
        not_null={"address", "head_name", "tags", "notes"},
    )
    _record_table(
        db,
        "residents",
        {
            "household_id": str,
            "name": str,
            "gender": str,
            "birth_date": str,
            "id_number": str,
            "ethnicity": str,
            "phone": str,
            "notes": str,
        },
        not_null={"household_id", "name", "gender", "notes"},
        references={"household_id": "households"},
    )
    _record_table(
        db,
        "disputes",
        {
            "title": str,
            "category": str,
            "risk_level": str,
            "status": str,
            "location": str,
            "description": str,
            "occurred_on": str,
            "mediator": str,
            "outcome": str,
            "agreement": str,
        },
        not_null={
            "title",
            "category",
            "risk_level",
            "status",
            "location",
            "description",
            "outcome",
            "agreement",
        },
        indexes=("status",),
    )
    _record_table(
        db,
        "visits",
        {
            "household_id": str,
            "visitor": str,
            "visited_at": str,
            "visit_type": str,
            "needs": str,
            "summary": str,
            "follow_up_due": str,
            "dispute_id": str,
        },
        not_null={"household_id", "visitor", "visited_at", "visit_type", "needs", "summary"},
        references={"household_id": "households", "dispute_id": "disputes"},
        indexes=("visited_at", "follow_up_due"),
    )
    _record_table(
        db,
        "dispute_parties",
        {"dispute_id": str, "role": str, "name": str, "resident_id": str, "phone": str, "id_number": str},
        not_null={"dispute_id", "role", "name"},
        references={"dispute_id": "disputes", "resident_id": "residents"},
    )
    _record_table(
        db,
        "mediation_sessions",
        {"dispute_id": str, "held_at": str, "track": str, "method": str, "mediators": str, "notes": str},
        not_null={"dispute_id", "held_at", "track", "method", "mediators", "notes"},
        references={"dispute_id": "disputes"},
    )
    _record_table(
        db,
        "follow_ups",
        {"dispute_id": str, "due_on": str, "done_at": str, "visit_id": str, "notes": str},
        not_null={"dispute_id", "due_on", "notes"},
        references={"dispute_id": "disputes", "visit_id": "visits"},
        indexes=("due_on",),
    )
    _record_table(db, "volunteer_teams", {"name": str, "description": str}, not_null={"name", "description"})
    _record_table(
        db,
        "volunteers",
        {"name": str, "team_id": str, "resident_id": str, "phone": str},
        not_null={"name"},
        references={"team_id": "volunteer_teams", "resident_id": "residents"},
    )
    _record_table(
        db,
        "volunteer_activities",
        {
            "title": str,
            "team_id": str,
            "started_at": str,
            "ended_at": str,
            "location": str,
            "description": str,
        },
        not_null={"title", "started_at", "ended_at", "location", "description"},
        references={"team_id": "volunteer_teams"},
        indexes=("started_at",),
    )
    _record_table(
        db,
        "participations",
        {"activity_id": str, "volunteer_id": str, "hours": float},
        not_null={"activity_id", "volunteer_id", "hours"},
        references={"activity_id": "volunteer_activities", "volunteer_id": "volunteers"},
    )
    _record_table(
        db,
        "reviews",
        {"record_entity": str, "record_id": str, "decision": str, "comment": str, "reviewer": str},
        not_null={"record_entity", "record_id", "decision", "comment", "reviewer"},
        indexes=("record_id",),
    )
    db.execute(
        """CREATE TABLE change_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL,
            grid TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT,
            hlc TEXT NOT NULL,
            base_hlc TEXT,
            device TEXT NOT NULL
        )"""
    )


def _v2_search(db: sqlite_utils.Database) -> None:
    search.create_index_tables(db)
    search.rebuild(db)


def _v3_sync_state(db: sqlite_utils.Database) -> None:
    """What sync keeps between runs: fields that arrived before their record could be built,
    conflicts the server reported, and changes the server refused."""
    db.execute(
        """CREATE TABLE sync_inbox (
            entity TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT, hlc TEXT NOT NULL,
            PRIMARY KEY (entity, record_id, field)
        ) WITHOUT ROWID"""
    )
    db.table("conflicts").create(
        {
            "id": str,
            "entity": str,
            "record_id": str,
            "field": str,
            "grid": str,
            "current_value": str,
            "current_hlc": str,
            "incoming_value": str,
            "incoming_hlc": str,
            "incoming_device": str,
            "resolved_at": str,
        },
        pk="id",
        not_null={"entity", "record_id", "field", "grid", "current_hlc", "incoming_hlc", "incoming_device"},
    )
    db.table("conflicts").create_index(["record_id"])
    db.table("sync_refused").create(
        {
            "seq": int,
            "entity": str,
            "record_id": str,
            "field": str,
            "reason": str,
            "message_zh": str,
            "message_en": str,
        },
        pk="seq",
        not_null={"entity", "record_id", "field", "reason"},
    )


def _v4_drafts(db: sqlite_utils.Database) -> None:
    """Forms in progress, kept in the encrypted file so a crash loses nothing typed and a lost
    laptop leaks nothing half-typed. Never synced."""
    db.table("drafts").create(
        {"id": str, "kind": str, "record_id": str, "title": str, "payload": str, "saved_at": str},
        pk="id",
        not_null={"kind", "title", "payload", "saved_at"},
    )


def _v5_attachments(db: sqlite_utils.Database) -> None:
    """Photos and scans beside disputes and activities, inside the encrypted file (a photo of an
    agreement is as sensitive as the record). ``received`` < ``size`` is a download in progress;
    ``uploaded`` says the server holds the whole file."""
    for table in ("disputes", "volunteer_activities"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN attachments TEXT NOT NULL DEFAULT '[]'")
    db.table("attachment_files").create(
        {
            "sha256": str,
            "name": str,
            "media_type": str,
            "size": int,
            "received": int,
            "data": bytes,
            "uploaded": int,
            "created_at": str,
        },
        pk="sha256",
        not_null={"size", "received", "data", "uploaded", "created_at"},
        defaults={"uploaded": 0, "name": "", "media_type": "application/octet-stream"},
    )


def _v6_list_orders(db: sqlite_utils.Database) -> None:
    """Indexes in the orders lists open in, so the first page of 100,000 records needs no sort.
    They also hold what a broad text filter tests (ids, tombstone), so walking a list in order
    and keeping the matching rows reads the index alone until a row is kept."""
    db.table("visits").create_index(
        ["visited_at", "deleted", "id", "household_id"], index_name="idx_visits_list"
    )
    db.table("households").create_index(["updated_at", "deleted", "id"], index_name="idx_households_list")
    db.table("disputes").create_index(["updated_at"])


def _v7_dispute_steps(db: sqlite_utils.Database) -> None:
    """Every move of a dispute through mediation, for its timeline."""
    _record_table(
        db,
        "dispute_steps",
        {
            "dispute_id": str,
            "from_status": str,
            "to_status": str,
            "at": str,
            "by": str,
            "reason": str,
            "referred_to": str,
            "reference_no": str,
            "track_from": str,
            "track_to": str,
        },
        not_null={"dispute_id", "to_status", "at", "by", "reason", "reference_no"},
        references={"dispute_id": "disputes"},
    )


def _v8_supervision(db: sqlite_utils.Database) -> None:
    """Review states on reviewed records (existing ones wait for review), settled conflicts and
    which laptops a conflict's sides came from, and the audit history."""
    for table in ("visits", "disputes", "volunteer_activities"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN review_state TEXT NOT NULL DEFAULT 'pending'")
        db.table(table).create_index(["review_state", "grid"])
    _record_table(
        db,
        "conflict_resolutions",
        {
            "conflict_id": str,
            "record_entity": str,
            "record_id": str,
            "field": str,
            "value": str,
            "resolver": str,
        },
        not_null={"conflict_id", "record_entity", "record_id", "field", "value", "resolver"},
        indexes=("conflict_id",),
    )
    for column in ("current_device", "current_device_name", "incoming_device_name"):
        db.execute(f"ALTER TABLE conflicts ADD COLUMN {column} TEXT")
    _record_table(
        db,
        "audit_events",
        {"action": str, "actor": str, "detail": str},
        not_null={"action", "actor", "detail"},
    )


def _v9_sync_integrity(db: sqlite_utils.Database) -> None:
    """What a person needs to fix or discard a change the server refused (the value sent, its
    clocks, the server's own value), and records a merge left breaking a rule, for a person."""
    for column in ("value", "hlc", "base_hlc", "winner", "refused_at"):
        db.execute(f"ALTER TABLE sync_refused ADD COLUMN {column} TEXT")
    db.execute(
        """CREATE TABLE record_flags (
            entity TEXT NOT NULL, record_id TEXT NOT NULL, code TEXT NOT NULL,
            message_zh TEXT NOT NULL, message_en TEXT NOT NULL, flagged_at TEXT NOT NULL,
            PRIMARY KEY (entity, record_id)
        ) WITHOUT ROWID"""
    )


def _v10_six_digit_counters(db: sqlite_utils.Database) -> None:
    """An older version let a clock counter carry into a seventh digit: such stamps break the
    wire's pattern, so the changes carrying them could never be sent. They are rewritten as the
    carry should have made them (the overflow moves into the milliseconds), which keeps their
    order. Self-contained: a frozen step never calls today's code."""

    def carried(stamp: str) -> str:
        wall, counter, device = stamp.split("-", 2)
        return f"{int(wall) + int(counter) // 1_000_000:015d}-{int(counter) % 1_000_000:06d}-{device}"

    for column in ("hlc", "base_hlc"):
        rows = db.execute(
            f"SELECT seq, {column} FROM change_log"
            f" WHERE {column} IS NOT NULL AND substr({column}, 23, 1) != '-'"
        ).fetchall()
        for seq, stamp in rows:
            db.execute(f"UPDATE change_log SET {column} = ? WHERE seq = ?", [carried(stamp), seq])
    for key in ("hlc", "hlc_seen"):
        row = db.execute(
            "SELECT value FROM meta WHERE key = ? AND substr(value, 23, 1) != '-'", [key]
        ).fetchone()
        if row:
            db.execute("UPDATE meta SET value = ? WHERE key = ?", [carried(row[0]), key])


MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (
    _v1_records,
    _v2_search,
    _v3_sync_state,
    _v4_drafts,
    _v5_attachments,
    _v6_list_orders,
    _v7_dispute_steps,
    _v8_supervision,
    _v9_sync_integrity,
    _v10_six_digit_counters,
)
LATEST = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def backup_before_upgrade(path: Path, version: int) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    shutil.copy2(path, target)
    return target


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
            MIGRATIONS[version - 1](db)
            db.execute(f"PRAGMA user_version = {version}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        log.info("database migrated to schema v%d", version)
    return found
