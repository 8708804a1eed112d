"""A worker imports a volunteer roster from Excel: every bad row shown, nothing saved until confirmed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton

from app.demo.roster_file import id_number_for, roster_line, write_roster
from app.models import Volunteer, VolunteerTeam
from app.store import Store
from tests.ui.typing import type_text
from ui import calendar_day
from ui.forms.team_form import TeamForm
from ui.main_window import VOLUNTEERING, MainWindow
from ui.screens.activities import ActivitiesScreen
from ui.screens.roster_import import RosterImportDialog

pytestmark = pytest.mark.dates

# Sheet rows: a title and a two-row header above the people, a blank row after every 40.
FIRST_ROW = 4
BLANK_EVERY = 40


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_day, "local_today", lambda: date(2026, 3, 5))


def _sheet_row(index: int) -> int:
    """The sheet row of the ``index``-th person (0-based), counting the blank rows before it."""
    return FIRST_ROW + index + index // BLANK_EVERY


def _roster_with_twelve_bad_rows(path: Path, village: str) -> tuple[Path, list[int]]:
    lines = [roster_line(50_000 + n, village) for n in range(500)]
    bad = {
        17: "bad check digit",
        60: "bad check digit",
        333: "bad check digit",
        41: "same as 40",
        250: "same as 3",
        499: "same as 498",
        90: "unknown village",
        91: "unknown village",
        402: "unknown village",
        120: "bad phone",
        121: "bad phone",
        450: "no name",
    }
    for index, what in bad.items():
        line = lines[index]
        if what == "bad check digit":
            number = id_number_for(50_000 + index)
            line[2] = number[:17] + ("1" if number[17] == "0" else "0")
        elif what.startswith("same as "):
            line[2] = lines[int(what.removeprefix("same as "))][2]
        elif what == "unknown village":
            line[4] = "不存在嘎查"
        elif what == "bad phone":
            line[3] = "12345"
        else:
            line[1] = ""
    write_roster(path, lines, blank_every=BLANK_EVERY)
    return path, sorted(_sheet_row(index) for index in bad)


def _open_dialog(qtbot, window: MainWindow) -> RosterImportDialog:
    window.nav.setCurrentRow(VOLUNTEERING)
    screen = window.screen(VOLUNTEERING)
    assert isinstance(screen, ActivitiesScreen)
    qtbot.mouseClick(screen.findChild(QPushButton, "import_roster"), Qt.MouseButton.LeftButton)
    dialog = screen.roster_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_worker_imports_a_500_row_roster_with_12_bad_rows_only_after_confirming(
    qtbot, window: MainWindow, demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    village = window.session.names[window.session.grids[0]]
    path, bad_rows = _roster_with_twelve_bad_rows(tmp_path / "花名册.xlsx", village)
    before = demo.count(Volunteer)
    dialog = _open_dialog(qtbot, window)
    type_text(qtbot, dialog.findChild(QLineEdit, "roster_path"), str(path))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.checked is not None, timeout=30_000)

    report = dialog.report
    assert report.rowCount() == 12
    assert sorted(int(report.item(r, 0).text()) for r in range(12)) == bad_rows
    reasons = {int(report.item(r, 0).text()): report.item(r, 3).text() for r in range(12)}
    assert "校验位" in reasons[_sheet_row(17)]
    assert f"与第{_sheet_row(40)}行是同一人" in reasons[_sheet_row(41)]
    assert "未知的嘎查村“不存在嘎查”" in reasons[_sheet_row(90)]
    assert {report.item(r, 1).text() for r in range(12)} == {"身份证号", "所在嘎查村", "联系电话", "姓名"}
    assert "488" in dialog.state.text() and "12" in dialog.state.text()
    assert demo.count(Volunteer) == before  # checked, nothing saved

    report_path = tmp_path / "花名册_检查结果.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: (str(report_path), "Excel (*.xlsx)"))
    qtbot.mouseClick(dialog.report_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and report_path.exists(), timeout=30_000)
    marked = [
        row[0]
        for row in load_workbook(report_path, read_only=True).worksheets[0].iter_rows(values_only=True)
        if len(row) > 6 and row[6] and row[6] != "问题"
    ]
    assert len(marked) == 12 and str(report_path) in dialog.state.text()
    assert demo.count(Volunteer) == before  # the report saves nothing either

    assert "488" in dialog.import_button.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.checked is None, timeout=30_000)
    assert demo.count(Volunteer) == before + 488
    assert "488" in dialog.state.text()
    imported = demo.find(Volunteer, "id_number = ?", [id_number_for(50_000)])
    assert [(v.name, v.grid) for v in imported] == [
        (roster_line(50_000, village)[1], window.session.grids[0])
    ]
    assert not dialog.import_button.isEnabled()


def test_a_cancelled_check_saves_nothing_and_closing_after_a_check_imports_nothing(
    qtbot, window: MainWindow, demo: Store, tmp_path: Path
) -> None:
    village = window.session.names[window.session.grids[0]]
    path = write_roster(tmp_path / "big.xlsx", (roster_line(60_000 + n, village) for n in range(4000)))
    before = demo.count(Volunteer)
    dialog = _open_dialog(qtbot, window)
    type_text(qtbot, dialog.findChild(QLineEdit, "roster_path"), str(path))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30_000)
    assert "取消" in dialog.state.text() and dialog.checked is None
    assert not dialog.import_button.isEnabled()

    small = write_roster(tmp_path / "small.xlsx", [roster_line(70_000, village)])
    dialog.path.clear()
    type_text(qtbot, dialog.path, str(small))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.checked is not None, timeout=30_000)
    dialog.close()
    assert dialog.checked is None and demo.count(Volunteer) == before


def test_a_missing_file_is_named_beside_the_button(qtbot, window: MainWindow, tmp_path: Path) -> None:
    dialog = _open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisible() and "请选择花名册文件" in dialog.error.text()
    type_text(qtbot, dialog.path, str(tmp_path / "nowhere.xlsx"))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "文件不存在" in dialog.error.text()


def test_worker_creates_a_team_and_imports_its_roster(
    qtbot, window: MainWindow, demo: Store, tmp_path: Path
) -> None:
    village = window.session.names[window.session.grids[0]]
    window.nav.setCurrentRow(VOLUNTEERING)
    screen = window.screen(VOLUNTEERING)
    qtbot.mouseClick(screen.findChild(QPushButton, "new_team"), Qt.MouseButton.LeftButton)
    [form] = [f for f in window.forms if isinstance(f, TeamForm)]
    type_text(qtbot, form.rows["name"].editor.edit, "巴彦嘎查党员先锋队")
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [team] = demo.find(VolunteerTeam, "name = ?", ["巴彦嘎查党员先锋队"])
    assert team.grid in window.session.grids

    lines = [roster_line(80_000 + n, village, "巴彦嘎查党员先锋队") for n in range(2)]
    dialog = _open_dialog(qtbot, window)
    type_text(qtbot, dialog.path, str(write_roster(tmp_path / "先锋队.xlsx", lines)))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.checked is not None, timeout=30_000)
    assert dialog.report.rowCount() == 0
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is None and dialog.checked is None, timeout=30_000)
    assert {v.name for v in demo.find(Volunteer, "team_id = ?", [str(team.id)])} == {
        line[1] for line in lines
    }
