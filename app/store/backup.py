"""Backups a worker does not have to think about, and a restore that cannot make things worse.

A backup is one file, ``tongxin-<device>-<time>.tongxin-backup``: a zip (stored, not compressed:
the pages are ciphertext) holding

* ``database`` — a consistent, compact snapshot (``VACUUM INTO``), encrypted with the same data
  key and taken while the app keeps working;
* ``keys`` — the accounts file (the data key wrapped per account password, argon2id), so the
  backup opens on a new laptop with an account's password and with nothing else;
* ``manifest.json`` — what the file is, which laptop and schema made it, the database's SHA-256
  and its record counts, which a restore checks before and after it touches anything.

Nothing in the file opens without a password: the backup is as safe on a USB stick as the laptop.
Each file is written under a ``.part`` name and renamed when whole, so a backup killed half-way
never looks like a backup. Old ones rotate: the newest ``keep`` of this laptop stay.

A restore checks the file (format, checksum, key, ``integrity_check``) in a scratch copy first,
copies the current database aside (``<db>.before-restore-<time>.bak``, the last two kept) and
only then renames the restored file over it: killed at any moment, the database is the old one or
the restored one, whole. The restored laptop then re-syncs by the sync rule for restores: it sends
nothing twice and pulls its own later changes back (``sync.replica.catch_up``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlcipher3
import sqlite_utils

from app.errors import StoreError, WrongKey
from app.keyring import KeyRing, keyring_path
from app.models import RECORD_TYPES
from app.store.connection import open_database
from app.store.migrations import LATEST
from app.store.store import Store

log = logging.getLogger(__name__)

FORMAT = "tongxin-backup"
FORMAT_VERSION = 1
SUFFIX = ".tongxin-backup"
KEEP = 7
# Copies of the database as it was before a restore, kept beside it: the newest ones.
KEEP_SET_ASIDE = 2
EVERY = timedelta(days=1)
_DATABASE, _KEYS, _MANIFEST = "database", "keys", "manifest.json"
_CHUNK = 1 << 20


class BackupRefused(StoreError):
    """A file that is not a backup of this database, or one damaged on the way."""


def _not_a_backup(path: Path) -> BackupRefused:
    return BackupRefused(
        "not_a_backup",
        f"“{path.name}”不是同心网格的备份文件，未做任何改动。",
        f"{path.name} is not a Tongxin backup file; nothing was changed.",
    )


def _damaged(path: Path, what_zh: str, what_en: str) -> BackupRefused:
    return BackupRefused(
        "backup_damaged",
        f"备份文件“{path.name}”已损坏（{what_zh}），未做任何改动。请换一个备份。",
        f"The backup {path.name} is damaged ({what_en}); nothing was changed. Use another backup.",
    )


def _other_database(path: Path) -> BackupRefused:
    return BackupRefused(
        "backup_of_other_database",
        f"备份文件“{path.name}”不是用本机数据库的密钥加密的（可能来自另一台电脑），未做任何改动。",
        f"The backup {path.name} is not encrypted with this database's key (it may come from "
        "another laptop); nothing was changed.",
    )


@dataclass(frozen=True)
class Manifest:
    created_at: datetime
    device_id: str
    schema_version: int
    sha256: str
    size: int
    records: dict[str, int]
    has_keys: bool

    def as_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": self.created_at.isoformat(),
                "device_id": self.device_id,
                "schema_version": self.schema_version,
                "sha256": self.sha256,
                "size": self.size,
                "records": self.records,
                "has_keys": self.has_keys,
            },
            ensure_ascii=False,
            indent=1,
        )


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    set_aside: Path | None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_directory(directory: Path) -> None:
    if os.name == "posix":
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _record_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """Rows per record table the file has (a backup from an older version has fewer tables)."""
    tables = set(db.table_names())
    return {
        model.entity: db.execute(f"SELECT count(*) FROM {model.entity}").fetchone()[0]
        for model in RECORD_TYPES
        if model.entity in tables
    }


def _snapshot(store: Store, target: Path) -> tuple[int, dict[str, int]]:
    """A consistent, compact copy of the live database as one file, encrypted with the same key
    (SQLCipher's ``VACUUM INTO`` keeps it; no key needs to be at hand); returns its schema version
    and record counts, read from the copy itself (attached: it opens with the same key)."""
    target.unlink(missing_ok=True)
    store.db.execute("VACUUM INTO ?", [str(target)])
    store.db.execute("ATTACH DATABASE ? AS snapshot", [str(target)])
    try:
        version = store.db.execute("PRAGMA snapshot.user_version").fetchone()[0]
        tables = {
            row[0] for row in store.db.execute("SELECT name FROM snapshot.sqlite_master WHERE type = 'table'")
        }
        counts = {
            model.entity: store.db.execute(f"SELECT count(*) FROM snapshot.{model.entity}").fetchone()[0]
            for model in RECORD_TYPES
            if model.entity in tables
        }
    finally:
        store.db.execute("DETACH DATABASE snapshot")
    return version, counts


def backup_name(device_id: str, now: datetime) -> str:
    return f"tongxin-{device_id[:8]}-{now.astimezone(UTC):%Y%m%dT%H%M%S%fZ}{SUFFIX}"


def backups_in(folder: Path, device_id: str | None = None) -> list[Path]:
    """The backups in a folder (of one laptop when ``device_id`` is given), oldest first."""
    pattern = f"tongxin-{device_id[:8] if device_id else '*'}-*{SUFFIX}"
    return sorted(folder.glob(pattern), key=lambda path: path.name.removesuffix(SUFFIX).rsplit("-", 1)[-1])


def _clear_leftovers(folder: Path, device_id: str) -> None:
    """What a backup killed half-way left: never a backup, only space."""
    for partial in folder.glob(f"tongxin-{device_id[:8]}-*{SUFFIX}.part"):
        partial.unlink(missing_ok=True)
    for scratch in folder.glob(".tongxin-backup-*"):
        shutil.rmtree(scratch, ignore_errors=True)


def make_backup(
    store: Store, folder: Path, *, database: Path, keep: int = KEEP, now: datetime | None = None
) -> Path:
    """Write an encrypted backup of ``store`` into ``folder`` and keep the newest ``keep`` there.

    ``database`` is the store's path (its accounts file goes into the backup). The store must be
    one no other thread uses meanwhile (the app opens one for the backup)."""
    now = now or datetime.now(UTC)
    folder.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(folder, store.device_id)
    target = folder / backup_name(store.device_id, now)
    partial = target.with_name(target.name + ".part")
    with tempfile.TemporaryDirectory(dir=folder, prefix=".tongxin-backup-") as scratch:
        snapshot = Path(scratch) / _DATABASE
        version, records = _snapshot(store, snapshot)
        keys = keyring_path(database)
        manifest = Manifest(
            created_at=now,
            device_id=store.device_id,
            schema_version=version,
            sha256=_sha256(snapshot),
            size=snapshot.stat().st_size,
            records=records,
            has_keys=keys.exists(),
        )
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr(_MANIFEST, manifest.as_json())
            archive.write(snapshot, _DATABASE)
            if manifest.has_keys:
                archive.write(keys, _KEYS)
    _fsync(partial)
    partial.replace(target)
    _fsync_directory(folder)
    with store.transaction():
        store.set_meta("last_backup_at", now.isoformat())
    for old in backups_in(folder, store.device_id)[:-keep]:
        old.unlink()
        log.info("removed old backup %s", old)
    log.info("backed up %s to %s", database, target)
    return target


def last_backup_at(store: Store) -> datetime | None:
    kept = store.meta("last_backup_at")
    return datetime.fromisoformat(kept) if kept else None


def backup_due(store: Store, *, now: datetime, every: timedelta = EVERY) -> bool:
    """Whether the scheduled backup should run: none yet, or the last one is ``every`` old."""
    last = last_backup_at(store)
    return last is None or now - last >= every


def read_manifest(path: Path) -> Manifest:
    """What a backup file says it holds; refuses anything that is not one of ours."""
    try:
        with zipfile.ZipFile(path) as archive:
            raw = json.loads(archive.read(_MANIFEST))
            names = set(archive.namelist())
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        raise _not_a_backup(path) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT or _DATABASE not in names:
        raise _not_a_backup(path)
    if raw.get("format_version") != FORMAT_VERSION:
        raise BackupRefused(
            "backup_too_new",
            f"备份文件“{path.name}”由更新版本的同心网格生成，请先升级本程序。",
            f"The backup {path.name} was made by a newer Tongxin: upgrade this program first.",
        )
    try:
        return Manifest(
            created_at=datetime.fromisoformat(raw["created_at"]),
            device_id=str(raw["device_id"]),
            schema_version=int(raw["schema_version"]),
            sha256=str(raw["sha256"]),
            size=int(raw["size"]),
            records={str(k): int(v) for k, v in raw["records"].items()},
            has_keys=bool(raw["has_keys"]) and _KEYS in names,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _not_a_backup(path) from None


def unlock_backup(path: Path, username: str, password: str) -> tuple[bytes, KeyRing]:
    """The data key of a backup, from the accounts file inside it (a laptop with no database of
    its own yet, or one whose accounts differ). Also returns that account list."""
    manifest = read_manifest(path)
    if not manifest.has_keys:
        raise BackupRefused(
            "backup_without_accounts",
            f"备份文件“{path.name}”中没有账户，需用原数据库的密钥文件恢复。",
            f"The backup {path.name} holds no accounts: restore it with the database's key file.",
        )
    with tempfile.TemporaryDirectory() as scratch, zipfile.ZipFile(path) as archive:
        stand_in = Path(scratch) / "backup.db"
        keyring_path(stand_in).write_bytes(archive.read(_KEYS))
        ring = KeyRing.for_database(stand_in)
        return ring.unlock(username, password), ring


def _side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _extract_checked(path: Path, manifest: Manifest, target: Path, key: bytes | None) -> None:
    """The backup's database written to ``target`` and proven whole and ours, or an error. Read
    only: no log beside it, and none left from an earlier attempt that was killed, can touch it."""
    for stale in [target, *_side_files(target)]:
        stale.unlink(missing_ok=True)
    with zipfile.ZipFile(path) as archive, archive.open(_DATABASE) as source, target.open("wb") as out:
        try:
            shutil.copyfileobj(source, out, _CHUNK)
        except (zipfile.BadZipFile, OSError):
            raise _damaged(path, "无法读出", "cannot be read") from None
        out.flush()
        os.fsync(out.fileno())
    if _sha256(target) != manifest.sha256:
        raise _damaged(path, "校验和不符", "checksum mismatch")
    conn = sqlcipher3.connect(f"{target.as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        try:
            if key is not None:
                conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            raise _other_database(path) from None
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise _damaged(path, "数据库完整性检查未通过", "integrity check failed")
        if conn.execute("PRAGMA user_version").fetchone()[0] > LATEST:
            raise BackupRefused(
                "backup_too_new",
                f"备份文件“{path.name}”由更新版本的同心网格生成，请先升级本程序。",
                f"The backup {path.name} was made by a newer Tongxin: upgrade this program first.",
            )
    finally:
        conn.close()


def check_backup(path: Path, key: bytes | None) -> Manifest:
    """Everything a restore checks before it touches anything, without touching anything: the
    file is a backup, whole, and encrypted with ``key``."""
    manifest = read_manifest(path)
    with tempfile.TemporaryDirectory() as scratch:
        _extract_checked(path, manifest, Path(scratch) / _DATABASE, key)
    return manifest


def _set_aside(database: Path, key: bytes | None, now: datetime) -> Path | None:
    """Copy the current database beside itself before it is replaced, its log folded in."""
    if not database.exists():
        return None
    try:
        db = open_database(database, key)
    except WrongKey:
        db = None
    if db is not None:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
    aside = database.with_name(f"{database.name}.before-restore-{now:%Y%m%dT%H%M%S%fZ}.bak")
    partial = aside.with_name(aside.name + ".part")
    shutil.copy2(database, partial)
    wal = database.with_name(database.name + "-wal")
    if db is None and wal.exists() and wal.stat().st_size:
        # Another key's database: its log travels with it, never onto the restored file.
        shutil.copy2(wal, aside.with_name(aside.name + "-wal"))
    _fsync(partial)
    partial.replace(aside)
    for old in sorted(database.parent.glob(f"{database.name}.before-restore-*.bak"))[:-KEEP_SET_ASIDE]:
        old.unlink()
    return aside


def restore_backup(path: Path, database: Path, key: bytes | None, *, now: datetime | None = None) -> Restored:
    """Put the backup at ``path`` in place of ``database`` (opened with ``key``) and verify it.

    Refused, with nothing changed, for a file that is not a backup, is damaged, or was encrypted
    with another key. The database must not be open elsewhere (the app closes its stores first).
    """
    now = now or datetime.now(UTC)
    manifest = read_manifest(path)
    database.parent.mkdir(parents=True, exist_ok=True)
    restoring = database.with_name(database.name + ".restoring")
    try:
        _extract_checked(path, manifest, restoring, key)
        aside = _set_aside(database, key, now)
        for suffix in ("-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        restoring.replace(database)
        _fsync_directory(database.parent)
    finally:
        restoring.unlink(missing_ok=True)
    keys = keyring_path(database)
    if manifest.has_keys and not keys.exists():
        with zipfile.ZipFile(path) as archive:
            partial = keys.with_name(keys.name + ".new")
            partial.write_bytes(archive.read(_KEYS))
            partial.replace(keys)
    _verify(database, key, manifest, path)
    log.info("restored %s from %s (made %s)", database, path, manifest.created_at.isoformat())
    return Restored(manifest, aside)


def _verify(database: Path, key: bytes | None, manifest: Manifest, path: Path) -> None:
    """After the restore: the file opens, is whole, and holds what the backup said it held."""
    db = open_database(database, key)
    try:
        ok = db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        counts = _record_counts(db)
    finally:
        db.close()
    if not ok or counts != manifest.records:
        raise _damaged(path, "恢复后核对不符", "the restored database does not match the backup")
