"""Ledger export benchmark: 200,000 visits to .xlsx through the export service, against openpyxl
writing the same rows directly (write-only mode), in the same run.

1. Seconds to export, and the ratio to the baseline (the rows already in memory, appended to a
   write-only sheet and saved). Target ratio ≤ 1.3.
2. Peak Python memory (tracemalloc) exporting 50,000 and 200,000 rows: it must not grow with the
   row count. Target: peak at 200,000 ÷ peak at 50,000 ≤ 1.25.

The visits are written straight into an encrypted store (the setup is not measured).

    python bench/export_bench.py [--visits 200000]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook, load_workbook

from app.demo import vocabulary as words
from app.models import Grid, GridLevel, Household, Need, Resident, Role, Visit, VisitType
from app.services.ledgers import LedgerRequest, export_ledger, ledger_rows
from app.services.session import Session
from app.store import Store, new_key
from app.store.tables import to_row
from bench.report import emit, target

GRID = "152500101001"
ZONE = ZoneInfo("Asia/Shanghai")
SUPERVISOR = Session("supervisor1", "张伟", Role.SUPERVISOR, (GRID,))
VISITS_PER_HOUSEHOLD = 10


def _insert(store: Store, records: list) -> None:
    """Rows as the store writes them, without the change log or search queue (not measured)."""
    by_table: dict[str, list[dict]] = {}
    for record in records:
        row = to_row(record)
        row["clocks"] = "{}"
        by_table.setdefault(record.entity, []).append(row)
    with store.transaction():
        for table, rows in by_table.items():
            columns = list(rows[0])
            store.db.conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [[row[c] for c in columns] for row in rows],
            )


def _fill(store: Store, visits: int) -> None:
    rng = random.Random(2026)
    now = datetime.now(UTC)
    _insert(store, [Grid(grid=GRID, code=GRID, name="巴彦嘎查", level=GridLevel.VILLAGE, author="bench")])
    batch: list = []
    for number in range(visits // VISITS_PER_HOUSEHOLD):
        head = rng.choice(words.HAN_SURNAMES) + rng.choice(words.HAN_GIVEN_CHARS)
        household = Household(
            grid=GRID, author="bench", address=f"巴彦嘎查{number % 9 + 1}组{number}号", head_name=head
        )
        batch += [
            household,
            Resident(grid=GRID, author="bench", household_id=household.id, name=head, gender="male"),
        ]
        for _ in range(VISITS_PER_HOUSEHOLD):
            batch.append(
                Visit(
                    grid=GRID,
                    author="worker101",
                    household_id=household.id,
                    visitor="worker101",
                    visited_at=now - timedelta(minutes=rng.randrange(1, 700 * 24 * 60)),
                    visit_type=rng.choice(list(VisitType)),
                    needs=rng.sample(list(Need), rng.randrange(0, 3)),
                    summary=rng.choice(words.SUMMARIES),
                )
            )
        if len(batch) > 20_000:
            _insert(store, batch)
            batch = []
    _insert(store, batch)


def _ours(store: Store, path: Path) -> float:
    started = time.perf_counter()
    export_ledger(store, SUPERVISOR, LedgerRequest("visits", path, (GRID,)), zone=ZONE)
    return time.perf_counter() - started


def _direct(rows: list[list], headers: list[str], path: Path) -> float:
    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("走访台账")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return time.perf_counter() - started


def _peak(work: Callable[[], object]) -> float:
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    with Store.open(folder / "bench.db", new_key()) as store:
        started = time.perf_counter()
        _fill(store, args.visits)
        print(f"filled {args.visits} visits in {time.perf_counter() - started:.1f} s", flush=True)
        total, rendered = ledger_rows(store, LedgerRequest("visits", folder / "x.xlsx", (GRID,)), ZONE)
        rows = list(rendered)
        ours, direct = [], []
        for round_number in range(args.rounds):
            ours.append(_ours(store, folder / f"ours{round_number}.xlsx"))
            headers = _headers(folder / f"ours{round_number}.xlsx")
            direct.append(_direct(rows, headers, folder / f"direct{round_number}.xlsx"))
            print(
                f"round {round_number + 1}: ours {ours[-1]:.2f} s, openpyxl directly {direct[-1]:.2f} s",
                flush=True,
            )
        del rows, rendered
        peak_quarter = _peak(lambda: _export_first(store, folder / "quarter.xlsx", args.visits // 4))
        peak_full = _peak(lambda: _ours(store, folder / "peak.xlsx"))
    best_ours, best_direct = min(ours), min(direct)
    emit(
        {
            "rows": float(total),
            "export_seconds": best_ours,
            "openpyxl_direct_seconds": best_direct,
            "peak_mib_quarter_rows": peak_quarter,
            "peak_mib_all_rows": peak_full,
        },
        {
            "export_vs_openpyxl_ratio": target(best_ours / best_direct, 1.3),
            "peak_memory_growth_4x_rows": target(peak_full / peak_quarter, 1.25),
        },
        rows=total,
    )


def _headers(path: Path) -> list[str]:
    sheet = load_workbook(path, read_only=True).active
    return [str(value) for value in next(sheet.iter_rows(values_only=True))]


def _export_first(store: Store, path: Path, count: int) -> None:
    """The same export cut to about the first ``count`` visits by date, for the memory comparison."""
    cutoff = store.db.execute(
        "SELECT visited_at FROM visits ORDER BY visited_at LIMIT 1 OFFSET ?", [count]
    ).fetchone()
    day = datetime.fromisoformat(cutoff[0]).astimezone(ZONE).date()
    export_ledger(store, SUPERVISOR, LedgerRequest("visits", path, (GRID,), date_to=day), zone=ZONE)


if __name__ == "__main__":
    main()
