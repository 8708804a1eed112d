"""The demo database the app opens with ``tongxin --demo``: created and seeded on first use.

Every seeded account can log in with ``DEMO_PASSWORD`` (shown on the demo's login screen): the
demo is for trying roles out, not for keeping anything secret.
"""

from __future__ import annotations

from pathlib import Path

from app import paths
from app.account_keys import PasswordKey, new_account_key
from app.demo.seed import seed
from app.keyfile import key_path_for, load_key
from app.keyring import Account, KeyRing
from app.models import User
from app.store import Store
from app.store.connection import new_key

DEMO_HOUSEHOLDS = 500
DEMO_PASSWORD = "tongxin2026"
DEMO_ADMIN = "admin"


def demo_key(database: Path) -> bytes:
    return KeyRing.for_database(database).unlock(DEMO_ADMIN, DEMO_PASSWORD)


def open_demo(path: Path | None = None, *, households: int = DEMO_HOUSEHOLDS) -> Store:
    database = path or paths.demo_database()
    ring = KeyRing.for_database(database)
    if ring:
        return Store.open(database, demo_key(database))
    legacy = key_path_for(database)
    key = load_key(legacy) if legacy.exists() else new_key()
    store = Store.open(database, key)
    if store.count_all_records() == 0:
        seed(store, households=households)
    # One argon2id for the demo's one password, then a key pair per account: a fast first start.
    password_key = PasswordKey.derive(DEMO_PASSWORD)
    ring.add_accounts(
        [
            (
                Account(user.username, user.display_name, user.role, tuple(user.grids)),
                new_account_key(password_key),
            )
            for user in store.find(User, order_by="username")
        ],
        key,
    )
    legacy.unlink(missing_ok=True)
    paths.make_private(database)  # whoever opens the demo, its file is no one else's to read
    return store
