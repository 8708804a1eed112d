"""Lists read lazily: over 100,000 households a list holds one page until scrolled; the filter
bar narrows through the store's search, date range and choices."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.demo.database import open_demo
from app.models import Household, Visit, VisitType
from app.services.registry import register_household
from app.services.visits import record_visit
from app.store import Store
from app.store.tables import to_row
from tests.ui.conftest import banner_worker, open_same
from tests.ui.typing import type_text
from ui.list_model import PAGE_ROWS
from ui.screens.households import HouseholdsScreen
from ui.screens.visits import VisitsScreen

BULK = 100_000
pytestmark = [pytest.mark.slow, pytest.mark.dates]
# The big list's records are made as of this moment and its date filter is asked from it.
NOW = datetime(2026, 2, 28, 17, 30, tzinfo=UTC)


def _bulk_rows(template: Household | Visit, count: int, start: datetime, **vary: object) -> Iterator[list]:
    """Rows for ``count`` records like ``template``: written straight into the table, the way a
    big demo file would look to a list (the list reads rows; it never needs the search index)."""
    row = to_row(template)
    columns = list(row)
    for number in range(count):
        moment = (start - timedelta(minutes=number)).strftime("%Y-%m-%dT%H:%M:%SZ")
        values = {**row, "id": str(uuid.uuid4()), "created_at": moment, "updated_at": moment, "clocks": "{}"}
        values.update({key: make(number) for key, make in vary.items()})  # type: ignore[operator]
        yield [values[c] for c in columns]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    path = tmp_path_factory.mktemp("big") / "big.db"
    store = open_demo(path, households=3)
    grid = store.find(Household, limit=1)[0].grid
    now = NOW
    household = Household(grid=grid, author="demo", address="巴彦嘎查1组1号", head_name="张伟")
    ids: list[str] = []

    def household_id(number: int) -> str:
        ids.append(str(uuid.uuid4()))
        return ids[-1]

    columns = list(to_row(household))
    with store.transaction():
        store.db.conn.executemany(
            f"INSERT INTO households ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            _bulk_rows(household, BULK, now, id=household_id, address=lambda n: f"巴彦嘎查{n % 9}组{n}号"),
        )
        visit = Visit(
            grid=grid,
            author="demo",
            household_id=uuid.uuid4(),
            visitor="demo",
            visited_at=now,
            visit_type=VisitType.ROUTINE,
            summary="日常走访",
        )
        visit_columns = list(to_row(visit))
        store.db.conn.executemany(
            f"INSERT INTO visits ({', '.join(visit_columns)}) VALUES ({', '.join('?' * len(visit_columns))})",
            _bulk_rows(
                visit,
                BULK,
                now,
                household_id=lambda n: ids[n],
                visited_at=lambda n: (now - timedelta(hours=n)).strftime("%Y-%m-%dT%H:%M:%SZ"),
            ),
        )
    for number in range(3):
        found = register_household(
            store, Household(grid=grid, author="w", address=f"乌兰嘎查{number}组", head_name="乌兰图雅")
        )
        record_visit(
            store,
            Visit(
                grid=grid,
                author="w",
                household_id=found.id,
                visitor="w",
                visited_at=now - timedelta(days=number * 40),
                visit_type=VisitType.HOME_SERVICE,
                summary="上门办理医保",
            ),
        )
    yield store, path
    store.close()


def test_visit_list_over_100000_households_fetches_only_what_is_shown(qtbot, big) -> None:
    store, _path = big
    assert store.count(Household) > BULK
    screen = VisitsScreen(store, banner_worker(store))
    qtbot.addWidget(screen)
    screen.resize(1000, 600)
    screen.show()
    assert store.count(Visit) > BULK
    assert screen.model.rowCount() == PAGE_ROWS
    assert screen.model.canFetchMore()
    screen.table.scrollToBottom()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2 * PAGE_ROWS)
    assert screen.model.rowCount() < 3 * PAGE_ROWS
    times = [screen.model.rows[i]["visited_at"] for i in range(screen.model.rowCount())]
    assert times == sorted(times, reverse=True)


def test_typing_in_the_filter_narrows_the_list(qtbot, big) -> None:
    store, _path = big
    screen = VisitsScreen(store, banner_worker(store))
    qtbot.addWidget(screen)
    screen.show()
    type_text(qtbot, screen.search, "乌兰图雅")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=3000)
    assert {row["head_name"] for row in screen.model.rows} == {"乌兰图雅"}
    assert not screen.model.canFetchMore()
    screen.date_from.set_raw(NOW.date() - timedelta(days=50))
    screen.date_from.changed.emit()
    assert screen.model.rowCount() == 2
    screen.search.clear()
    type_text(qtbot, screen.search, "wlty")
    qtbot.waitUntil(lambda: {r["head_name"] for r in screen.model.rows} == {"乌兰图雅"}, timeout=3000)
    screen.table.selectRow(0)
    assert "乌兰图雅" in screen.detail.toPlainText()


def test_household_list_sorts_by_a_clicked_column_and_remembers_widths(qtbot, big) -> None:
    store, path = big
    screen = HouseholdsScreen(store, banner_worker(store))
    qtbot.addWidget(screen)
    screen.show()
    column = screen.model.column_of("address")
    screen.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    addresses = [row["address"] for row in screen.model.rows]
    assert addresses == sorted(addresses) and len(addresses) == PAGE_ROWS
    screen.table.setColumnWidth(column, 333)
    again = HouseholdsScreen(open_same(path), banner_worker(store))
    assert again.table.columnWidth(column) == 333
    again.deleteLater()  # with its pending filter timer, before its store closes
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    again.store.close()


def _drawn(screen: VisitsScreen) -> QImage:
    """The list as it stands on screen now (what was drawn, not drawn afresh for the picture)."""
    QApplication.processEvents()
    table = screen.table.viewport()
    corner = table.mapTo(screen.window(), table.rect().topLeft())
    window = screen.screen().grabWindow(screen.window().winId())
    return window.copy(corner.x(), corner.y(), table.width(), table.height()).toImage()


def test_a_new_filter_draws_its_rows_from_the_top_and_forgets_the_chosen_row(qtbot, big) -> None:
    """A filter that leaves as many rows as before changes the rows in place rather than resetting
    the list (which redrew the header and scroll bars on every keystroke): the rows on screen are
    still the new ones, from the first, and the row chosen before — another record now — is let go."""
    store, _path = big
    screen = VisitsScreen(store, banner_worker(store))
    qtbot.addWidget(screen)
    screen.resize(1000, 600)
    screen.show()
    qtbot.waitExposed(screen)
    screen.table.selectRow(3)
    assert screen.detail.toPlainText()
    before = _drawn(screen)
    screen.date_to.set_raw(NOW.date() - timedelta(days=10))
    screen.date_to.changed.emit()
    assert screen.model.rowCount() == PAGE_ROWS
    first = screen.model.rows[0]["visited_at"]
    assert first < (NOW - timedelta(days=9)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert screen.table.selectionModel().selectedRows() == []
    assert screen.detail.toPlainText() == ""
    after = _drawn(screen)
    assert after != before
    assert after == screen.table.viewport().grab().toImage()  # what is drawn is what a fresh draw shows


def test_a_new_filter_starts_from_the_first_row(qtbot, big) -> None:
    store, _path = big
    screen = VisitsScreen(store, banner_worker(store))
    qtbot.addWidget(screen)
    screen.resize(1000, 600)
    screen.show()
    screen.table.scrollTo(screen.model.index(60, 0))
    assert screen.table.rowAt(0) > 0
    screen.date_to.set_raw(NOW.date() - timedelta(days=10))
    screen.date_to.changed.emit()
    assert screen.table.rowAt(0) == 0
