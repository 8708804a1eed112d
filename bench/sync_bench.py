"""Sync benchmark: a real server process on loopback, real encrypted SQLite files on two laptops.

1. 10,000 visits pushed from laptop A, then pulled by laptop B: seconds, bytes on the wire each
   way (gzip bodies both ways, HTTP headers left out), and bytes per visit. Target ≤ 300 bytes per
   visit compressed, each way.
2. 1,000 visits pushed through a proxy throttled to 64 kbit/s each way with 300 ms round-trip
   latency: elapsed time against the ideal — every byte that crossed the proxy (both ways,
   headers included) ÷ the bandwidth, plus one round trip per HTTP exchange. Target ratio ≤ 1.5.

    python bench/sync_bench.py [--visits 10000 --slow-visits 1000]
"""

from __future__ import annotations

import argparse
import queue
import random
import socket
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.demo import vocabulary as words
from app.models import GridLevel, Household, Need, Visit, VisitType
from bench.report import emit, target
from server import devices
from server.db import create_db_engine
from server.migrate import upgrade
from tests.server.live import running_server
from tests.sync.conftest import device
from tests.sync.loopback_proxy import LoopbackProxy

GRID = "152500101001"
SLOW_GRID = "152500101002"  # its own village, so the slow laptop pulls nothing but its own answers
BANDWIDTH = 64_000 / 8  # bytes per second, each way
ROUND_TRIP = 0.300


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


def _server_with_codes(tmp: Path, count: int) -> tuple[str, list[str]]:
    url = f"sqlite:///{tmp / 'server.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        devices.add_grid(conn, GRID, "巴彦嘎查", GridLevel.VILLAGE)
        devices.add_grid(conn, SLOW_GRID, "查干嘎查", GridLevel.VILLAGE)
        codes = [devices.create_enroll_code(conn, [GRID]) for _ in range(count)]
        codes.append(devices.create_enroll_code(conn, [SLOW_GRID]))
    engine.dispose()
    return url, codes


def bench_loopback(tmp: Path, base: str, codes: list[str], count: int) -> dict[str, float]:
    a, sync_a = device(tmp, "a", base, codes[0])
    b, sync_b = device(tmp, "b", base, codes[1])
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
    return {
        "loopback_push_s": push_seconds,
        "loopback_pull_s": pull_seconds,
        "push_bytes_up": pushed.bytes_sent,
        "push_bytes_down": pushed.bytes_received,
        "pull_bytes_up": pulled.bytes_sent,
        "pull_bytes_down": pulled.bytes_received,
        "push_bytes_per_visit": pushed.bytes_sent / count,
        "pull_bytes_per_visit": pulled.bytes_received / count,
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--slow-visits", type=int, default=1_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url, codes = _server_with_codes(tmp, 2)
        with running_server(url, tmp) as base:
            figures = bench_loopback(tmp, base, codes, args.visits)
            figures |= bench_throttled(tmp, base, codes[-1], args.slow_visits)
    per_visit = max(figures["push_bytes_per_visit"], figures["pull_bytes_per_visit"])
    emit(
        figures,
        {
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
