"""The demo database the app opens with ``tongxin --demo``: created and seeded on first use."""

from __future__ import annotations

from pathlib import Path

from app import paths
from app.demo.seed import seed
from app.keyfile import key_path_for, load_or_create_key
from app.store import Store

DEMO_HOUSEHOLDS = 500


def open_demo(path: Path | None = None, *, households: int = DEMO_HOUSEHOLDS) -> Store:
    database = path or paths.demo_database()
    store = Store.open(database, load_or_create_key(key_path_for(database)))
    if store.count_all_records() == 0:
        seed(store, households=households)
    return store
