"""Item 3 of the first hour: an empty date field opens its calendar on today, in the language of
the window, and stays empty until the worker picks a day."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from ui import calendar_day
from ui.forms.visit_form import VisitForm
from ui.main_window import VISITS, MainWindow

PINNED = date(2026, 3, 5)
pytestmark = pytest.mark.dates


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_day, "local_today", lambda: PINNED)


def test_an_empty_follow_up_date_opens_on_today_in_chinese_and_stays_empty(qtbot, window: MainWindow) -> None:
    form = window.new_record(VISITS)
    assert isinstance(form, VisitForm)
    field = form.rows["follow_up_due"].editor
    assert field.value() is None and field.edit.text().strip() == ""
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_F4)  # the calendar, from the keyboard
    calendar = field.edit.calendarWidget()
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
