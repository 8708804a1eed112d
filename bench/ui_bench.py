"""UI benchmark: each figure against its real limit, measured in the same run.

1. ``start_ratio``: wall time from launching ``tongxin --quit-when-shown`` to the first window a
   worker can use — the login dialog — against a bare QApplication showing a bare QDialog (separate
   processes, alternated, medians). Target ≤ 2.5. The store, the models and the screens load on a
   thread while the password is typed, so they are not in front of the dialog.
2. ``filter_ratio``: from the last keystroke in the visit list's filter on the 100,000-household
   database to the filtered rows drawn, against the store's search for the same text plus a bare
   QTableView drawing the same rows from a Python list (medians; p50 and p95 printed). Target ≤ 1.5.
   The list waits 250 ms after a keystroke so a word typed quickly filters once; that deliberate
   pause is left out and stated instead.
3. ``workbench_ratio``: 工作台 opened on that database — built, shown and drawn — against the
   store's queries behind it alone (``day_for``), medians. Target ≤ 1.5.

Runs offscreen; settings go to a temporary directory so a developer's own are untouched. Qt is
set up as the app sets it up (``ui.qt_environment``), once for the process: both sides of every
figure run on the same Qt.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView
from report import emit, percentile, target
from store_bench import sample_queries, seeded_store

from app.demo.database import open_demo
from app.services.lists import page
from app.services.session import default_session
from app.services.workbench import day_for
from app.store import Store
from app.store.listing import ListFilter
from ui import calendar_day, qt_environment
from ui.fonts import install_fonts
from ui.screens.visits import VisitsScreen
from ui.screens.workbench import WorkbenchScreen

ROOT = Path(__file__).resolve().parent.parent
BARE = (
    "import time; t=time.perf_counter()\n"
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QDialog\n"
    "app = QApplication([]); w = QDialog(); w.show()\n"
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


def bench_start(rounds: int) -> dict[str, float]:
    """To the login dialog of a laptop with accounts (the database's size does not matter: the
    dialog opens nothing but the account list)."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "laptop.db"
        open_demo(database, households=40).close()
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": folder}
        app = [sys.executable, "-m", "ui.main", "--db", str(database), "--quit-when-shown"]
        bare = [sys.executable, "-c", BARE]
        _launch(app, env)  # warm the page cache
        _launch(bare, env)
        ours, baseline = [], []
        for _ in range(rounds):
            ours.append(_launch(app, env))
            baseline.append(_launch(bare, env))
    return {
        "start_login_median_s": statistics.median(ours),
        "start_bare_median_s": statistics.median(baseline),
    }


class ListModel(QAbstractTableModel):
    """The baseline's table: rows from a Python list, nothing else."""

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return len(self.rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return len(self.rows[0]) if self.rows else 0

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return self.rows[index.row()][index.column()] if role == Qt.ItemDataRole.DisplayRole else None


def _type_last_character(screen: VisitsScreen, query: str) -> None:
    if query[-1].isascii():
        QTest.keyClick(screen.search, query[-1])
    else:
        event = QInputMethodEvent()
        event.setCommitString(query[-1])
        QApplication.sendEvent(screen.search, event)


def _typed_so_far(screen: VisitsScreen, query: str) -> None:
    """The list filtered by all but the last character, and drawn."""
    screen.search.setText(query[:-1])
    screen.apply_filter()
    QTest.qWait(50)


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def bench_filter(store: Store, queries: list[str]) -> dict[str, float]:
    session = default_session(store)
    screen = VisitsScreen(store, session)
    screen.resize(1180, 700)
    screen.show()
    screen._timer.setInterval(0)
    bare = QTableView()
    bare.resize(screen.table.size())
    bare.show()
    listed, baseline, queried, searched = [], [], [], []
    for query in queries:
        screen.search.setText(query)
        screen.apply_filter()  # the rows the baseline draws
        model = screen.model
        shown = [tuple(column.show(row[column.key]) for column in model.columns) for row in model.rows]
        # Each side is timed just after the list was filtered by the text typed so far, so the
        # database's cache is in the same state for both.
        _typed_so_far(screen, query)
        searching = _timed(lambda query=query: store.search(query, limit=20))
        table = ListModel(shown)
        drawing = _timed(lambda table=table: (bare.setModel(table), bare.viewport().repaint()))
        baseline.append(searching + drawing)
        searched.append(searching)
        _typed_so_far(screen, query)
        started = time.perf_counter()
        _type_last_character(screen, query)
        while screen._timer.isActive():
            QApplication.processEvents()
        QApplication.processEvents()  # the one repaint the filtered rows ask for
        listed.append(time.perf_counter() - started)
        _typed_so_far(screen, query)
        queried.append(
            _timed(
                lambda query=query: page(
                    store, session, "visits", ListFilter(text=query), sort="visited_at", limit=101
                )
            )
        )
    screen.close()
    bare.close()
    return {
        "filter_list_p50_ms": statistics.median(listed) * 1e3,
        "filter_list_p95_ms": percentile(listed, 0.95) * 1e3,
        "filter_search_and_bare_table_p50_ms": statistics.median(baseline) * 1e3,
        "filter_search_and_bare_table_p95_ms": percentile(baseline, 0.95) * 1e3,
        # Informative: how much of each side is the database — the list's own query (a page of
        # visits with their households) and the search alone.
        "filter_list_query_p50_ms": statistics.median(queried) * 1e3,
        "filter_search_p50_ms": statistics.median(searched) * 1e3,
    }


def bench_workbench(store: Store, rounds: int) -> dict[str, float]:
    session = default_session(store)
    today = calendar_day.local_today()
    opened, queried = [], []
    day_for(store, session, today)  # the page cache, for both alike
    for _ in range(rounds):

        def open_workbench() -> None:
            screen = WorkbenchScreen(store, session)
            screen.resize(1140, 760)
            screen.show()
            screen.repaint()
            screen.close()
            screen.deleteLater()

        opened.append(_timed(open_workbench))
        QApplication.processEvents()
        queried.append(_timed(lambda: day_for(store, session, today)))
    return {
        "workbench_open_median_ms": statistics.median(opened) * 1e3,
        "workbench_queries_median_ms": statistics.median(queried) * 1e3,
    }


def main() -> None:
    qt_environment.prepare()  # Qt set up as the app sets it up, for both sides of every figure
    app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("TongxinBench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    install_fonts()
    figures = bench_start(rounds=7)
    store, _database = seeded_store(100_000)
    queries = sample_queries(store, random.Random(7), 30)
    figures |= bench_filter(store, [q for batch in queries.values() for q in batch])
    figures |= bench_workbench(store, rounds=11)
    store.close()
    app.processEvents()
    emit(
        figures,
        {
            "start_ratio": target(figures["start_login_median_s"] / figures["start_bare_median_s"], 2.5),
            "filter_ratio": target(
                figures["filter_list_p50_ms"] / figures["filter_search_and_bare_table_p50_ms"], 1.5
            ),
            "workbench_ratio": target(
                figures["workbench_open_median_ms"] / figures["workbench_queries_median_ms"], 1.5
            ),
        },
        households=100_000,
        filter_debounce_ms=250,
    )


if __name__ == "__main__":
    main()
