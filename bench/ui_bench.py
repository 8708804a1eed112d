"""UI benchmark over the 100,000-household demo database (seeded by store_bench.py, kept in bench/out).

1. Start-up: wall time from launching ``tongxin --quit-when-shown`` to the main window shown,
   against a bare QApplication + empty QMainWindow shown in the same run (separate processes,
   alternated, medians). Target ratio ≤ 2.5.
2. Filter: time from the last keystroke in the visit list's filter to the filtered rows drawn,
   against the store's search alone for the same text (top 20, ranked). Target ratio ≤ 1.5 (p50
   and p95 are printed; the ratio is of medians). The list's own query (one page of visits with
   their households) is printed too, to show how much of the time is the database and how much
   is Qt laying out and drawing the table. The list waits 250 ms after a keystroke before
   filtering so a word typed quickly filters once; that deliberate pause is left out here and
   stated instead.

Runs offscreen; settings go to a temporary directory so a developer's own are untouched.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from report import emit, percentile, target
from store_bench import sample_queries, seeded_store

from app.services.lists import page
from app.services.session import default_session
from app.store.listing import ListFilter
from ui.list_model import PAGE_ROWS
from ui.screens.visits import VisitsScreen

ROOT = Path(__file__).resolve().parent.parent
BARE = (
    "import time; t=time.perf_counter()\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([]); w = QMainWindow(); w.resize(1180, 760); w.show()\n"
    "QTimer.singleShot(0, lambda: (print(f'shown {time.perf_counter()-t:.3f}', flush=True), app.quit()))\n"
    "app.exec()\n"
)


def _launch(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("shown"):
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError(f"{command[:3]} never showed its window")
    child.wait(timeout=60)
    return elapsed


def bench_start(database: Path, rounds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as config:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": config}
        app = [sys.executable, "-m", "ui.main", "--db", str(database), "--quit-when-shown"]
        bare = [sys.executable, "-c", BARE]
        _launch(app, env)  # warm the page cache (and migrate the file once, if it is older)
        _launch(bare, env)
        ours, baseline = [], []
        for _ in range(rounds):
            ours.append(_launch(app, env))
            baseline.append(_launch(bare, env))
    return {"start_app_median_s": statistics.median(ours), "start_bare_median_s": statistics.median(baseline)}


def _type_last_character(screen: VisitsScreen, query: str) -> None:
    screen.search.setText(query[:-1])
    if query[-1].isascii():
        QTest.keyClick(screen.search, query[-1])
    else:
        event = QInputMethodEvent()
        event.setCommitString(query[-1])
        QApplication.sendEvent(screen.search, event)


def bench_filter(queries: list[str]) -> dict[str, float]:
    store, _path = seeded_store(100_000)
    screen = VisitsScreen(store, default_session(store))
    screen.resize(1180, 700)
    screen.show()
    screen._timer.setInterval(0)
    listed, searched, queried = [], [], []
    for query in queries:
        store.search(query)
        _type_last_character(screen, query)
        screen.search.clear()
        screen.apply_filter()
        started = time.perf_counter()
        _type_last_character(screen, query)
        while screen._timer.isActive():
            QApplication.processEvents()
        screen.table.viewport().repaint()
        listed.append(time.perf_counter() - started)
        started = time.perf_counter()
        store.search(query, limit=20)
        searched.append(time.perf_counter() - started)
        started = time.perf_counter()
        page(store, "visits", ListFilter(text=query), sort="visited_at", limit=PAGE_ROWS + 1)
        queried.append(time.perf_counter() - started)
    store.close()
    return {
        "filter_list_p50_ms": statistics.median(listed) * 1e3,
        "filter_list_p95_ms": percentile(listed, 0.95) * 1e3,
        "filter_query_p50_ms": statistics.median(queried) * 1e3,
        "filter_query_p95_ms": percentile(queried, 0.95) * 1e3,
        "filter_search_p50_ms": statistics.median(searched) * 1e3,
        "filter_search_p95_ms": percentile(searched, 0.95) * 1e3,
    }


def main() -> None:
    app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("TongxinBench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    store, database = seeded_store(100_000)
    queries = sample_queries(store, random.Random(7), 30)
    store.close()
    figures = bench_start(database, rounds=5)
    figures |= bench_filter([q for batch in queries.values() for q in batch])
    app.processEvents()
    emit(
        figures,
        {
            "start_ratio": target(figures["start_app_median_s"] / figures["start_bare_median_s"], 2.5),
            "filter_ratio": target(figures["filter_list_p50_ms"] / figures["filter_search_p50_ms"], 1.5),
        },
        households=100_000,
        filter_debounce_ms=250,
    )


if __name__ == "__main__":
    main()
