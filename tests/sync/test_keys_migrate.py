"""A laptop keyed the old way (tests/fixtures/keyring_v1, made by the code before key pairs) moves
to sealed keys: each account at its next login, the server's accounts at the next sync. Before,
the password hashes devices used to receive open the database; after, nothing but a password does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.keyring import KeyRing, LoginRefused, keyring_path
from app.models import Role
from app.store import Store
from server import devices
from server.db import create_db_engine
from sync.engine import SyncEngine
from sync.offline_accounts import adopt_server_accounts
from tests.conftest import GRID
from tests.sync.attacker import Thief, stolen_copy

FIXTURE = Path(__file__).parents[1] / "fixtures" / "keyring_v1"


def _entries(database: Path) -> dict[str, dict]:
    data = json.loads(keyring_path(database).read_text(encoding="utf-8"))
    return {entry["account"]["username"]: entry | {"version": data["version"]} for entry in data["accounts"]}


def _hashes_that_open(database: Path, folder: Path, hashes: list[str]) -> list[str]:
    thief = Thief(stolen_copy(database, folder))
    return [h for h in hashes if thief.try_hash_as_old_laptops_did(h)]


def test_an_old_laptop_moves_to_sealed_keys_at_login_and_sync(server, tmp_path: Path) -> None:
    base, codes = server
    accounts = json.loads((FIXTURE / "accounts.json").read_text(encoding="utf-8"))
    hashes = [a["password_hash"] for a in accounts.values() if a["password_hash"]]
    database = tmp_path / "laptop.db"
    for name in ("laptop.db", "laptop.db.keys"):
        shutil.copyfile(FIXTURE / name, tmp_path / name)
    assert _hashes_that_open(database, tmp_path / "before", hashes) == hashes, "the flaw this fixes"

    ring = KeyRing.for_database(database)
    with pytest.raises(LoginRefused) as wrong:
        ring.unlock("worker101", "not-her-password")
    assert wrong.value.code == "wrong_password"
    entry = _entries(database)["worker101"]
    assert entry["legacy"] and entry["failures"] == 1 and entry["key"] is None
    key = ring.unlock("itadmin", accounts["itadmin"]["password"])
    assert ring.unlock("worker101", accounts["worker101"]["password"]) == key
    after_login = _entries(database)
    assert after_login["worker101"]["legacy"] is None and after_login["worker101"]["failures"] == 0
    assert after_login["itadmin"]["legacy"] is None and after_login["supervisor1"]["legacy"]

    # After the upgrade IT renewed both server accounts' passwords (`user password`).
    engine = create_db_engine(f"sqlite:///{tmp_path / 'server.db'}")
    with engine.begin() as conn:
        for username, role in (("worker101", Role.WORKER), ("supervisor1", Role.SUPERVISOR)):
            devices.add_user(conn, username, username, role, [GRID], accounts[username]["password"])
    engine.dispose()
    with Store.open(database, key) as store:
        engine_ = SyncEngine(store)
        engine_.enroll(base, codes[0], "laptop")
        users = engine_.sync().users
    assert adopt_server_accounts(database, users, key)

    after_sync = _entries(database)
    assert {entry["version"] for entry in after_sync.values()} == {2}
    assert all(entry["legacy"] is None and entry["sealed"] for entry in after_sync.values())
    served = {user.username: user.key.public_key for user in users if user.key}
    assert after_sync["worker101"]["key"]["public_key"] == served["worker101"]
    assert after_sync["supervisor1"]["key"]["public_key"] == served["supervisor1"]
    assert _hashes_that_open(database, tmp_path / "after", hashes) == []
    ring = KeyRing.for_database(database)
    for username, account in accounts.items():
        assert ring.unlock(username, account["password"]) == key, username
