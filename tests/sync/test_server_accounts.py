"""Accounts made on the regional server log in on a laptop after a sync, and offline after that."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.keyring import Account, KeyRing, LoginRefused, first_account, keyring_path
from app.models import Role
from app.services.session import session_for
from app.store import Store
from server import devices
from server.db import create_db_engine
from sync.engine import SyncEngine
from sync.offline_accounts import adopt_server_accounts
from tests.conftest import GRID
from tests.sync.conftest import OTHER_GRID
from ui.application import App


def test_the_server_accounts_of_the_laptops_grids_can_log_in_after_a_sync(
    qtbot, qapp, server, tmp_path: Path
) -> None:
    base, codes = server
    engine = create_db_engine(f"sqlite:///{tmp_path / 'server.db'}")
    with engine.begin() as conn:
        devices.add_user(conn, "worker101", "王芳", Role.WORKER, [GRID], "wangfang-2026")
        devices.add_user(conn, "worker201", "李强", Role.WORKER, [OTHER_GRID], "liqiang-2026")
    engine.dispose()
    path = tmp_path / "laptop.db"
    key = first_account(path, Account("itadmin", "信息员", Role.ADMIN, ()), "it-admin-pass")
    store = Store.open(path, key)
    SyncEngine(store).enroll(base, codes[0], "laptop")
    app = App(
        qapp,
        path,
        store,
        key,
        session_for(store, "itadmin", "信息员", Role.ADMIN, ()),
        language="zh_CN",
        idle_minutes=10,
    )
    with qtbot.waitSignal(app.sync.finished, timeout=30_000) as done:
        app.sync.start()
    assert done.args == [True]
    ring = KeyRing.for_database(path)
    assert [a.username for a in ring.accounts()] == ["itadmin", "worker101"]  # not the other grid's worker
    assert ring.account("worker101") == Account("worker101", "王芳", Role.WORKER, (GRID,))
    assert ring.unlock("worker101", "wangfang-2026") == key
    app.idle.pause()
    app.window.close()
    store.close()


def _entry(database: Path, username: str) -> dict:
    data = json.loads(keyring_path(database).read_text(encoding="utf-8"))
    return next(entry for entry in data["accounts"] if entry["account"]["username"] == username)


def test_a_password_change_on_the_server_keeps_the_seal_and_a_reset_reseals(server, tmp_path: Path) -> None:
    base, codes = server
    engine = create_db_engine(f"sqlite:///{tmp_path / 'server.db'}")
    with engine.begin() as conn:
        devices.add_user(conn, "worker101", "王芳", Role.WORKER, [GRID], "wangfang-2026")
    path = tmp_path / "laptop.db"
    key = first_account(path, Account("itadmin", "信息员", Role.ADMIN, ()), "it-admin-pass")

    def sync() -> bool:
        with Store.open(path, key) as store:
            return adopt_server_accounts(path, SyncEngine(store).sync().users, key)

    with Store.open(path, key) as store:
        SyncEngine(store).enroll(base, codes[0], "laptop")
    assert sync()
    first = _entry(path, "worker101")
    with engine.begin() as conn:
        devices.change_password(conn, "worker101", "wangfang-2026", "wangfang-2027")
    assert sync()
    changed = _entry(path, "worker101")
    assert changed["sealed"] == first["sealed"], "the same key pair: the seal stays"
    assert changed["key"]["public_key"] == first["key"]["public_key"]
    assert changed["key"]["salt"] != first["key"]["salt"]
    ring = KeyRing.for_database(path)
    assert ring.unlock("worker101", "wangfang-2027") == key
    with pytest.raises(LoginRefused):
        ring.unlock("worker101", "wangfang-2026")
    before = keyring_path(path).stat()
    assert not sync(), "nothing new: the file is not written"
    assert keyring_path(path).stat().st_mtime_ns == before.st_mtime_ns
    with engine.begin() as conn:
        devices.reset_password(conn, "worker101", "forgot-it-2028")
    engine.dispose()
    assert sync()
    reset = _entry(path, "worker101")
    assert reset["key"]["public_key"] != first["key"]["public_key"] and reset["sealed"] != first["sealed"]
    assert KeyRing.for_database(path).unlock("worker101", "forgot-it-2028") == key
