"""Backups and restores as the app and ``tongxin-admin`` offer them (the file format and its
checks are ``app.store.backup``).

A restore is an administrator's act: it is recorded in the audit trail of the restored database,
on a chain of its own (``audit.start_new_chain``), since the places its old chain reached after
the backup are already on the server and come back with the next sync.
"""

from __future__ import annotations

from pathlib import Path

from app.keyring import Account
from app.models import Role
from app.services import audit
from app.services.session import PermissionDenied
from app.store import Store
from app.store.backup import Restored, restore_backup


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
