"""Sync fixtures: real server processes on loopback, laptops enrolled in them.

Most tests need only "a running server": they take a fresh grid (and its enrollment codes) on the
server this test session shares (``fresh_grid``, ``laptops``, ``live``), one process per database
per session (per pytest-xdist worker), so no test sees another test's records and none pays a
server start. A test that needs a server of its own (it restarts or kills it, restores its
database, asks for a database state, or changes what the whole server holds) takes ``server`` or
starts one through ``tests.harness``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.models import GridLevel
from server import devices
from server.db import create_db_engine
from server.migrate import upgrade
from tests.conftest import GRID
from tests.harness.devices import device, snapshot
from tests.harness.laptops import Laptop, LiveServer, live_server
from tests.harness.postgres import postgres_available, postgres_database
from tests.harness.server_process import running_server

__all__ = ["DATABASES", "OTHER_GRID", "FreshGrid", "device", "own_live_server", "snapshot"]

OTHER_GRID = "152500101002"
DATABASES = ["sqlite", "postgresql"]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """A server of this test's own on ``tmp_path / 'server.db'`` (SQLite) holding GRID and
    OTHER_GRID: three codes for GRID, then one for OTHER_GRID. For a test that needs the whole
    server to itself; the others take ``fresh_grid``."""
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


def own_live_server(database: str, folder: Path) -> Iterator[LiveServer]:
    """A server process for one fixture's life on a new SQLite file in ``folder`` or a new
    PostgreSQL database (skipped when PostgreSQL is not reachable and CI does not require it)."""
    if database == "sqlite":
        yield from live_server(f"sqlite:///{folder / 'server.db'}", folder)
        return
    if not postgres_available():
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (CI sets TONGXIN_REQUIRE_PG)")
    for url in postgres_database():
        yield from live_server(url, folder)


@pytest.fixture(scope="session")
def sqlite_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The session's server on SQLite, started when a test first asks for it."""
    yield from own_live_server("sqlite", tmp_path_factory.mktemp("server-sqlite"))


@pytest.fixture(scope="session")
def postgresql_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The session's server on PostgreSQL, started when a test first asks for it."""
    yield from own_live_server("postgresql", tmp_path_factory.mktemp("server-postgresql"))


@pytest.fixture(scope="session", params=DATABASES)
def live(request: pytest.FixtureRequest) -> LiveServer:
    """The session's server on each database in turn; a test takes fresh grids from it."""
    return request.getfixturevalue(f"{request.param}_live")


@dataclass
class FreshGrid:
    """A new grid on the session's server, as ``server`` gives its fixed ones: three enrollment
    codes for ``grid``, then one for ``other_grid``. Unpacks as ``base, codes`` like ``server``."""

    live: LiveServer
    grid: str
    other_grid: str
    codes: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.live.base

    @property
    def database_url(self) -> str:
        return self.live.database_url

    def __iter__(self) -> Iterator[object]:
        return iter((self.base, self.codes))


@pytest.fixture(scope="session")
def grids_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The session's SQLite server for ``fresh_grid``, apart from ``live``'s: tests there move the
    server's clock with laptops minutes fast, which would reorder edits here. No test of this one
    sets a laptop's clock wrong (test_wrong_clocks.py has servers of its own)."""
    yield from own_live_server("sqlite", tmp_path_factory.mktemp("server-grids"))


@pytest.fixture
def fresh_grid(grids_live: LiveServer) -> FreshGrid:
    """Two new grids on a server this session shares, seen by no other test."""
    grid, codes = grids_live.new_grid(3)
    other_grid, other_codes = grids_live.new_grid(1, name="查干嘎查")
    return FreshGrid(grids_live, grid, other_grid, codes + other_codes)


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
