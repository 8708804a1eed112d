"""A link that drops at any byte, in either direction: 200+ cut syncs, then a clean one. Nothing
is lost and nothing is applied twice."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import sqlalchemy as sa
from urllib3.util.retry import Retry

from app.store import Store, new_key
from server import db
from server.db import create_db_engine
from sync.engine import SyncEngine, SyncError
from tests.conftest import make_household, make_resident
from tests.harness.proxies import FaultyProxy, random_cuts
from tests.server.conftest import FROM_DEVICES
from tests.sync.conftest import snapshot

CUTS = 200


def _behind(proxy: FaultyProxy, store: Store, base: str, code: str, name: str) -> SyncEngine:
    # No retries inside the transport: every cut must surface as a failed sync for the next to resume.
    engine = SyncEngine(store, retry=Retry(total=0))
    engine.enroll(base, code, name)
    with store.transaction():
        store.set_meta("server_url", proxy.url)
    return engine


def _fill(store: Store, households: int, tag: str) -> None:
    for n in range(households):
        household = store.save(make_household(address=f"{tag}嘎查{n}号"))
        store.save(make_resident(household))


@pytest.mark.slow  # two hundred syncs, each cut
def test_two_hundred_cut_syncs_then_a_clean_one(tmp_path: Path, server) -> None:
    base, codes = server
    rng = random.Random(20261129)
    proxy = FaultyProxy(int(base.rsplit(":", 1)[1]), random_cuts(rng, 30_000))
    a = Store.open(tmp_path / "a.db", new_key())
    b = Store.open(tmp_path / "b.db", new_key())
    engines = [_behind(proxy, a, base, codes[0], "a"), _behind(proxy, b, base, codes[1], "b")]
    _fill(a, 120, "甲")
    _fill(b, 60, "乙")
    failed = attempts = 0
    while failed < CUTS:
        attempts += 1
        assert attempts < 3000, "the proxy should be cutting"
        if attempts % 4 == 0:
            _fill((a, b)[attempts % 8 // 4], 1, f"丙{attempts}")  # workers keep typing while the link flaps
        try:
            engines[attempts % 2].sync()
        except SyncError as error:
            assert error.code in ("unreachable", "server_error"), error.code
            failed += 1
    assert proxy.cuts >= CUTS
    proxy.cut = lambda: (None, None)
    for engine in engines * 2:
        engine.sync()
    assert a.pending_changes() == b.pending_changes() == 0
    assert snapshot(a) == snapshot(b)
    assert b.count_all_records() == a.count_all_records()
    logged = sum(s.db.execute("SELECT count(*) FROM change_log").fetchone()[0] for s in (a, b))
    server = create_db_engine(f"sqlite:///{tmp_path / 'server.db'}")
    with server.connect() as conn:
        applied = conn.execute(sa.select(sa.func.count()).where(FROM_DEVICES)).scalar_one()
        batches = conn.execute(sa.select(sa.func.count()).select_from(db.batches)).scalar_one()
        distinct = conn.execute(
            sa.select(sa.func.count()).select_from(
                sa.select(db.changes.c.record_id, db.changes.c.field, db.changes.c.hlc)
                .where(FROM_DEVICES)
                .distinct()
                .subquery()
            )
        ).scalar_one()
    server.dispose()
    assert applied == distinct == logged, "every change applied exactly once"
    log = [
        json.loads(line)
        for line in (tmp_path / "server.log").read_text().splitlines()
        if line.startswith("{")
    ]
    answered = sum(1 for entry in log if entry.get("path") == "/v1/push" and entry.get("status") == 200)
    recovered = sum(1 for entry in log if entry.get("path") == "/v1/batches" and entry.get("status") == 200)
    assert recovered > 0, "some answers were lost after the server committed, and were fetched, not resent"
    assert answered >= batches
    proxy.close()
