"""Item 9 of the first hour: ``--check-db`` works over SSH with no display; 台账导出 suggests a file
in the person's documents; an English window joins a list with an English comma; a time or a
team's whole name is never cut in a list, at 100% or 150% text."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle

from app.demo.database import DEMO_PASSWORD
from app.models import User
from app.services.session import Session, session_for
from app.store import Store
from tests.ui.conftest import open_same
from ui import calendar_day, i18n, preferences
from ui.forms.household_form import HouseholdForm
from ui.main_window import EXPORTS, VISITS, VOLUNTEERING, MainWindow
from ui.screens.exports_screen import ExportsScreen
from ui.screens.list_screen import ListScreen
from ui.sync_controller import SyncController

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.real_kdf  # the child process opens the demo's accounts file
def test_check_db_over_ssh_needs_no_display(demo: Store, demo_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["TONGXIN_PASSWORD"] = DEMO_PASSWORD
    done = subprocess.run(
        [sys.executable, "-m", "ui.main", "--check-db", "--db", str(demo_path), "--user", "worker101"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "integrity ok" in done.stdout


def _window(qtbot, demo: Store, demo_path: Path, session: Session) -> MainWindow:
    window = MainWindow(
        demo, session, demo_path, SyncController(demo, lambda: open_same(demo_path), automatic=False)
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    return window


@pytest.mark.dates
def test_the_export_screen_suggests_a_file_in_the_documents_folder(
    qtbot, demo: Store, demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    (tmp_path / "Documents").mkdir()
    monkeypatch.setattr(calendar_day, "local_today", lambda: date(2026, 3, 5))
    user = demo.find(User, "role = 'supervisor'", order_by="username", limit=1)[0]
    supervisor = session_for(demo, user.username, user.display_name, user.role, tuple(user.grids))
    window = _window(qtbot, demo, demo_path, supervisor)
    window.nav.setCurrentRow(EXPORTS)
    screen = window.screen(EXPORTS)
    assert isinstance(screen, ExportsScreen)
    suggested = tmp_path / "Documents" / "走访台账_2026年3月.xlsx"
    assert screen.path.text() == str(suggested)
    screen.kind.setCurrentIndex(screen.kind.findData("disputes"))
    assert screen.path.text() == str(tmp_path / "Documents" / "矛盾纠纷台账_2026年3月.xlsx")
    screen.kind.setCurrentIndex(screen.kind.findData("visits"))

    qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.task is None, timeout=20_000)
    assert not screen.error.isVisible(), screen.error.text()
    header = next(openpyxl.load_workbook(suggested, read_only=True).active.iter_rows(values_only=True))
    assert header[0] == "走访时间"


def test_an_english_window_joins_what_is_missing_with_an_english_comma(
    qtbot, qapp, demo: Store, session: Session
) -> None:
    i18n.install_translator(qapp, "en")
    form = HouseholdForm(demo, session)
    qtbot.addWidget(form)
    form.show()
    assert form.problem.text() == "Still to fill in: Head of household, Address"
    form.dirty = False


def _cut_cells(screen: ListScreen, keys: tuple[str, ...]) -> list[str]:
    """Cells of the ``keys`` columns whose text is wider than the column leaves room for."""
    table = screen.table
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
    found = []
    for key in keys:
        column = screen.model.column_of(key)
        for row in range(screen.model.rowCount()):
            text = screen.model.index(row, column).data()
            if table.fontMetrics().horizontalAdvance(text) + margin > table.columnWidth(column):
                found.append(f"{key}: {text!r} in {table.columnWidth(column)} px")
    return found


@pytest.mark.parametrize("scale", [100, 150])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_times_and_team_names_are_shown_whole(
    qtbot, qapp, demo: Store, demo_path: Path, session: Session, scale: int, language: str
) -> None:
    i18n.install_translator(qapp, language)
    preferences.apply_text_scale(scale)
    window = _window(qtbot, demo, demo_path, session)
    for number, keys in ((VOLUNTEERING, ("started_at", "team")), (VISITS, ("visited_at", "follow_up_due"))):
        window.nav.setCurrentRow(number)
        screen = window.screen(number)
        assert isinstance(screen, ListScreen) and screen.model.rowCount() > 0
        assert _cut_cells(screen, keys) == []
    assert any("红石榴志愿服务队" in row["team"] for row in window.screen(VOLUNTEERING).model.rows)
