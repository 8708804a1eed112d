"""The server's accounts of this laptop's grids, taken into its key file after a sync.

The sync brings each account's public key and its private key wrapped under the password — never a
password hash (sync.protocol.OfflineUser). The laptop seals its data key to each public key
(app.keyring), so those accounts log in here from then on, offline too, with their passwords.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from app.account_keys import WrappedAccountKey
from app.keyring import Account, KeyRing
from app.models import Role
from sync.protocol import OfflineUser


def server_accounts(users: Iterable[OfflineUser]) -> list[tuple[Account, WrappedAccountKey | None]]:
    return [
        (
            Account(user.username, user.display_name, Role(user.role), tuple(user.grids)),
            WrappedAccountKey.from_dict(user.key.model_dump()) if user.key else None,
        )
        for user in users
    ]


def adopt_server_accounts(database: Path, users: Iterable[OfflineUser], data_key: bytes) -> bool:
    """Whether the key file changed: a sync that brings nothing new leaves it untouched."""
    return KeyRing.for_database(database).adopt_server_accounts(server_accounts(users), data_key)
