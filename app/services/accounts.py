"""Accounts on this laptop: an administrator adds local ones, anyone changes their own password.

Adding an account needs the data key, so the administrator types their own password again: the
key is never kept where a screen could reach it, and a laptop left unlocked cannot be given a
new account by whoever walks by.
"""

from __future__ import annotations

from pathlib import Path

from app.account_keys import check_password_rules
from app.errors import InvalidValue
from app.keyring import Account, KeyRing
from app.models import Role
from app.models.fields import validate_username
from app.services.session import Permission, Session
from app.validation import validate_name


def add_local_account(
    database: Path, session: Session, admin_password: str, account: Account, password: str
) -> Account:
    session.require(Permission.MANAGE_ACCOUNTS)
    validate_username(account.username)
    validate_name(account.display_name)
    ring = KeyRing.for_database(database)
    if account.username in {a.username for a in ring.accounts()}:
        raise InvalidValue(
            "account_exists",
            f"本机已有账户“{account.username}”。",
            f"There is already an account {account.username}.",
        )
    if account.role is not Role.ADMIN and not account.grids:
        raise InvalidValue("grid_required", "请为账户选择网格。", "Choose the account's grid.")
    for grid in account.grids:
        session.require_grid(grid)
    check_password_rules(password)
    ring.add(account, password, ring.unlock(session.username, admin_password))
    return account


def change_own_password(database: Path, session: Session, old: str, new: str) -> None:
    KeyRing.for_database(database).change_password(session.username, old, new)
