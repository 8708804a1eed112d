"""The key test: with every answer a device of the grid can get from the server and a copy of a
laptop's files, no data key opens without an account's password.

A second device enrolls in the laptop's grid and asks every ``/v1`` GET the server offers (read
from its OpenAPI document). Nothing it receives, and no line of the server's log, holds a password
hash or a password. Then every value from those answers, the stolen ``.keys`` file and an old
account's password hash (leaked before the upgrade) — each as itself and base64/hex-decoded — is
tried as a password, as a derived key, through the old hash-based derivation, as a private key and
as the database key, by a thief's code written apart from the app's (tests/sync/attacker.py).
Nothing opens; the same code with the real password does, so the attack itself works.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from app.keyring import Account, KeyRing, first_account, keyring_path
from app.models import Role
from app.store import Store
from server import db, devices
from server.db import create_db_engine
from sync.engine import SyncEngine
from sync.offline_accounts import adopt_server_accounts
from tests.conftest import make_household
from tests.harness.laptops import LiveServer
from tests.sync.attacker import Thief, stolen_copy, strings_in

LOCAL_ADMIN = ("itadmin", "it-admin-pass-2026")


def _accounts(live: LiveServer, grid: str) -> tuple[dict[str, str], str]:
    """An admin, a supervisor and a worker with key pairs, and one account made before key pairs
    (its hash kept on the server, as migration 0004 leaves it). Their passwords, and that hash."""
    suffix = grid[-5:]
    passwords = {
        f"admin{suffix}": "admin-pass-2026",
        f"sup{suffix}": "wulan-sup-2026",
        f"worker{suffix}": "wangfang-2026",
        f"old{suffix}": "old-worker-2026",
    }
    old_hash = PasswordHasher().hash(passwords[f"old{suffix}"])
    engine = create_db_engine(live.database_url)
    try:
        with engine.begin() as conn:
            for role, prefix in ((Role.ADMIN, "admin"), (Role.SUPERVISOR, "sup"), (Role.WORKER, "worker")):
                username = f"{prefix}{suffix}"
                devices.add_user(conn, username, username, role, [grid], passwords[username])
            conn.execute(
                sa.insert(db.users).values(
                    username=f"old{suffix}",
                    display_name="旧账户",
                    role=Role.WORKER.value,
                    grids=[grid],
                    legacy_password_hash=old_hash,
                    created_at=sa.func.now(),
                )
            )
    finally:
        engine.dispose()
    return passwords, old_hash


def _laptop(live: LiveServer, folder: Path, code: str, grid: str) -> tuple[Path, Store]:
    """A laptop as the app leaves it: a local admin, enrolled, a record synced, the server's
    accounts taken in after the sync, one of them logged in since."""
    path = folder / "laptop.db"
    key = first_account(path, Account(LOCAL_ADMIN[0], "信息员", Role.ADMIN, ()), LOCAL_ADMIN[1])
    store = Store.open(path, key)
    engine = SyncEngine(store)
    engine.enroll(live.base, code, "巴彦嘎查笔记本")
    store.save(make_household(grid=grid))
    report = engine.sync()
    assert adopt_server_accounts(path, report.users, key)
    store.save(make_household(grid=grid, address="巴彦嘎查1组3号"))  # unsynced, in the -wal
    return path, store


def _everything_a_device_gets(live: LiveServer, code: str) -> dict[str, str]:
    """Each answer text a newly enrolled device of the grid can obtain, by the request that got it."""
    answers: dict[str, str] = {}
    with httpx.Client(base_url=live.base, timeout=30) as client:
        enrolled = client.post("/v1/enroll", json={"code": code, "device_name": "另一台设备"})
        answers["POST /v1/enroll"] = enrolled.text
        headers = {"Authorization": f"Bearer {enrolled.json()['token']}"}
        document = client.get("/openapi.json")
        answers["GET /openapi.json"] = document.text
        sha = "0" * 64
        for path, operations in document.json()["paths"].items():
            if "get" not in operations or not path.startswith("/v1"):
                continue
            url = path.replace("{sha256}", sha)
            if path == "/v1/pull":
                cursor, more = 0, True
                while more:
                    page = client.get(url, params={"cursor": cursor}, headers=headers)
                    answers[f"GET {url}?cursor={cursor}"] = page.text
                    cursor, more = page.json()["next_cursor"], page.json()["more"]
                continue
            answer = client.get(url, headers=headers)
            assert answer.status_code < 500, (url, answer.text)
            answers[f"GET {url}"] = answer.text
    assert {"GET /v1/users", "GET /v1/device", "GET /v1/health"} <= set(answers)
    return answers


@pytest.mark.slow  # the thief's guesses cost one real argon2id each (40-50 s per database)
def test_nothing_a_device_receives_opens_a_stolen_laptop(live: LiveServer, tmp_path: Path) -> None:
    grid, codes = live.new_grid(2)
    passwords, old_hash = _accounts(live, grid)
    path, store = _laptop(live, tmp_path, codes[0], grid)
    worker = next(name for name in passwords if name.startswith("worker"))
    assert KeyRing.for_database(path).unlock(worker, passwords[worker]) is not None
    answers = _everything_a_device_gets(live, codes[1])
    stolen = stolen_copy(path, tmp_path / "stolen")
    store.close()
    assert stolen.with_name("laptop.db-wal").stat().st_size > 0, "the thief has the write-ahead log too"

    users = json.loads(answers["GET /v1/users"])["users"]
    assert {u["username"] for u in users} == set(passwords)
    assert next(u for u in users if u["username"].startswith("old"))["key"] is None
    assert live.data_dir is not None
    log = (live.data_dir / "server.log").read_text(encoding="utf-8")
    old_output = old_hash.split("$")[-1]
    secrets = ["$argon2", old_hash, old_output, LOCAL_ADMIN[1], *passwords.values()]
    for where, text in [*answers.items(), ("server log", log)]:
        for secret in secrets:
            assert secret not in text, (where, secret)

    received = [json.loads(text) for where, text in answers.items() if where != "GET /openapi.json"]
    ring = json.loads(keyring_path(stolen).read_text(encoding="utf-8"))
    texts = [*strings_in(received), *strings_in(ring), *strings_in(old_hash)]
    thief = Thief(stolen)
    # An argon2id per guess and per entry: every value (not field name) of 8 characters or more —
    # the shortest password the app takes — of the accounts answer, the key file and the old hash.
    secret_shaped = [*strings_in(users, keys=False), *strings_in(ring, keys=False), *strings_in(old_hash)]
    guesses = [text for text in dict.fromkeys(secret_shaped) if len(text) >= 8]
    assert thief.everything(texts, guesses) == []
    assert thief.derivations == len(guesses) * len(ring["accounts"])

    control = Thief(stolen)
    opened = control.everything([], [passwords[worker]])
    assert [attempt.how for attempt in opened] == ["password"], "the attack code does open with a password"
