"""Keyboard only: a worker goes to 走访 with Ctrl+3, makes a visit with Ctrl+N, picks the household
and types what happened without the mouse, saves with Ctrl+S, goes back to 工作台 with Ctrl+1 and
opens the visit from its card with Tab and Enter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.models import Household, ReviewState, Role, User, Visit
from app.services import reviews
from app.services.session import Session, session_for
from app.services.visits import record_visit
from app.store import Store
from tests.conftest import make_visit
from tests.ui.conftest import open_same
from tests.ui.typing import type_text
from ui.forms.visit_form import VisitForm
from ui.main_window import REVIEW, VISITS, WORKBENCH, MainWindow
from ui.screens.review_screen import ReviewScreen
from ui.screens.visits import VisitsScreen
from ui.screens.workbench import WorkbenchScreen
from ui.sync_controller import SyncController

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def supervisor(demo: Store) -> Session:
    return session_for(demo, "supervisor1", "张伟", Role.SUPERVISOR, ("15250001",))


@pytest.fixture
def office(qtbot, demo: Store, demo_path: Path, supervisor: Session) -> Iterator[MainWindow]:
    demo.guard = supervisor.admit
    controller = SyncController(demo, lambda: open_same(demo_path), automatic=False)
    window = MainWindow(demo, supervisor, demo_path, controller)
    window.show()
    yield window
    window.close()
    window.deleteLater()


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


def tab_walk(qtbot, window: MainWindow, row: int) -> tuple[list[QWidget], list[QWidget]]:
    """Ctrl+number to a screen, then Tab until the keyboard is back where it started: every
    input and button that takes Tab, and the widgets Tab went through."""
    window.go_to(row)
    screen = window.screen(row)
    reachable = [
        widget
        for widget in screen.findChildren(QWidget)
        if widget.isVisible()
        and widget.isEnabled()
        and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.focusProxy() is None
    ]
    start = QApplication.focusWidget()
    assert start is not None and screen.isAncestorOf(start), window.nav.item(row).text()
    walked = [start]
    for _ in range(3 * len(reachable) + 10):
        press(qtbot, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is start:
            return reachable, walked
        walked.append(QApplication.focusWidget())
    raise AssertionError(f"{window.nav.item(row).text()}: Tab never came back round: {walked[-5:]}")


def _walk_every_screen(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for row in range(window.nav.count()):
        if window.nav.item(row).isHidden():
            continue
        reachable, walked = tab_walk(qtbot, window, row)
        missed = [f"{type(w).__name__} {w.objectName()}" for w in reachable if w not in walked]
        assert not missed, f"{window.nav.item(row).text()}: Tab never reaches {missed}"
        assert window.nav in walked  # and on round to the screens' list


def test_tab_goes_round_every_screen_of_a_worker(qtbot, window: MainWindow) -> None:
    _walk_every_screen(qtbot, window)


def test_tab_goes_round_every_screen_of_a_supervisor(qtbot, office: MainWindow) -> None:
    _walk_every_screen(qtbot, office)


def test_a_supervisor_returns_a_visit_from_the_review_queue_with_the_keyboard(
    qtbot, office: MainWindow, demo: Store, supervisor: Session
) -> None:
    household = next(h for h in demo.find(Household) if h.grid in supervisor.grids)
    worker = demo.find(User, "role = 'worker' AND grid = ?", [household.grid])[0].username
    record_visit(demo, make_visit(household, author=worker, summary="入户了解用水情况"))
    office.activateWindow()
    qtbot.waitUntil(office.isActiveWindow)
    office.go_to(REVIEW)
    screen = office.screen(REVIEW)
    assert isinstance(screen, ReviewScreen)
    while QApplication.focusWidget() is not screen.table:
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Down)  # the first waiting record
    first = screen.current()
    assert first is not None
    for _ in range(4):  # past the queue's cells, on to the comment
        if QApplication.focusWidget() is screen.comment:
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is screen.comment
    type_text(qtbot, screen.comment, "请补充走访照片")
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is screen.return_button
    press(qtbot, Qt.Key.Key_Space)
    sent_back = demo.get(reviews.REVIEWED[first.entity], first.record_id)
    assert sent_back.review_state is ReviewState.RETURNED
    assert reviews.open_return(demo, first.entity, first.record_id).comment == "请补充走访照片"
