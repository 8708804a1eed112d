"""Sync benchmark: a real server process on loopback, real encrypted SQLite files on two laptops,
against CouchDB-protocol replication (PouchDB → express-pouchdb → PouchDB) run in the same process run.

1. 10,000 visits pushed from laptop A, then pulled by laptop B, through a byte-counting proxy, with
   the server on SQLite and again on PostgreSQL: seconds, bytes (bodies each way, and everything
   that crossed the proxy, headers included), bytes per visit. Targets: (push + pull) ≤ 0.5× PouchDB's
   on each database; all bytes ≤ 0.4× PouchDB's; ≤ 300 body bytes per visit each way.
2. 1,000 visits pushed through a proxy throttled to 64 kbit/s each way with 300 ms round-trip
   latency: elapsed time against the ideal — every byte that crossed the proxy (both ways,
   headers included) ÷ the bandwidth, plus one round trip per HTTP exchange. Target ratio ≤ 1.5.

The anchor is ../shared/anchors/pouch_replication.js; when its packages are missing the bench
installs them with npm into a folder under the system's temp folder and reuses it after.

    python bench/sync_bench.py [--visits 10000 --slow-visits 1000]
"""

from __future__ import annotations

import argparse
import json
import queue
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.demo import vocabulary as words
from app.models import GridLevel, Household, Need, Visit, VisitType
from bench.report import emit, target
from server import devices
from server.db import create_db_engine
from server.migrate import upgrade
from tests.harness.devices import device
from tests.harness.postgres import database_name, temporary_postgres
from tests.harness.proxies import LoopbackProxy
from tests.harness.server_process import running_server

ROOT = Path(__file__).resolve().parent.parent
GRID = "152500101001"
SLOW_GRID = "152500101002"  # its own village, so the slow laptop pulls nothing but its own answers
BANDWIDTH = 64_000 / 8  # bytes per second, each way
ROUND_TRIP = 0.300
ANCHOR = ROOT.parent / "shared" / "anchors" / "pouch_replication.js"
ANCHOR_PACKAGES = ("pouchdb-node@9", "express-pouchdb@4", "express@4")


class CountingProxy(LoopbackProxy):
    """Forwards TCP both ways as fast as it comes, counting every byte (headers included)."""

    def __init__(self, upstream_port: int) -> None:
        self.bytes = 0
        super().__init__(upstream_port)

    def relay(self, client: socket.socket, upstream: socket.socket) -> None:
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        while True:
            try:
                data = source.recv(65536)
                if data:
                    sink.sendall(data)
            except OSError:
                data = b""
            if not data:
                sink.close()
                return
            with self._lock:
                self.bytes += len(data)


class ThrottledProxy(LoopbackProxy):
    """Forwards TCP both ways at ``BANDWIDTH`` with half the round trip added each way; counts the
    bytes and the HTTP exchanges (a client send that follows a server answer starts one)."""

    def __init__(self, upstream_port: int) -> None:
        self.bytes = 0
        self.exchanges = 0
        self._last_direction = "down"
        super().__init__(upstream_port)

    def relay(self, client: socket.socket, upstream: socket.socket) -> None:
        for source, sink, direction in ((client, upstream, "up"), (upstream, client, "down")):
            lane: queue.Queue[tuple[float, bytes]] = queue.Queue()
            threading.Thread(target=self._read, args=(source, lane, direction), daemon=True).start()
            threading.Thread(target=self._send, args=(sink, lane), daemon=True).start()

    def _read(self, source: socket.socket, lane: queue.Queue, direction: str) -> None:
        while True:
            try:
                data = source.recv(1024)
            except OSError:
                data = b""
            with self._lock:
                if data and direction == "up" and self._last_direction == "down":
                    self.exchanges += 1
                if data:
                    self._last_direction = direction
                    self.bytes += len(data)
            lane.put((time.monotonic(), data))
            if not data:
                return

    @staticmethod
    def _send(sink: socket.socket, lane: queue.Queue) -> None:
        free_at = 0.0
        while True:
            arrived, data = lane.get()
            send_at = max(arrived + ROUND_TRIP / 2, free_at)
            time.sleep(max(0.0, send_at - time.monotonic()))
            if not data:
                sink.close()
                return
            try:
                sink.sendall(data)
            except OSError:
                return
            free_at = send_at + len(data) / BANDWIDTH


def _visits(count: int, rng: random.Random, grid: str = GRID) -> list[Household | Visit]:
    """Visits as workers write them: a few dozen households, one to three needs, a summary."""
    now = datetime.now(UTC)
    households = [
        Household(grid=grid, author="worker101", address=f"巴彦嘎查{n % 9 + 1}组{n}号", head_name=name)
        for n, name in enumerate(rng.sample(words.MONGOLIAN_NAMES, 30))
    ]
    visits = [
        Visit(
            grid=grid,
            author="worker101",
            household_id=rng.choice(households).id,
            visitor="worker101",
            visited_at=now - timedelta(minutes=17 * n),
            visit_type=rng.choice(list(VisitType)),
            needs=rng.sample(list(Need), rng.randrange(1, 3)),
            summary=rng.choice(words.SUMMARIES),
        )
        for n in range(count)
    ]
    return [*households, *visits]


def _server_with_codes(url: str, count: int) -> list[str]:
    engine = create_db_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        devices.add_grid(conn, GRID, "巴彦嘎查", GridLevel.VILLAGE)
        devices.add_grid(conn, SLOW_GRID, "查干嘎查", GridLevel.VILLAGE)
        codes = [devices.create_enroll_code(conn, [GRID]) for _ in range(count)]
        codes.append(devices.create_enroll_code(conn, [SLOW_GRID]))
    engine.dispose()
    return codes


def _postgres_database() -> AbstractContextManager[str]:
    return temporary_postgres(database_name("tongxin_bench"))


def _anchor_folder() -> Path:
    """Where the anchor runs, its npm packages installed on first use."""
    if not shutil.which("node") or not shutil.which("npm"):
        sys.exit("the PouchDB anchor needs node and npm (see ../shared/anchors/README.md)")
    folder = Path(tempfile.gettempdir()) / "tongxin-pouch-anchor"
    folder.mkdir(exist_ok=True)
    shutil.copy(ANCHOR, folder / ANCHOR.name)
    if not (folder / "node_modules" / "express-pouchdb").exists():
        print("installing the PouchDB anchor into", folder, file=sys.stderr)
        subprocess.run(["npm", "init", "-y"], cwd=folder, check=True, capture_output=True)
        subprocess.run(["npm", "install", "--silent", *ANCHOR_PACKAGES], cwd=folder, check=True)
    return folder


def bench_pouch(count: int) -> dict[str, Any]:
    folder = _anchor_folder()
    done = subprocess.run(
        ["node", ANCHOR.name, str(count)], cwd=folder, check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["docs_on_device2"] == count, "the anchor must replicate every document"
    wire = sum(result[k] for k in ("push_bytes_up", "push_bytes_down", "pull_bytes_up", "pull_bytes_down"))
    return {"pouch_push_s": result["push_s"], "pouch_pull_s": result["pull_s"], "pouch_wire_bytes": wire}


def bench_loopback(tmp: Path, base: str, codes: list[str], count: int, name: str) -> dict[str, float]:
    """One push of ``count`` visits and one pull of them, through a counting proxy."""
    proxy = CountingProxy(int(base.rsplit(":", 1)[1]))
    a, sync_a = device(tmp / name, "a", base, codes[0])
    b, sync_b = device(tmp / name, "b", base, codes[1])
    for store in (a, b):
        with store.transaction():
            store.set_meta("server_url", proxy.url)
    a.save_all(_visits(count, random.Random(1)))
    started = time.perf_counter()
    pushed = sync_a.sync()
    push_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pulled = sync_b.sync()
    pull_seconds = time.perf_counter() - started
    assert b.count(Visit) == count, "B must hold every visit A pushed"
    a.close()
    b.close()
    proxy.close()
    return {
        f"{name}_push_s": push_seconds,
        f"{name}_pull_s": pull_seconds,
        f"{name}_push_bytes_up": pushed.bytes_sent,
        f"{name}_push_bytes_down": pushed.bytes_received,
        f"{name}_pull_bytes_up": pulled.bytes_sent,
        f"{name}_pull_bytes_down": pulled.bytes_received,
        f"{name}_push_bytes_per_visit": pushed.bytes_sent / count,
        f"{name}_pull_bytes_per_visit": pulled.bytes_received / count,
        f"{name}_wire_bytes": proxy.bytes,
    }


def bench_throttled(tmp: Path, base: str, code: str, count: int) -> dict[str, float]:
    proxy = ThrottledProxy(int(base.rsplit(":", 1)[1]))
    store, engine = device(tmp, "slow", base, code)
    with store.transaction():
        store.set_meta("server_url", proxy.url)
    store.save_all(_visits(count, random.Random(2), SLOW_GRID))
    started = time.perf_counter()
    engine.sync()
    elapsed = time.perf_counter() - started
    store.close()
    ideal = proxy.bytes / BANDWIDTH + proxy.exchanges * ROUND_TRIP
    return {
        "throttled_s": elapsed,
        "throttled_ideal_s": ideal,
        "throttled_bytes": proxy.bytes,
        "throttled_exchanges": proxy.exchanges,
    }


def _on(url: str, tmp: Path, name: str, count: int, slow_count: int = 0) -> dict[str, float]:
    codes = _server_with_codes(url, 2)
    with running_server(url, tmp) as base:
        figures = bench_loopback(tmp, base, codes, count, name)
        if slow_count:
            figures |= bench_throttled(tmp, base, codes[-1], slow_count)
    return figures


def _time(figures: dict[str, float], name: str) -> float:
    return figures[f"{name}_push_s"] + figures[f"{name}_pull_s"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--slow-visits", type=int, default=1_000)
    args = parser.parse_args()
    figures = bench_pouch(args.visits)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for name in ("sqlite", "pg"):
            (tmp / name).mkdir()
        figures |= _on(f"sqlite:///{tmp / 'server.db'}", tmp, "sqlite", args.visits, args.slow_visits)
        with _postgres_database() as url:
            figures |= _on(url, tmp, "pg", args.visits)
    per_visit = max(figures["sqlite_push_bytes_per_visit"], figures["sqlite_pull_bytes_per_visit"])
    pouch_time = figures["pouch_push_s"] + figures["pouch_pull_s"]
    emit(
        figures,
        {
            "vs_pouch_time": target(_time(figures, "sqlite") / pouch_time, 0.5),
            "vs_pouch_time_pg": target(_time(figures, "pg") / pouch_time, 0.5),
            "vs_pouch_bytes": target(figures["sqlite_wire_bytes"] / figures["pouch_wire_bytes"], 0.4),
            "bytes_per_visit": target(per_visit, 300),
            "throttled_ratio": target(figures["throttled_s"] / figures["throttled_ideal_s"], 1.5),
        },
        visits=args.visits,
        slow_visits=args.slow_visits,
        bandwidth_bits=64_000,
        round_trip_ms=ROUND_TRIP * 1000,
    )


if __name__ == "__main__":
    main()
