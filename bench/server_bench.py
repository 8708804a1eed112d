"""Server benchmark on PostgreSQL: 200 simulated devices pushing and pulling at once through a
real server on loopback, against bare psycopg INSERTs of the same rows in the same run.

    python bench/server_bench.py [--devices 200 --rounds 5 --batch 25 --workers 2]

The server runs as the deployment notes set it up on a two-core machine: two processes
(``--workers``), each with its default threads.

Each device, in its own thread, pushes ``rounds`` batches of ``batch`` field changes (new
households) and pulls after each push. Figures: changes applied per second, p50/p99 push latency,
and the wall-clock cost per applied change against a bare psycopg INSERT of the same row into a
table shaped like the change log, committed in the same batch size by one connection. Clients and
server share the machine's two cores, so the server's figures are a floor, not a ceiling.
It also reads the CPU time of the clients (this process), the server process and PostgreSQL, so
the figures show where a change's cost goes. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models import GridLevel
from bench.report import emit, percentile, target
from server import devices
from server.db import create_db_engine
from server.migrate import upgrade
from tests.harness.devices import DeviceClock
from tests.harness.postgres import PG_ADMIN, database_name, database_url
from tests.harness.server_process import running_server

GRIDS = [f"1525001{n:05d}" for n in range(20)]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (Linux /proc), or 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: its parent and its command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            found[int(entry.name)] = (parent, command)
    return found


def _pids(match: str) -> list[int]:
    """Processes whose command line contains ``match``, and all their descendants (the server's
    worker processes have a command line of their own)."""
    processes = _processes()
    found = [pid for pid, (_, command) in processes.items() if match in command]
    for pid in found:
        found += [child for child, (parent, _) in processes.items() if parent == pid and child not in found]
    return found


class CpuMeter:
    """CPU seconds spent by this process, the server process and PostgreSQL between two readings:
    where the wall-clock cost of a change goes on a machine the clients share."""

    def __init__(self) -> None:
        self.start = self._reading()

    @staticmethod
    def _reading() -> dict[str, float]:
        return {
            "clients": time.process_time(),
            "server": sum(_cpu_seconds(pid) for pid in _pids("server.cli serve")),
            "postgres": sum(_cpu_seconds(pid) for pid in _pids("postgres")),
        }

    def spent(self) -> dict[str, float]:
        now = self._reading()
        return {name: now[name] - self.start[name] for name in now}


def prepare(url: str, count: int) -> list[str]:
    engine = create_db_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        for grid in GRIDS:
            devices.add_grid(conn, grid, f"嘎查{grid[-3:]}", GridLevel.VILLAGE)
        codes = [devices.create_enroll_code(conn, [GRIDS[i % len(GRIDS)]]) for i in range(count)]
    engine.dispose()
    return codes


def run_devices(
    base: str, codes: list[str], rounds: int, batch: int
) -> tuple[int, float, list[float], dict[str, float]]:
    enrolled = [
        httpx.post(f"{base}/v1/enroll", json={"code": c, "device_name": f"d{i}"}).json()
        for i, c in enumerate(codes)
    ]
    latencies: list[float] = []
    applied = [0] * len(enrolled)
    lock = threading.Lock()
    start_gate = threading.Barrier(len(enrolled) + 1)

    def device(index: int) -> None:
        me = enrolled[index]
        grid = me["grids"][0]
        clock = DeviceClock(me["device_id"])
        cursor = 0
        with httpx.Client(
            base_url=base, headers={"Authorization": f"Bearer {me['token']}"}, timeout=120
        ) as http:
            start_gate.wait()
            for _ in range(rounds):
                changes = [
                    {
                        "entity": "households",
                        "record_id": str(uuid.uuid4()),
                        "grid": grid,
                        "field": "head_name",
                        "value": "巴特尔",
                        "hlc": clock(),
                    }
                    for _ in range(batch)
                ]
                started = time.perf_counter()
                response = http.post("/v1/push", json={"batch_id": str(uuid.uuid4()), "changes": changes})
                elapsed = time.perf_counter() - started
                results = response.json()["results"]
                with lock:
                    latencies.append(elapsed)
                applied[index] += sum(r["status"] == "applied" for r in results)
                while True:
                    page = http.get("/v1/pull", params={"cursor": cursor, "limit": 1000}).json()
                    cursor = page["next_cursor"]
                    if not page["more"]:
                        break

    threads = [threading.Thread(target=device, args=(i,)) for i in range(len(enrolled))]
    for thread in threads:
        thread.start()
    start_gate.wait()
    started = time.perf_counter()
    meter = CpuMeter()
    for thread in threads:
        thread.join()
    return sum(applied), time.perf_counter() - started, latencies, meter.spent()


def bare_inserts(dsn: str, rows: int, batch: int, table: str) -> tuple[float, dict[str, float]]:
    """Seconds per row for plain INSERTs of the same row, one commit per batch, and the CPU spent."""
    with psycopg.connect(dsn) as conn:
        conn.execute(
            f"CREATE TABLE {table} (seq BIGSERIAL PRIMARY KEY, entity VARCHAR(64) NOT NULL,"
            " record_id VARCHAR(36) NOT NULL, grid VARCHAR(32) NOT NULL, field VARCHAR(64) NOT NULL,"
            " value JSON, hlc VARCHAR(100) NOT NULL, original_hlc VARCHAR(100),"
            " device_id VARCHAR(32) NOT NULL)"
        )
        conn.execute(f"CREATE INDEX ix_{table}_grid_seq ON {table} (grid, seq)")
        conn.commit()
        clock = DeviceClock("bare")
        started = time.perf_counter()
        meter = CpuMeter()
        for start in range(0, rows, batch):
            with conn.transaction():
                for _ in range(min(batch, rows - start)):
                    conn.execute(
                        f"INSERT INTO {table} (entity, record_id, grid, field, value, hlc, device_id)"
                        " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                        (
                            "households",
                            str(uuid.uuid4()),
                            GRIDS[0],
                            "head_name",
                            json.dumps("巴特尔"),
                            clock(),
                            "bare",
                        ),
                    )
        return (time.perf_counter() - started) / rows, meter.spent()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--workers", type=int, default=2, help="server processes: one per core, as deployed")
    args = parser.parse_args()
    name = database_name("tongxin_bench")
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = database_url(name)
    dsn = f"host=127.0.0.1 user=postgres dbname={name}"
    expected = args.devices * args.rounds * args.batch
    try:
        codes = prepare(url, args.devices)
        # The baseline runs before and after the server, and counts as their mean: a machine
        # that slows down for a while then weighs on both sides of the ratio.
        before, before_cpu = bare_inserts(dsn, expected, args.batch, "bare_before")
        with (
            tempfile.TemporaryDirectory() as data,
            running_server(url, Path(data), TONGXIN_SERVER_WORKERS=str(args.workers)) as base,
        ):
            applied, seconds, latencies, cpu = run_devices(base, codes, args.rounds, args.batch)
        after, after_cpu = bare_inserts(dsn, expected, args.batch, "bare_after")
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    per_change = seconds / applied
    bare_per_row = (before + after) / 2
    bare_cpu = {name: (before_cpu[name] + after_cpu[name]) / 2 for name in before_cpu}
    figures = {
        "devices": args.devices,
        "server_workers": args.workers,
        "applied_changes": applied,
        "seconds": seconds,
        "changes_per_second": applied / seconds,
        "push_p50_ms": statistics.median(latencies) * 1e3,
        "push_p99_ms": percentile(latencies, 0.99) * 1e3,
        "server_ms_per_change": per_change * 1e3,
        "bare_insert_ms_per_row": bare_per_row * 1e3,
        "bare_insert_ms_per_row_before": before * 1e3,
        "bare_insert_ms_per_row_after": after * 1e3,
        "cpu_ms_per_change_clients": cpu["clients"] / applied * 1e3,
        "cpu_ms_per_change_server": cpu["server"] / applied * 1e3,
        "cpu_ms_per_change_postgres": cpu["postgres"] / applied * 1e3,
        "cpu_ms_per_row_bare_client": bare_cpu["clients"] / expected * 1e3,
        "cpu_ms_per_row_bare_postgres": bare_cpu["postgres"] / expected * 1e3,
    }
    emit(figures, {"cost_per_change_ratio": target(per_change / bare_per_row, 4)})


if __name__ == "__main__":
    main()
