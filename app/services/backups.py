"""Backups and restores as the app and ``tongxin-admin`` offer them (the file format and its
checks are ``app.store.backup``).

A restore is an administrator's act: it is recorded in the audit trail of the restored database,
on a chain of its own (``audit.start_new_chain``), since the places its old chain reached after
the backup are already on the server and come back with the next sync.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from app import paths
from app.keyring import Account
from app.models import Role
from app.services import audit
from app.services.session import PermissionDenied
from app.store import Store
from app.store.backup import Manifest, Restored, backup_due, check_backup, make_backup, restore_backup

_FOLDER = "backup_folder"


def backup_folder(store: Store) -> Path:
    """Where backups go: the folder chosen in 设置 (a USB stick, a shared drive), else the data
    folder's ``backups``."""
    chosen = store.meta(_FOLDER)
    return Path(chosen) if chosen else paths.backup_dir()


def set_backup_folder(store: Store, folder: Path) -> None:
    with store.transaction():
        store.set_meta(_FOLDER, str(folder))


def back_up_now(store: Store, database: Path, folder: Path | None = None) -> Path:
    """An encrypted backup into ``folder`` (else the chosen one); ``store`` is one the caller
    opened for it."""
    return make_backup(store, folder or backup_folder(store), database=database)


def back_up_if_due(store: Store, database: Path, *, now: datetime) -> Path | None:
    """The scheduled backup: once a day, into the chosen folder."""
    return back_up_now(store, database) if backup_due(store, now=now) else None


def _pending(database: Path) -> Path:
    return database.with_name(database.name + ".restore-pending")


def request_restore(source: Path, database: Path, key: bytes | None, *, by: Account) -> Manifest:
    """In the app: check the backup now (with the key the administrator's password gave), and
    restore it at the next start, before the database is opened — it cannot be replaced under
    the open app."""
    require_admin(by)
    manifest = check_backup(source, key)
    marker = _pending(database)
    partial = marker.with_name(marker.name + ".new")
    partial.write_text(json.dumps({"source": str(source), "by": by.username}), encoding="utf-8")
    partial.replace(marker)
    return manifest


def pending_restore(database: Path) -> Path | None:
    marker = _pending(database)
    if not marker.exists():
        return None
    return Path(json.loads(marker.read_text(encoding="utf-8"))["source"])


def run_pending_restore(database: Path, key: bytes | None, *, by: Account) -> Restored | None:
    """At start, after the login: the restore an administrator asked for, if any. The request is
    cleared whatever happens, so a backup that cannot be restored never blocks the next start."""
    source = pending_restore(database)
    if source is None or by.role is not Role.ADMIN:
        return None  # an administrator asked for it; it waits for an administrator's login
    try:
        return restore(source, database, key, by=by)
    finally:
        _pending(database).unlink(missing_ok=True)


def require_admin(account: Account) -> None:
    if account.role is not Role.ADMIN:
        raise PermissionDenied(
            "admin_required", "只有管理员可以恢复备份。", "Only an administrator may restore a backup."
        )


def restore(source: Path, database: Path, key: bytes | None, *, by: Account | None) -> Restored:
    """Replace ``database`` with the backup ``source`` and account for it. ``by`` is the
    administrator restoring (None only for a database without accounts, opened by its key file).
    The database must be closed."""
    if by is not None:
        require_admin(by)
    restored = restore_backup(source, database, key)
    with Store.open(database, key) as store:
        audit.start_new_chain(store)
        grid = audit.filed_under(store, by) if by is not None else None
        if by is not None and grid is not None:
            made = restored.manifest.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
            audit.record(
                store, actor=by, action="restore", detail=f"从备份恢复：{source.name}（{made}）", grid=grid
            )
    return restored
