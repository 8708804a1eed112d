"""A supervisor switches the dashboard to the quarter: the figures follow, counted independently."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.models import Role, Visit, VolunteerActivity
from app.services.lists import local_zone
from app.services.session import Session, session_for
from app.store import Store
from tests.ui.conftest import open_same
from ui.main_window import DASHBOARD, MainWindow
from ui.screens.dashboard_screen import DashboardScreen
from ui.sync_controller import SyncController

pytestmark = pytest.mark.dates


@pytest.fixture
def supervisor(demo: Store) -> Session:
    return session_for(demo, "supervisor1", "张伟", Role.SUPERVISOR, ("15250001",))


@pytest.fixture
def office(qtbot, demo: Store, demo_path: Path, supervisor: Session) -> Iterator[MainWindow]:
    window = MainWindow(
        demo, supervisor, demo_path, SyncController(demo, lambda: open_same(demo_path), automatic=False)
    )
    window.show()
    yield window
    window.close()
    window.deleteLater()


def _counted(demo: Store, session: Session, first: date, after: date) -> tuple[int, int]:
    """Visits and activities in the grids whose local day falls in [first, after), in Python."""
    zone = local_zone()

    def inside(moment) -> bool:
        return first <= moment.astimezone(zone).date() < after

    visits = sum(1 for v in demo.find(Visit) if v.grid in session.grids and inside(v.visited_at))
    activities = sum(
        1 for a in demo.find(VolunteerActivity) if a.grid in session.grids and inside(a.started_at)
    )
    return visits, activities


def test_supervisor_switches_the_dashboard_to_the_quarter(
    qtbot, office: MainWindow, demo: Store, supervisor: Session
) -> None:
    # Pinned to the first day of the newest visit's month, where "this month" is nearly empty.
    newest = max(v.visited_at for v in demo.find(Visit) if v.grid in supervisor.grids)
    today = newest.astimezone(local_zone()).date().replace(day=1)
    office.nav.setCurrentRow(DASHBOARD)
    screen = office.screen(DASHBOARD)
    assert isinstance(screen, DashboardScreen)
    screen.refresh(today)
    tile = screen.findChild(QLabel, "tile_visits")
    month_visits, _ = _counted(
        demo, supervisor, today, date(today.year + today.month // 12, today.month % 12 + 1, 1)
    )
    assert tile.text() == str(month_visits)
    assert "本月" in screen.month.text()

    combo = screen.period.combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "本季度"
    quarter_start = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    quarter_after = (
        date(quarter_start.year + 1, 1, 1)
        if quarter_start.month == 10
        else date(quarter_start.year, quarter_start.month + 3, 1)
    )
    visits, activities = _counted(demo, supervisor, quarter_start, quarter_after)
    assert tile.text() == str(visits) and visits >= month_visits
    assert sum(count for _kind, count, _people in screen.figures.activities_by_kind) == activities
    assert "本季度" in screen.month.text() and f"{quarter_start:%Y-%m-%d}" in screen.month.text()
