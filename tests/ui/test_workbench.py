"""Item 2 of the first hour: 工作台 is the worker's day. Cards fit the window without scrolling
sideways, each says how many entries it has, a card with more than it shows offers them all, and
every entry opens its record — one sent back for changes says which visit it is and opens in its
form."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QStyle

from app.models import Dispute, DisputeCategory, Household, RiskLevel, Role, VisitType
from app.services import disputes as flow
from app.services import reviews
from app.services.session import Session, session_for
from app.store import Store
from tests.conftest import GRID, make_household, make_visit
from ui import calendar_day, preferences
from ui.forms.visit_form import VisitForm
from ui.i18n import DEFAULT_LANGUAGE, install_translator
from ui.main_window import HOUSEHOLDS, VISITS, WORKBENCH, MainWindow
from ui.screens.households import HouseholdsScreen
from ui.screens.workbench import WorkbenchScreen
from ui.sync_controller import SyncController

TODAY = date(2026, 3, 5)
pytestmark = pytest.mark.dates


def at(day: date, hour: int = 2) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture
def worker(store: Store) -> Session:
    return session_for(store, "worker101", "阿如娜", Role.WORKER, (GRID,))


@pytest.fixture
def day(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[Household]:
    """Ten households each asked for a return visit, due from 1 to 10 March (four overdue on the
    5th); a resolved dispute whose first follow-up fell due on 27 February; an open major-risk
    dispute; and a visit to the first household, made on 3 March (so its return visit is done),
    that a supervisor sent back."""
    monkeypatch.setattr(calendar_day, "local_today", lambda: TODAY)
    households = []
    for number in range(10):
        household = make_household(
            head_name=f"乌云{'一二三四五六七八九十'[number]}", address=f"巴彦嘎查{number}号"
        )
        store.save(household)
        store.save(
            make_visit(household, visited_at=at(date(2026, 2, 20)), follow_up_due=date(2026, 3, 1 + number))
        )
        households.append(household)
    settled = flow.register_dispute(
        store,
        Dispute(
            grid=GRID,
            author="worker101",
            title="草场补偿纠纷",
            category=DisputeCategory.GRASSLAND,
            created_at=at(date(2026, 2, 17)),
        ),
    )
    flow.accept(store, settled.id, flow.Acceptance(at=at(date(2026, 2, 18))), by="worker101")
    flow.start_mediation(
        store, settled.id, flow.MediationStart(mediator="张华", at=at(date(2026, 2, 19))), by="worker101"
    )
    flow.resolve(
        store,
        settled.id,
        flow.Resolution(outcome="赔偿", agreement="赔偿三千元", at=at(date(2026, 2, 20))),
        by="worker101",
        zone=UTC,
    )
    flow.register_dispute(
        store,
        Dispute(
            grid=GRID,
            author="worker101",
            title="草场界桩冲突",
            category=DisputeCategory.GRASSLAND,
            risk_level=RiskLevel.MAJOR,
        ),
    )
    sent_back = make_visit(households[0], visited_at=at(date(2026, 3, 3)), visit_type=VisitType.HOME_SERVICE)
    store.save(sent_back)
    supervisor = session_for(store, "supervisor1", "张主任", Role.SUPERVISOR, (GRID,))
    reviews.send_back(store, supervisor, "visits", sent_back.id, "请补充走访照片")
    return households


@pytest.fixture
def window(qtbot, store: Store, db_path: Path, worker: Session, day: list[Household]) -> Iterator[MainWindow]:
    shown = MainWindow(store, worker, db_path, SyncController(store, lambda: store, automatic=False))
    shown.resize(1280, 800)
    shown.show()
    yield shown
    shown.close()
    shown.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def workbench(window: MainWindow) -> WorkbenchScreen:
    screen = window.screen(WORKBENCH)
    assert isinstance(screen, WorkbenchScreen)
    return screen


def test_the_cards_count_their_entries_and_fit_without_scrolling_sideways(window: MainWindow) -> None:
    screen = workbench(window)
    due = screen.cards["due"]
    assert due.title() == "待回访（10，其中逾期 4）"
    lines = due.lines()
    assert len(lines) == 8
    assert lines[0] == "2026-02-27  草场补偿纠纷 · 纠纷回访 · 已逾期  "
    assert lines[1] == "2026-03-02  乌云二 · 住户回访 · 已逾期  巴彦嘎查1号"
    assert lines[4] == "2026-03-05  乌云五 · 住户回访  巴彦嘎查4号"
    assert due.all_button.isVisible() and due.all_button.text() == "全部 10 条…"
    assert screen.cards["major"].title() == "重大风险纠纷（1）"
    assert not screen.cards["major"].all_button.isVisible()
    for card in screen.cards.values():
        table = card.table
        if table.isVisible():
            assert not table.horizontalScrollBar().isVisible()
            assert table.horizontalHeader().length() <= table.viewport().width()


def test_all_due_entries_are_listed_and_each_opens_its_household(qtbot, window: MainWindow, day) -> None:
    screen = workbench(window)
    qtbot.mouseClick(screen.cards["due"].all_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert dialog is not None and dialog.isVisible()
    assert len(dialog.table.lines()) == 10
    dialog.table.setFocus()
    dialog.table.selectRow(9)  # the last: 乌云十, due on 10 March
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)

    assert not dialog.isVisible()
    assert window.nav.currentRow() == HOUSEHOLDS
    households = window.screen(HOUSEHOLDS)
    assert isinstance(households, HouseholdsScreen)
    assert households.shown_id == str(day[9].id)
    assert "乌云十" in households.detail.toPlainText()


def test_a_visit_sent_back_says_which_it_is_and_opens_in_its_form(qtbot, window: MainWindow) -> None:
    card = workbench(window).cards["returned"]
    assert card.title() == "退回待修改（1）"
    [line] = card.lines()
    local = at(date(2026, 3, 3)).astimezone().strftime("%Y-%m-%d %H:%M")
    assert line == f"{local}  走访 · 乌云一 · 上门办  请补充走访照片 · 张主任"
    card.table.setFocus()
    card.table.selectRow(0)
    qtbot.keyClick(card.table, Qt.Key.Key_Return)

    assert window.nav.currentRow() == VISITS
    [form] = window.forms
    assert isinstance(form, VisitForm) and form.record is not None
    assert form.rows["visit_type"].editor.value() is VisitType.HOME_SERVICE
    form.close()


@pytest.mark.parametrize("scale", [100, 150])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_returned_visit_says_which_it_is_at_any_text_size(
    qtbot, qapp, store: Store, db_path: Path, worker: Session, day: list[Household], language: str, scale: int
) -> None:
    """At 1280×800 the entry sent back shows, without the mouse, which record it is (kind,
    household, kind of visit) and the supervisor's words: once the time and the comment beside
    it left 走… of it, the rest only in a tooltip."""
    install_translator(qapp, language)
    preferences.apply_text_scale(scale)
    try:
        shown = MainWindow(store, worker, db_path, SyncController(store, lambda: store, automatic=False))
        qtbot.addWidget(shown)
        shown.resize(1280, 800)
        shown.show()
        QApplication.processEvents()
        table = workbench(shown).cards["returned"].table
        model = table.model()
        what = table.describe(table.entries_model.entries[0])
        assert "乌云一" in what and what.count(" · ") == 2  # kind · household · kind of visit
        texts = {column: str(model.data(model.index(0, column))) for column in range(model.columnCount())}
        shown_in = next(column for column, text in texts.items() if text.split("\n")[0] == what)
        margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        assert table.fontMetrics().horizontalAdvance(what) <= table.columnWidth(shown_in) - margin
        comment_line = next(
            line for text in texts.values() for line in text.split("\n") if line.startswith("请补充走访照片")
        )
        room = table.columnWidth(shown_in) - margin
        assert table.fontMetrics().horizontalAdvance("请补充走访照片") <= room, comment_line
    finally:
        preferences.apply_text_scale(preferences.DEFAULT_TEXT_SCALE)
        install_translator(qapp, DEFAULT_LANGUAGE)
