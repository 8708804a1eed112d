"""Sync fixtures: a real server process on loopback with its grids and enrollment codes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models import GridLevel
from app.store import Store, new_key
from server import devices
from server.db import create_db_engine
from server.migrate import upgrade
from sync.engine import SyncEngine
from tests.conftest import GRID
from tests.server.live import running_server

OTHER_GRID = "152500101002"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    url = f"sqlite:///{tmp_path / 'server.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        devices.add_grid(conn, GRID, "巴彦嘎查", GridLevel.VILLAGE)
        devices.add_grid(conn, OTHER_GRID, "查干嘎查", GridLevel.VILLAGE)
        codes = [devices.create_enroll_code(conn, [GRID]) for _ in range(3)]
        codes.append(devices.create_enroll_code(conn, [OTHER_GRID]))
    engine.dispose()
    with running_server(url, tmp_path) as base:
        yield base, codes


def device(tmp_path: Path, name: str, base: str, code: str) -> tuple[Store, SyncEngine]:
    store = Store.open(tmp_path / f"{name}.db", new_key())
    engine = SyncEngine(store)
    engine.enroll(base, code, name)
    return store, engine


def snapshot(store: Store) -> dict[str, list[dict[str, object]]]:
    tables = ("households", "residents", "visits", "disputes")
    return {
        table: [
            {k: v for k, v in row.items() if k not in ("updated_at", "clocks")}
            for row in store.db[table].rows_where(order_by="id")
        ]
        for table in tables
    }
