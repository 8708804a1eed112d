"""The laptop dies between the server's answer and the local commit: the next sync learns from the
server's record of the batch what it answered, sends nothing again, and nothing is applied twice."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from app.store import Store, new_key
from server import db
from server.db import create_db_engine
from sync.engine import SyncEngine
from tests.conftest import make_household
from tests.harness.devices import device, snapshot
from tests.sync.conftest import FreshGrid
from tests.sync.die_before_commit import DIED

ROOT = Path(__file__).resolve().parents[2]


def _server_counts(fresh_grid: FreshGrid, device_id: str) -> tuple[int, int]:
    """The changes and push batches the server holds from this device."""
    engine = create_db_engine(fresh_grid.database_url)
    with engine.connect() as conn:
        counts = (
            conn.execute(sa.select(sa.func.count()).where(db.changes.c.device_id == device_id)).scalar_one(),
            conn.execute(sa.select(sa.func.count()).where(db.batches.c.device_id == device_id)).scalar_one(),
        )
    engine.dispose()
    return counts  # type: ignore[return-value]


def test_killed_after_the_answer_before_the_commit(tmp_path: Path, fresh_grid: FreshGrid) -> None:
    base, codes = fresh_grid
    key = new_key()
    with Store.open(tmp_path / "a.db", key) as a:
        SyncEngine(a).enroll(base, codes[0], "a")
        a_id = str(a.meta("server_device_id"))
        for n in range(10):
            a.save(make_household(grid=fresh_grid.grid, address=f"巴彦嘎查{n}号"))
        logged = a.pending_changes()
    child = subprocess.run(
        [sys.executable, "-m", "tests.sync.die_before_commit", str(tmp_path / "a.db"), key.hex()],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    assert child.returncode == DIED, child.stderr.decode()
    assert _server_counts(fresh_grid, a_id) == (logged, 1), (
        "the server applied the batch before the laptop died"
    )
    with Store.open(tmp_path / "a.db", key) as a:
        assert a.pending_changes() == logged, "nothing was marked sent"
        first_batch = json.loads(a.meta("push_batch") or "null")["id"]
        report = SyncEngine(a).sync()
        assert (report.recovered, report.pushed, a.pending_changes()) == (logged, 0, 0)
        assert _server_counts(fresh_grid, a_id) == (logged, 1), "nothing was sent again"
        b, sync_b = device(tmp_path, "b", base, codes[1])
        sync_b.sync()
        assert snapshot(a) == snapshot(b)
    assert first_batch
