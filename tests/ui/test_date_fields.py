"""Date fields: an empty one opens its calendar on today, in the language of the window, and stays
empty until the worker picks a day; a day typed in any usual way is kept, a day that does not exist
is kept as typed with the reason beside it, and Tab goes through them like any field."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.models import Household, Role, Visit
from app.services.session import session_for
from app.store import Store
from tests.ui.typing import type_text
from ui import calendar_day
from ui.forms.fields import DateField
from ui.forms.household_form import HouseholdForm
from ui.forms.visit_form import VisitForm
from ui.main_window import EXPORTS, HOUSEHOLDS, VISITS, MainWindow
from ui.screens.exports_screen import ExportsScreen
from ui.screens.visits import VisitsScreen
from ui.sync_controller import SyncController

PINNED = date(2026, 3, 5)
pytestmark = pytest.mark.dates


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_day, "local_today", lambda: PINNED)


def test_an_empty_follow_up_date_opens_on_today_in_chinese_and_stays_empty(qtbot, window: MainWindow) -> None:
    form = window.new_record(VISITS)
    assert isinstance(form, VisitForm)
    field = form.rows["follow_up_due"].editor
    assert field.value() is None and field.edit.text() == ""
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_F4)  # the calendar, from the keyboard
    calendar = field.calendar()
    qtbot.waitUntil(calendar.isVisible)

    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 3)
    assert calendar.selectedDate().toPython() == PINNED
    assert calendar.locale().language() is QLocale.Language.Chinese
    assert calendar.locale().monthName(3) == "三月"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert field.value() is None  # looking at the calendar picked nothing

    qtbot.keyClick(field.edit, Qt.Key.Key_F4)
    qtbot.waitUntil(calendar.isVisible)
    days = QApplication.focusWidget()  # the calendar's grid of days has the keyboard
    assert calendar.isAncestorOf(days)
    qtbot.keyClick(days, Qt.Key.Key_Right)
    qtbot.keyClick(days, Qt.Key.Key_Return)
    assert field.value() == date(2026, 3, 6)
    form.dirty = False
    form.close()


def _visit_form(qtbot, window: MainWindow, demo: Store) -> VisitForm:
    """Ctrl+N on 走访, the household picked and what happened typed: all a save still needs."""
    window.nav.setCurrentRow(VISITS)
    window.activateWindow()
    window.screen(VISITS).search.setFocus()
    qtbot.keyClick(QApplication.focusWidget(), "n", Qt.KeyboardModifier.ControlModifier)
    form = window.forms[-1]
    assert isinstance(form, VisitForm)
    qtbot.waitUntil(form.isActiveWindow)
    household = demo.find(Household, limit=1)[0]
    form.household.set_value(household.id, household.head_name)
    form.household.changed.emit()
    type_text(qtbot, form.rows["summary"].editor.edit, "了解冬季取暖情况")
    return form


def _type_into(qtbot, field: DateField, text: str) -> None:
    """Clicked into, typed, and left for the next field, as a person does."""
    qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton)
    type_text(qtbot, field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)


AHEAD = datetime.now().date() + timedelta(days=40)  # after the visit, whatever day the run is


@pytest.mark.parametrize(
    "written",
    [
        AHEAD.isoformat(),
        AHEAD.strftime("%Y/%m/%d"),
        AHEAD.strftime("%Y%m%d"),
        f"{AHEAD.year}年{AHEAD.month}月{AHEAD.day}日",
        AHEAD.isoformat().translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}),  # full-width
    ],
)
def test_a_follow_up_day_typed_into_the_empty_field_is_saved(
    qtbot, window: MainWindow, demo: Store, written: str
) -> None:
    form = _visit_form(qtbot, window, demo)
    field = form.rows["follow_up_due"].editor
    assert field.edit.text() == ""

    _type_into(qtbot, field, written)

    assert field.edit.text() == AHEAD.isoformat()  # shown the one way once the worker moves on
    assert QApplication.focusWidget() is not field.edit  # and Tab did move on
    assert form.findChild(QLabel, "error_follow_up_due").text() == ""
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.keyClick(QApplication.focusWidget(), "s", Qt.KeyboardModifier.ControlModifier)
    [saved] = demo.find(Visit, "summary = ?", ["了解冬季取暖情况"])
    assert saved.follow_up_due == AHEAD


def test_a_day_that_does_not_exist_is_kept_with_the_reason_and_not_saved(
    qtbot, window: MainWindow, demo: Store
) -> None:
    form = _visit_form(qtbot, window, demo)
    field = form.rows["follow_up_due"].editor
    _type_into(qtbot, field, "2026-02-30")

    assert field.edit.text() == "2026-02-30"  # what was typed stays, to be put right
    assert form.findChild(QLabel, "error_follow_up_due").text() == "没有这一天：2026年2月30日。"
    assert not form.save_button.isEnabled()
    qtbot.keyClick(QApplication.focusWidget(), "s", Qt.KeyboardModifier.ControlModifier)
    assert demo.find(Visit, "summary = ?", ["了解冬季取暖情况"]) == []
    assert form.isVisible()

    field.edit.setFocus()
    qtbot.keyClick(field.edit, "a", Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)
    assert field.edit.text() == "" and field.value() is None
    assert form.findChild(QLabel, "error_follow_up_due").text() == ""
    qtbot.keyClick(field.edit, "s", Qt.KeyboardModifier.ControlModifier)
    [saved] = demo.find(Visit, "summary = ?", ["了解冬季取暖情况"])
    assert saved.follow_up_due is None


def test_the_list_date_filters_take_typed_days_and_say_what_is_wrong(qtbot, window: MainWindow) -> None:
    window.nav.setCurrentRow(VISITS)
    screen = window.screen(VISITS)
    assert isinstance(screen, VisitsScreen)
    everything = screen.model.rowCount()

    _type_into(qtbot, screen.date_from, "2099/1/1")
    assert screen.date_from.edit.text() == "2099-01-01"
    assert screen.model.rowCount() == 0  # nothing visited after that day
    assert QApplication.focusWidget() is screen.date_to.edit  # Tab went on to 至

    _type_into(qtbot, screen.date_to, "2026-13-01")
    message = screen.date_to.findChild(QLabel, "date_problem")
    assert message.isVisible() and message.text() == "没有这一天：2026年13月1日。"
    assert screen.date_to.edit.text() == "2026-13-01"

    screen.date_from.edit.setFocus()
    qtbot.keyClick(screen.date_from.edit, "a", Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(screen.date_from.edit, Qt.Key.Key_Backspace)
    assert screen.model.rowCount() == everything


def test_tab_goes_through_every_empty_date_field_of_a_form(qtbot, window: MainWindow, demo: Store) -> None:
    form = window.new_record(HOUSEHOLDS)
    assert isinstance(form, HouseholdForm)
    qtbot.waitUntil(form.isActiveWindow)
    resident = form.add_resident()
    blank_days = [row.editor.edit for row in resident.rows.values() if isinstance(row.editor, DateField)]
    assert len(blank_days) >= 4
    start = form.rows[next(iter(form.rows))].editor
    start.setFocus()
    seen = []
    for _ in range(80):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert all(day in seen for day in blank_days), [type(w).__name__ for w in seen]
    form.dirty = False


def test_a_ledger_of_days_typed_wrong_is_not_exported_as_a_ledger_of_every_day(
    qtbot, demo: Store, demo_path: Path, tmp_path: Path
) -> None:
    supervisor = session_for(demo, "supervisor1", "张伟", Role.SUPERVISOR, ("15250001",))
    window = MainWindow(demo, supervisor, demo_path, SyncController(demo, lambda: demo, automatic=False))
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(EXPORTS)
    screen = window.screen(EXPORTS)
    assert isinstance(screen, ExportsScreen)
    screen.period.setCurrentIndex(screen.period.findData(None))  # the days typed
    screen.path.setText(str(tmp_path / "走访"))
    _type_into(qtbot, screen.date_from, "2026-01-01")
    _type_into(qtbot, screen.date_to, "2026-02-30")

    assert screen.start() is None
    assert screen.error.isVisible() and screen.error.text() == "没有这一天：2026年2月30日。"
    assert not (tmp_path / "走访.xlsx").exists()
