"""Laptops as the app runs them, against a real server process: one long-lived store the screens
write through, and every sync on a second store of the same file, opened for the sync and closed
after it (ui/sync_controller.py). A laptop's wall clock can be moved, as a person changing the
date in the system settings would."""

from __future__ import annotations

import io
import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.clock import wall_clock_ms
from app.models import RECORD_TYPES, GridLevel
from app.store import Store, new_key
from server import cli as server_cli
from server import devices, reply_key
from server.config import Settings
from server.db import create_db_engine
from server.migrate import upgrade
from sync import bundles
from sync.engine import Progress, SyncEngine, SyncReport
from tests.harness.postgres import postgres_database
from tests.harness.server_process import ROOT, running_server

__all__ = ["DAY_MS", "MINUTE_MS", "Laptop", "LiveServer", "live_server", "postgres_database", "state"]

DAY_MS = 86_400_000
MINUTE_MS = 60_000
# Grid codes handed out in this process; a server shared by a test session (one per pytest-xdist
# worker) never sees the same code twice, so no test's grid holds another test's records.
_grid_numbers = itertools.count(1)


@dataclass
class Laptop:
    name: str
    path: Path
    grid: str
    key: bytes = field(default_factory=new_key)
    shift_ms: int = 0
    ui: Store = field(init=False)

    def __post_init__(self) -> None:
        self.ui = Store.open(self.path, self.key, now_ms=self.now_ms)

    def now_ms(self) -> int:
        return wall_clock_ms() + self.shift_ms

    def open_sync_store(self) -> Store:
        return Store.open(self.path, self.key, now_ms=self.now_ms)

    def enroll(self, base: str, code: str) -> None:
        with self.open_sync_store() as store:
            SyncEngine(store).enroll(base, code, self.name)

    def sync(self, progress: Progress | None = None) -> SyncReport:
        with self.open_sync_store() as store:
            engine = SyncEngine(store)
            return engine.sync(progress) if progress else engine.sync()

    def export_bundle(self, folder: Path) -> Path:
        """同步包: this laptop's unanswered changes written to a stick, as the 同步 screen does."""
        with self.open_sync_store() as store:
            return bundles.export_bundle(store, folder)

    def import_reply(self, path: Path) -> SyncReport:
        with self.open_sync_store() as store:
            return bundles.import_reply(store, path)

    def pull_only(self) -> SyncReport:
        """A pull on its own: what a sync does after its push, while the worker keeps typing."""
        report = SyncReport()
        with self.open_sync_store() as store:
            engine = SyncEngine(store)
            engine.pull(engine.transport(), report)
        return report

    def close(self) -> None:
        self.ui.close()


@dataclass
class LiveServer:
    """A server process shared by the tests of a session (or a benchmark run); each test takes grids
    of its own (``new_grid``, ``new_township``) and so sees no other test's records."""

    base: str
    database_url: str
    # The server process's data folder (its attachments), which `tongxin-server bundle` shares.
    data_dir: Path

    def new_grid(self, codes: int, *, name: str = "巴彦嘎查") -> tuple[str, list[str]]:
        grid = f"1525008{next(_grid_numbers):05d}"
        engine = create_db_engine(self.database_url)
        try:
            with engine.begin() as conn:
                devices.add_grid(conn, grid, f"{name}{grid[-3:]}", GridLevel.VILLAGE)
                made = [devices.create_enroll_code(conn, [grid]) for _ in range(codes)]
        finally:
            engine.dispose()
        return grid, made

    def new_township(self, villages: list[str]) -> tuple[str, list[str]]:
        """A township with villages of these names; their codes."""
        township = f"1525009{next(_grid_numbers):05d}"
        engine = create_db_engine(self.database_url)
        try:
            with engine.begin() as conn:
                devices.add_grid(conn, township, "巴彦苏木", GridLevel.TOWNSHIP)
                codes = [f"{township}{n + 1:03d}" for n in range(len(villages))]
                for code, name in zip(codes, villages, strict=True):
                    devices.add_grid(conn, code, name, GridLevel.VILLAGE, township)
        finally:
            engine.dispose()
        return township, codes

    def laptop(self, folder: Path, name: str, grids: list[str]) -> Laptop:
        laptop = Laptop(name, folder / f"{name}.db", grids[0])
        laptop.enroll(self.base, self.code_for(grids))
        return laptop

    def code_for(self, grids: list[str]) -> str:
        engine = create_db_engine(self.database_url)
        try:
            with engine.begin() as conn:
                return devices.create_enroll_code(conn, grids)
        finally:
            engine.dispose()

    def set_device_grids(self, store: Store, grids: list[str]) -> None:
        """IT changes the grids the laptop of ``store`` covers, on the server."""
        engine = create_db_engine(self.database_url)
        try:
            with engine.begin() as conn:
                assert devices.set_grids(conn, str(store.meta("server_device_id")), grids)
        finally:
            engine.dispose()

    def import_bundle(self, bundle: Path, *, own_process: bool = False) -> subprocess.CompletedProcess[str]:
        """`tongxin-server bundle import` at the township office on the server's database, beside
        the running server process; the reply lands beside the bundle. The command runs in this
        process (a Python start and the server's imports cost a second or more each time, and
        the bundle tests import dozens); ``own_process`` runs it as its own process, as IT does,
        for a test about the command line itself."""
        args = ["bundle", "import", str(bundle)]
        environment = {"TONGXIN_SERVER_DB": self.database_url, "TONGXIN_SERVER_DATA": str(self.data_dir)}
        if own_process:
            return subprocess.run(
                [sys.executable, "-m", "server.cli", *args],
                cwd=ROOT,
                env={**os.environ, **environment},
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
        return _in_this_process(args, environment)

    def reply_key(self) -> Ed25519PrivateKey:
        """The server's key for bundle replies, from the file its process keeps in its data folder."""
        return reply_key.load(Settings(data_dir=self.data_dir, database_url=self.database_url).reply_key_path)

    def scalar(self, sql: str, **params: object) -> object:
        engine = create_db_engine(self.database_url)
        try:
            with engine.connect() as conn:
                return conn.execute(sa.text(sql), params).scalar()
        finally:
            engine.dispose()

    def laptops(self, folder: Path, grid: str, codes: list[str], *shifts_ms: int) -> list[Laptop]:
        made = []
        for number, code in enumerate(codes):
            laptop = Laptop(f"laptop{number}", folder / f"{grid}-{number}.db", grid)
            laptop.shift_ms = shifts_ms[number] if number < len(shifts_ms) else 0
            laptop.enroll(self.base, code)
            made.append(laptop)
        return made


def _in_this_process(args: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``tongxin-server ARGS`` run by its own ``main`` here, with these environment variables for
    the call and its output captured, answered as ``subprocess.run`` would."""
    saved = {name: os.environ.get(name) for name in environment}
    out, err = io.StringIO(), io.StringIO()
    try:
        os.environ.update(environment)
        with redirect_stdout(out), redirect_stderr(err):
            code = server_cli.main(args)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return subprocess.CompletedProcess(["tongxin-server", *args], code, out.getvalue(), err.getvalue())


def live_server(database_url: str, folder: Path) -> Iterator[LiveServer]:
    engine = create_db_engine(database_url)
    upgrade(engine)
    engine.dispose()
    with running_server(database_url, folder) as base:
        yield LiveServer(base, database_url, folder)


def state(store: Store) -> dict[str, list[dict[str, object]]]:
    """Every record table as rows, without what each laptop keeps for itself (its save time, clocks)."""
    return {
        model.entity: [
            {k: v for k, v in row.items() if k not in ("updated_at", "clocks")}
            for row in store.db[model.entity].rows_where(order_by="id")
        ]
        for model in RECORD_TYPES
    }
