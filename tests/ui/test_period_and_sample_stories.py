"""A supervisor exports a quarter's ledger, and reviews routine visits by a 20% sample."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.models import Dispute, Household, ReviewState, Role, ServiceItem, User, Visit, VisitType
from app.services.lists import local_zone
from app.services.session import Session, session_for
from app.services.visits import record_visit
from app.store import Store
from tests.conftest import make_visit
from tests.ui.conftest import open_same
from tests.ui.typing import type_text
from ui.i18n import DEFAULT_LANGUAGE, install_translator
from ui.main_window import EXPORTS, REVIEW, MainWindow
from ui.screens.exports_screen import ExportsScreen
from ui.screens.review_screen import ReviewScreen
from ui.sync_controller import SyncController

pytestmark = pytest.mark.dates
QUARTER_END = date(2026, 3, 31)


@pytest.fixture
def supervisor(demo: Store) -> Session:
    return session_for(demo, "supervisor1", "张伟", Role.SUPERVISOR, ("15250001",))


@pytest.fixture
def office(qtbot, demo: Store, demo_path: Path, supervisor: Session) -> Iterator[MainWindow]:
    demo.guard = supervisor.admit
    window = MainWindow(
        demo, supervisor, demo_path, SyncController(demo, lambda: open_same(demo_path), automatic=False)
    )
    window.show()
    yield window
    window.close()
    window.deleteLater()


def test_supervisor_exports_the_first_quarters_visits(
    qtbot, office: MainWindow, demo: Store, supervisor: Session, tmp_path: Path
) -> None:
    office.nav.setCurrentRow(EXPORTS)
    screen = office.screen(EXPORTS)
    assert isinstance(screen, ExportsScreen)
    screen.today = QUARTER_END
    screen.kind.setCurrentIndex(screen.kind.findData("visits"))
    screen.period.setCurrentIndex(screen.period.findData("quarter"))
    screen.day.set_raw(QUARTER_END)
    assert screen.span.text() == "2026年第一季度（2026-01-01至2026-03-31）"
    assert not screen.date_from.isEnabled() and screen.day.isEnabled()
    assert Path(screen.path.text()).name == "走访台账_2026年第一季度.xlsx"
    path = screen.findChild(QLineEdit, "export_path")
    path.clear()
    type_text(qtbot, path, str(tmp_path / "一季度走访"))
    qtbot.waitSignal(screen.start().finished, timeout=20_000).wait()
    book = openpyxl.load_workbook(tmp_path / "一季度走访.xlsx", read_only=True)
    rows = list(book["走访台账"].iter_rows(values_only=True))
    zone = local_zone()
    in_quarter = [
        v
        for v in demo.find(Visit)
        if v.grid in supervisor.grids
        and date(2026, 1, 1) <= v.visited_at.astimezone(zone).date() <= QUARTER_END
    ]
    assert len(rows) - 1 == len(in_quarter)
    assert book.properties.title == "走访台账 2026年第一季度（2026-01-01至2026-03-31）"
    summary = [row for row in book["分类统计"].iter_rows(values_only=True) if row and row[0]]
    assert summary[0][0].startswith("走访台账 2026年第一季度")
    by_village = summary[summary.index(("按嘎查村", "次")) + 1 :]
    counted = 0
    for label, value in by_village:
        if label == "按民族":
            break
        counted += value
    assert counted == len(in_quarter)
    assert "已保存" in screen.state.text()


def _in_sample(record_id: str, percent: int) -> bool:
    return int(hashlib.sha256(record_id.encode()).hexdigest()[:16], 16) % 10_000 < percent * 100


def test_supervisor_reviews_a_20_percent_sample_of_routine_visits(
    qtbot, office: MainWindow, demo: Store, supervisor: Session
) -> None:
    households = [h for h in demo.find(Household) if h.grid in supervisor.grids][:30]
    for number, household in enumerate(households):
        worker = demo.find(User, "role = 'worker' AND grid = ?", [household.grid])[0].username
        # Fixed ids: with random ones, a dozen visits fall wholly outside a 20% sample one run in twenty.
        visit_id = uuid.uuid5(uuid.NAMESPACE_URL, f"tongxin-test/sample/{number}")
        record_visit(demo, make_visit(household, id=visit_id, author=worker, summary="入户了解用水情况"))
    office.nav.setCurrentRow(REVIEW)
    screen = office.screen(REVIEW)
    assert isinstance(screen, ReviewScreen)
    before = {w.record_id for w in screen.waiting}
    screen.sample.lineEdit().selectAll()
    qtbot.keyClicks(screen.sample, "20")
    qtbot.mouseClick(screen.sample_button, Qt.MouseButton.LeftButton)
    shown = {(w.entity, w.record_id) for w in screen.waiting}
    assert screen.table.rowCount() == len(shown)
    pending = [
        v for v in demo.find(Visit) if v.grid in supervisor.grids and v.review_state is ReviewState.PENDING
    ]
    with_items = {
        str(i.opened_visit_id or i.closed_visit_id)
        for i in demo.find(ServiceItem)
        if i.grid in supervisor.grids
    } | {str(i.closed_visit_id) for i in demo.find(ServiceItem) if i.closed_visit_id}
    routine = [v for v in pending if v.visit_type is VisitType.ROUTINE and str(v.id) not in with_items]
    always = [v for v in pending if v not in routine]
    sampled = {str(v.id) for v in routine if _in_sample(str(v.id), 20)}
    assert 0 < len(sampled) < len(routine)
    assert {r for e, r in shown if e == "visits"} == sampled | {str(v.id) for v in always}
    disputes = {
        str(d.id)
        for d in demo.find(Dispute)
        if d.grid in supervisor.grids and d.review_state is ReviewState.PENDING
    }
    assert {r for e, r in shown if e == "disputes"} == disputes
    assert len(before) > len(shown)
    assert "20%" in screen.count.text()
    assert demo.meta("review_sample_percent") == "20"


def test_an_english_window_names_the_period_in_english(qtbot, office: MainWindow, qapp) -> None:
    """The ledger itself is an official Chinese document; the window says which days it covers in
    the window's language."""
    install_translator(qapp, "en")
    try:
        office.nav.setCurrentRow(EXPORTS)
        screen = office.screen(EXPORTS)
        assert isinstance(screen, ExportsScreen)
        screen.today = QUARTER_END
        screen.period.setCurrentIndex(screen.period.findData("quarter"))
        screen.day.set_raw(QUARTER_END)
        screen.period.currentIndexChanged.emit(screen.period.currentIndex())
        assert screen.span.text() == "Q1 2026 (2026-01-01 – 2026-03-31)"
    finally:
        install_translator(qapp, DEFAULT_LANGUAGE)
