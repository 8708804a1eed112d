"""Initial sync benchmark: a supervisor's new laptop joins a banner of 100,000 households.

The server (a real process on loopback, SQLite) holds the demo banner's households, residents,
visits, disputes and activities, pushed there once by a laptop and kept under bench/out/ for later
runs of the same size. Each run then measures, in the same process run:

* baseline: the same records written into a fresh encrypted store by ``Store.save_all``, in
  pages of 10,000 (a laptop's own bulk write: validation, rows, clocks, change log, search);
* the new laptop's first sync (server.snapshot, then the pull from its high seq), in a child
  process of its own, which samples its resident memory after every page.

Targets: seconds per 10,000 records against the baseline ≤ 1.5; the child's memory at the end of
the sync against its memory a fifth of the way through ≤ 1.25 (flat in the record count).

    python bench/initial_sync_bench.py [--households 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models import RECORD_TYPES, Grid, GridLevel, Record
from app.store import Store, new_key
from bench.report import emit, target
from bench.store_bench import OUT, seeded_store
from server import devices
from server.db import create_db_engine
from server.migrate import upgrade
from sync.engine import SyncEngine, SyncReport
from tests.harness.server_process import running_server

PAGE = 10_000
SERVER_MANAGED = ("grids", "users")


def _kept(store: Store, model: type[Record]) -> int:
    """Rows of a record type, tombstones included."""
    return int(store.db.execute(f"SELECT count(*) FROM {model.entity}").fetchone()[0])


def _synced_types() -> list[type[Record]]:
    return [model for model in RECORD_TYPES if model.entity not in SERVER_MANAGED]


def _held(store: Store) -> int:
    return sum(_kept(store, model) for model in _synced_types())


def _records(source: Store) -> Iterator[list[Record]]:
    """The banner's records as a laptop of the banner receives them, parents first, a page at a time."""
    for model in _synced_types():
        for offset in range(0, _kept(source, model), PAGE):
            yield source.find(model, order_by="id", limit=PAGE, offset=offset, include_deleted=True)


def _root(grids: list[Grid]) -> Grid:
    return next(grid for grid in grids if grid.level is GridLevel.BANNER_COUNTY)


def _server(source: Store, database: Path, folder: Path) -> str:
    """The server's database for this banner, made once: its grid tree and every record, pushed by
    a laptop of the banner (written under another name and renamed once whole). Returns an
    enrollment code for the banner."""
    grids = source.find(Grid)
    url = f"sqlite:///{database}"
    if not database.exists():
        making = database.with_name(database.name + ".making")
        making.unlink(missing_ok=True)
        engine = create_db_engine(f"sqlite:///{making}")
        upgrade(engine)
        with engine.begin() as conn:
            for grid in sorted(grids, key=lambda g: list(GridLevel).index(g.level)):
                devices.add_grid(conn, grid.code, grid.name, grid.level, grid.parent_code)
            code = devices.create_enroll_code(conn, [_root(grids).code])
        engine.dispose()
        with running_server(f"sqlite:///{making}", folder) as base:
            pusher = Store.open(folder / "pusher.db", new_key())
            SyncEngine(pusher).enroll(base, code, "pusher")
            SyncEngine(pusher).sync()  # the grid tree first: what the laptop may save
            for page in _records(source):
                pusher.save_all(page)
            pushed = SyncEngine(pusher).sync()
            pusher.close()
        assert not (pushed.refused or pushed.conflicts or pushed.parked), pushed
        with sqlite3.connect(making) as conn:  # everything in the file itself before it is renamed
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        making.rename(database)
    engine = create_db_engine(url)
    with engine.begin() as conn:
        code = devices.create_enroll_code(conn, [_root(grids).code])
    engine.dispose()
    return code


def bench_save_all(source: Store, folder: Path) -> tuple[float, int]:
    laptop = Store.open(folder / "baseline.db", new_key())
    written, seconds = 0, 0.0
    for page in _records(source):
        started = time.perf_counter()
        written += laptop.save_all(page)
        seconds += time.perf_counter() - started
    laptop.close()
    return seconds, written


def _resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def first_sync(base: str, code: str, path: str) -> None:
    """The child process: enroll a new laptop, sync it once, print timings and memory as JSON."""
    store = Store.open(Path(path), new_key())
    engine = SyncEngine(store)
    engine.enroll(base, code, "supervisor")
    samples: list[tuple[int, float]] = []

    def sampled(report: SyncReport) -> None:
        samples.append((report.pulled, _resident_mb()))

    started = time.perf_counter()
    engine.sync(sampled)
    seconds = time.perf_counter() - started
    held = _held(store)
    store.close()
    fifth = next(mb for pulled, mb in samples if pulled >= samples[-1][0] / 5)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "held": held,
                "mb_fifth": fifth,
                "mb_end": samples[-1][1],
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    args = parser.parse_args()
    source, _path = seeded_store(args.households)
    records = _held(source)
    # Named by what it holds: store_bench saves into the same seeded store, and a server made
    # before those saves would hold fewer records than the source.
    server_db = OUT / f"initial_server_{args.households}_{records}.db"
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        code = _server(source, server_db, tmp)
        baseline_s, written = bench_save_all(source, tmp)
        with running_server(f"sqlite:///{server_db}", tmp) as base:
            child = subprocess.run(
                [sys.executable, __file__, "--child", base, code, str(tmp / "new.db")],
                check=True,
                capture_output=True,
                text=True,
            )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    assert result["held"] == records == written, (result, records, written)
    per_10k = result["seconds"] / records * PAGE
    baseline_per_10k = baseline_s / written * PAGE
    emit(
        {
            "records": records,
            "first_sync_s": result["seconds"],
            "first_sync_s_per_10k": per_10k,
            "save_all_s": baseline_s,
            "save_all_s_per_10k": baseline_per_10k,
            "memory_mb_at_a_fifth": result["mb_fifth"],
            "memory_mb_at_the_end": result["mb_end"],
        },
        {
            "vs_save_all": target(per_10k / baseline_per_10k, 1.5),
            "memory_growth": target(result["mb_end"] / result["mb_fifth"], 1.25),
        },
        households=args.households,
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        first_sync(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main()
