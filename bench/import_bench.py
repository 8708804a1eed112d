"""Roster import benchmark: 100,000 volunteers checked and imported from .xlsx through the roster
service, against openpyxl alone reading the same file (read-only mode), in the same run.

1. Seconds to check every row and import them all (one transaction into an encrypted store with
   its change log and search queue), and the ratio to the baseline: loading the workbook and
   reading every row's values. Target ratio ≤ 3.
2. Peak Python memory (tracemalloc) checking and importing a fifth of the rows and all of them,
   beyond what openpyxl alone needs to read the same file: that must not grow with the row count.
   openpyxl's read-only mode still loads the workbook's shared-string table whole (every distinct
   ID and phone number is one), which grows with any xlsx file and is the same for anything
   reading it with openpyxl; both raw peaks are printed too. Target: our extra peak at all rows ÷
   at a fifth ≤ 1.25.

The roster has the shape people keep (a merged title, a two-row merged header, a blank row every
50 people); writing it is not measured.

The machine is shared, so the two are timed in alternating rounds and the best of each is
compared.

    python bench/import_bench.py [--rows 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from collections import deque
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import load_workbook

from app.demo.roster_file import roster_line, write_roster
from app.models import Grid, GridLevel, Role, Volunteer, VolunteerTeam
from app.services.roster import check_roster
from app.services.session import Session
from app.store import Store, new_key
from bench.report import emit, target

GRID = "152500101001"
TEAM = "红石榴志愿服务队"
TODAY = date(2026, 3, 5)
SESSION = Session("worker101", "其其格", Role.WORKER, (GRID,), {GRID: "巴彦嘎查"})


def _roster(folder: Path, rows: int) -> Path:
    lines = (roster_line(n, "巴彦嘎查", TEAM if n % 3 else "") for n in range(1, rows + 1))
    return write_roster(folder / f"roster_{rows}.xlsx", lines, blank_every=50)


def _fresh_store(path: Path) -> Store:
    store = Store.open(path, new_key())
    store.save(Grid(grid=GRID, code=GRID, name="巴彦嘎查", level=GridLevel.VILLAGE, author="bench"))
    store.save(VolunteerTeam(grid=GRID, author="bench", name=TEAM))
    return store


def _import(store: Store, roster: Path) -> int:
    checked = check_roster(store, SESSION, roster, today=TODAY)
    try:
        if checked.problems:
            raise SystemExit(f"the bench roster has bad rows: {checked.problems[:3]}")
        return checked.import_valid(store)
    finally:
        checked.close()


def _read_alone(roster: Path) -> None:
    workbook = load_workbook(roster, read_only=True, data_only=True)
    deque(workbook.worksheets[0].iter_rows(values_only=True), maxlen=0)  # every row read, none kept
    workbook.close()


def _openpyxl_alone(roster: Path) -> float:
    started = time.perf_counter()
    _read_alone(roster)
    return time.perf_counter() - started


def _peak(work: Callable[[], object]) -> float:
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def _peak_import(folder: Path, roster: Path, name: str) -> float:
    with _fresh_store(folder / f"{name}.db") as store:
        return _peak(lambda: _import(store, roster))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tongxin-import-bench-") as name:
        _run(Path(name), args.rows, args.rounds)


def _run(folder: Path, rows: int, rounds: int) -> None:
    roster, fifth = _roster(folder, rows), _roster(folder, rows // 5)
    baselines, timings = [], []
    for number in range(rounds):
        baselines.append(_openpyxl_alone(roster))
        with _fresh_store(folder / f"timed{number}.db") as store:
            started = time.perf_counter()
            imported = _import(store, roster)
            timings.append(time.perf_counter() - started)
            assert store.count(Volunteer) == imported == rows
        print(
            f"round {number + 1}: openpyxl alone {baselines[-1]:.2f} s, "
            f"checked and imported {imported} rows in {timings[-1]:.2f} s",
            flush=True,
        )
    baseline, ours = min(baselines), min(timings)
    peak_fifth = _peak_import(folder, fifth, "fifth")
    peak_all = _peak_import(folder, roster, "all")
    read_fifth = _peak(lambda: _read_alone(fifth))
    read_all = _peak(lambda: _read_alone(roster))
    emit(
        {
            "rows": float(rows),
            "import_seconds": ours,
            "openpyxl_read_seconds": baseline,
            "peak_mib_fifth_rows": peak_fifth,
            "peak_mib_all_rows": peak_all,
            "openpyxl_read_peak_mib_fifth_rows": read_fifth,
            "openpyxl_read_peak_mib_all_rows": read_all,
            "extra_peak_mib_fifth_rows": peak_fifth - read_fifth,
            "extra_peak_mib_all_rows": peak_all - read_all,
        },
        {
            "import_vs_openpyxl_read_ratio": target(ours / baseline, 3.0),
            "extra_peak_memory_growth_5x_rows": target(
                (peak_all - read_all) / (peak_fifth - read_fifth), 1.25
            ),
        },
        rows=rows,
    )


if __name__ == "__main__":
    main()
