"""Passwords on the server: typed at a prompt or piped, never in argv; a change keeps the account's
key pair (laptops' seals stay valid), a reset makes a new one; accounts made before key pairs keep
their hash on the server, never sent, until IT renews the password."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from app.account_keys import WrappedAccountKey, WrongPassword
from app.models import GridLevel
from server import db, devices
from server.api import create_app
from server.cli import main
from server.config import Settings
from server.db import create_db_engine
from server.migrate import upgrade
from tests.server.conftest import G1


@pytest.fixture
def server_env(tmp_path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    monkeypatch.setenv("TONGXIN_SERVER_DATA", str(tmp_path))
    monkeypatch.setenv("TONGXIN_SERVER_DB", database_url)
    yield Settings()


def _typed(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[str]:
    """What IT types at the prompts, in order; returns the prompts shown."""
    shown: list[str] = []
    replies = iter(answers)

    def getpass(prompt: str = "") -> str:
        shown.append(prompt)
        return next(replies)

    monkeypatch.setattr("getpass.getpass", getpass)
    return shown


def _piped(monkeypatch: pytest.MonkeyPatch, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(line + "\n" for line in lines)))


def _key(settings: Settings, username: str) -> WrappedAccountKey | None:
    engine = create_db_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.select(db.users).where(db.users.c.username == username)).one()
    finally:
        engine.dispose()
    assert row.legacy_password_hash is None or row.account_key is None
    return WrappedAccountKey.from_dict(row.account_key) if row.account_key else None


def _opens(key: WrappedAccountKey | None, password: str) -> bool:
    assert key is not None
    try:
        key.private_key(key.password_key(password))
    except WrongPassword:
        return False
    return True


def test_a_password_is_typed_twice_or_piped_and_never_taken_from_argv(
    server_env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["grid", "add", G1, "巴彦嘎查"]) == 0
    add = ["user", "add", "worker101", "--role", "worker", "--grid", G1]
    shown = _typed(monkeypatch, "wangfang-2026", "wangfang-2062")
    assert main(add) == 2 and "differ" in capsys.readouterr().err
    assert len(shown) == 2
    _typed(monkeypatch, "wangfang-2026", "wangfang-2026")
    assert main(add) == 0
    assert _opens(_key(server_env, "worker101"), "wangfang-2026")
    _piped(monkeypatch, "wulan-sup-2026")
    assert main(["user", "add", "supervisor1", "--role", "supervisor", "--grid", G1, "--password-stdin"]) == 0
    assert _opens(_key(server_env, "supervisor1"), "wulan-sup-2026")
    for refused in (["--password", "in-the-argv-1"], ["--password=in-the-argv-1"]):
        with pytest.raises(SystemExit) as stopped:
            main(["user", "add", "worker102", "--role", "worker", "--grid", G1, *refused])
        assert stopped.value.code == 2 and "--password-stdin" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["user", "password", "worker101", "--password", "in-the-argv-1"])


def test_a_change_keeps_the_key_pair_and_a_reset_makes_a_new_one(
    server_env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["grid", "add", G1, "巴彦嘎查"]) == 0
    _piped(monkeypatch, "wangfang-2026")
    assert main(["user", "add", "worker101", "--role", "worker", "--grid", G1, "--password-stdin"]) == 0
    first = _key(server_env, "worker101")
    _typed(monkeypatch, "not-her-password", "wangfang-2027", "wangfang-2027")
    assert main(["user", "password", "worker101"]) == 2 and "not correct" in capsys.readouterr().err
    assert _key(server_env, "worker101") == first
    shown = _typed(monkeypatch, "wangfang-2026", "wangfang-2027", "wangfang-2027")
    assert main(["user", "password", "worker101"]) == 0
    assert [p.split(":")[0] for p in shown] == ["current password", "new password", "new password (again)"]
    changed = _key(server_env, "worker101")
    assert changed is not None and first is not None
    assert changed.public_key == first.public_key and changed.salt != first.salt
    assert _opens(changed, "wangfang-2027") and not _opens(changed, "wangfang-2026")
    _piped(monkeypatch, "forgot-it-2028")
    assert main(["user", "password", "worker101", "--reset", "--password-stdin"]) == 0
    reset = _key(server_env, "worker101")
    assert reset is not None and reset.public_key != first.public_key
    assert _opens(reset, "forgot-it-2028")
    assert main(["user", "password", "nobody", "--reset", "--password-stdin"]) == 2


def test_an_account_made_before_key_pairs_keeps_its_hash_at_home_until_renewed(
    server_env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old_hash = PasswordHasher().hash("wangfang-2026")
    engine = create_db_engine(server_env.database_url)
    upgrade(engine, "0003")
    with engine.begin() as conn:
        for username in ("worker101", "worker102"):
            conn.execute(
                sa.text(
                    "INSERT INTO users (username, display_name, role, grids, password_hash, created_at)"
                    " VALUES (:username, '王芳', 'worker', :grids, :hash, :at)"
                ),
                {"username": username, "grids": json.dumps([G1]), "hash": old_hash, "at": datetime.now(UTC)},
            )
    upgrade(engine)
    with engine.begin() as conn:
        devices.add_grid(conn, G1, "巴彦嘎查", GridLevel.VILLAGE)
        code = devices.create_enroll_code(conn, [G1])
        kept = conn.execute(sa.select(db.users.c.legacy_password_hash, db.users.c.account_key)).all()
    assert kept == [(old_hash, None), (old_hash, None)]
    with TestClient(create_app(server_env, engine=engine)) as client:
        token = client.post("/v1/enroll", json={"code": code, "device_name": "laptop"}).json()["token"]
        answer = client.get("/v1/users", headers={"Authorization": f"Bearer {token}"})
        assert [u["key"] for u in answer.json()["users"]] == [None, None]
        assert "$argon2" not in answer.text and old_hash.split("$")[-1] not in answer.text
        _piped(monkeypatch, "not-her-password", "wangfang-2027")
        assert main(["user", "password", "worker101", "--password-stdin"]) == 2
        assert _key(server_env, "worker101") is None, "a wrong old password changes nothing"
        _piped(monkeypatch, "wangfang-2026", "wangfang-2027")
        assert main(["user", "password", "worker101", "--password-stdin"]) == 0
        _piped(monkeypatch, "worker-reset-2027")
        assert main(["user", "password", "worker102", "--reset", "--password-stdin"]) == 0
        assert _opens(_key(server_env, "worker101"), "wangfang-2027")
        assert _opens(_key(server_env, "worker102"), "worker-reset-2027")
        answer = client.get("/v1/users", headers={"Authorization": f"Bearer {token}"})
        assert all(u["key"]["public_key"] for u in answer.json()["users"])
    engine.dispose()
