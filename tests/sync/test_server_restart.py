"""The regional server restarts in the middle of syncs: each sync fails cleanly, the next one
continues, and nothing is lost or applied twice."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy as sa
from urllib3.util.retry import Retry

from app.models import GridLevel
from app.store import Store, new_key
from server import devices
from server.db import create_db_engine
from server.migrate import upgrade
from sync.engine import SyncEngine, SyncError, Transport
from tests.conftest import GRID, make_household, make_resident
from tests.harness.server_process import free_port, running_server
from tests.server.conftest import FROM_DEVICES
from tests.sync.conftest import snapshot

RESTARTS = 3


@pytest.mark.slow  # a server stopped and started again mid-sync
def test_server_restarted_mid_sync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        devices.add_grid(conn, GRID, "巴彦嘎查", GridLevel.VILLAGE)
        codes = [devices.create_enroll_code(conn, [GRID]) for _ in range(2)]
    port = free_port()
    a = Store.open(tmp_path / "a.db", new_key())
    b = Store.open(tmp_path / "b.db", new_key())
    sync_a, sync_b = SyncEngine(a, retry=Retry(total=0)), SyncEngine(b, retry=Retry(total=0))
    failures = 0
    for round_ in range(RESTARTS):
        with running_server(url, tmp_path, port=port) as base:
            if round_ == 0:
                sync_a.enroll(base, codes[0], "a")
                sync_b.enroll(base, codes[1], "b")
            for n in range(150):
                household = a.save(make_household(address=f"巴彦嘎查{round_}-{n}号"))
                a.save(make_resident(household))
            outcome: list[BaseException] = []
            answered, stopped = threading.Event(), threading.Event()
            _hold_first_push_answer(monkeypatch, answered, stopped)
            worker = threading.Thread(target=_try, args=(sync_a, outcome))
            worker.start()
            assert answered.wait(timeout=60), "the sync should push"
        # Leaving the block terminated the server after the first batch was answered: the sync
        # is in the middle whatever the machine's speed, and goes on against a server that is gone.
        stopped.set()
        worker.join(timeout=60)
        assert not worker.is_alive()
        failures += bool(outcome)
    assert failures == RESTARTS, "every restart lands in the middle of a sync"
    with running_server(url, tmp_path, port=port):
        sync_a.sync()
        sync_b.sync()
    assert a.pending_changes() == 0
    assert snapshot(a) == snapshot(b)
    logged = a.db.execute("SELECT count(*) FROM change_log").fetchone()[0]
    with engine.connect() as conn:
        applied = conn.execute(sa.select(sa.func.count()).where(FROM_DEVICES)).scalar_one()
    engine.dispose()
    assert applied == logged, "nothing lost, nothing applied twice across the restarts"


def _try(engine: SyncEngine, outcome: list[BaseException]) -> None:
    try:
        engine.sync()
    except SyncError as error:
        outcome.append(error)


def _hold_first_push_answer(
    monkeypatch: pytest.MonkeyPatch, answered: threading.Event, stopped: threading.Event
) -> None:
    """The first push answered from now on waits, once answered, until the server is gone."""
    send = Transport.request

    def request(self: Transport, method: str, path: str, *args: Any, **kwargs: Any) -> requests.Response:
        response = send(self, method, path, *args, **kwargs)
        if path == "/v1/push" and not answered.is_set():
            answered.set()
            stopped.wait(timeout=60)
        return response

    monkeypatch.setattr(Transport, "request", request)
