"""Sync fixtures: a real server process on loopback with its grids and enrollment codes."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.models import GridLevel
from app.store import Store, new_key
from server import devices
from server.db import create_db_engine
from server.migrate import upgrade
from sync.engine import SyncEngine
from tests.conftest import GRID
from tests.server.conftest import postgres_available
from tests.server.live import running_server
from tests.sync.laptops import Laptop, LiveServer, live_server, postgres_database

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


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server process per module and database; tests take fresh grids from it."""
    folder = tmp_path_factory.mktemp("server")
    if request.param == "sqlite":
        yield from live_server(f"sqlite:///{folder / 'server.db'}", folder)
        return
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (CI sets TONGXIN_REQUIRE_PG)")
    for url in postgres_database(f"tongxin_test_{uuid.uuid4().hex[:12]}"):
        yield from live_server(url, folder)


@pytest.fixture
def laptops(live: LiveServer, tmp_path: Path) -> Iterator[Callable[..., list[Laptop]]]:
    """``laptops(n, *shifts_ms)``: n laptops enrolled in a new grid of their own."""
    made: list[Laptop] = []

    def make(count: int, *shifts_ms: int) -> list[Laptop]:
        grid, codes = live.new_grid(count)
        made.extend(live.laptops(tmp_path, grid, codes, *shifts_ms))
        return made[-count:]

    yield make
    for laptop in made:
        laptop.close()
