"""Accounts made on the regional server log in on a laptop after a sync, and offline after that."""

from __future__ import annotations

from pathlib import Path

from app.keyring import Account, KeyRing, first_account
from app.models import Role
from app.services.session import session_for
from app.store import Store
from server import devices
from server.db import create_db_engine
from sync.engine import SyncEngine
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
