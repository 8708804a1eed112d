"""Keyboard only: a worker goes to 走访 with Ctrl+3, makes a visit with Ctrl+N, picks the household
and types what happened without the mouse, saves with Ctrl+S, goes back to 工作台 with Ctrl+1 and
opens the visit from its card with Tab and Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models import Household, Visit
from app.store import Store
from tests.ui.typing import type_text
from ui.forms.visit_form import VisitForm
from ui.main_window import VISITS, WORKBENCH, MainWindow
from ui.screens.visits import VisitsScreen
from ui.screens.workbench import WorkbenchScreen

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, key: Qt.Key | str, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_a_visit_recorded_and_reopened_without_the_mouse(qtbot, window: MainWindow, demo: Store) -> None:
    household = demo.find(Household, "head_name GLOB '[一-龥]*'", limit=1)[0]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.nav.setFocus()
    press(qtbot, "3", CTRL)
    assert window.nav.currentRow() == VISITS
    visits = window.screen(VISITS)
    assert isinstance(visits, VisitsScreen) and visits.isAncestorOf(QApplication.focusWidget())

    press(qtbot, "n", CTRL)
    form = window.forms[-1]
    assert isinstance(form, VisitForm)
    qtbot.waitUntil(form.isActiveWindow)
    hits = form.household.hits
    type_text(qtbot, form.household.edit, household.head_name)
    qtbot.waitUntil(hits.isVisible)  # the search runs as the name is typed
    ids = [hits.item(row).data(Qt.ItemDataRole.UserRole)[0] for row in range(hits.count())]
    press(qtbot, Qt.Key.Key_Down)  # into the hits
    for _ in range(ids.index(str(household.id))):
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)  # picks the household and moves on
    assert form.household.value() == household.id
    summary = form.rows["summary"].editor.edit
    while QApplication.focusWidget() is not summary:
        press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, summary, "键盘录入：了解冬季取暖情况")
    press(qtbot, "s", CTRL)
    qtbot.waitUntil(lambda: not form.isVisible())
    saved = demo.find(Visit, "summary = ?", ["键盘录入：了解冬季取暖情况"])
    assert len(saved) == 1

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    press(qtbot, "1", CTRL)
    workbench = window.screen(WORKBENCH)
    assert isinstance(workbench, WorkbenchScreen)
    recent = workbench.cards["recent"].table
    for _ in range(30):
        if QApplication.focusWidget() is recent:
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is recent
    assert "键盘录入" in recent.lines()[0]
    press(qtbot, Qt.Key.Key_Down)  # the first row: the visit just made
    press(qtbot, Qt.Key.Key_Return)
    assert window.nav.currentRow() == VISITS
    assert visits.shown_id == str(saved[0].id)
    assert "键盘录入" in visits.detail.toPlainText()
