"""Scope as a person meets it on screen: a worker's pickers, lists and 工作台 hold their own village
only; a supervisor's picker tells eight 乌力吉 apart by village, birth year and ID tail; 工作台 and
数据看板 count overdue follow-ups alike and say what they count; a supervisor moves a household to
another village in a dialog whose refusals stand beside the field they are about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton

from app.models import AuditEvent, Household, Resident, Visit, VisitType
from app.services.session import Session
from app.store import Store
from tests import scope_world as world
from tests.conftest import valid_id_number
from tests.scope_world import LABELS, TODAY, A, B, C, Village
from tests.ui.typing import type_text
from ui import calendar_day
from ui.forms.visit_form import VisitForm
from ui.main_window import DASHBOARD, DISPUTES, HOUSEHOLDS, VISITS, WORKBENCH, MainWindow
from ui.screens.dashboard_screen import DashboardScreen
from ui.screens.households import HouseholdsScreen
from ui.screens.workbench import WorkbenchScreen
from ui.sync_controller import SyncController
from ui.transfer_dialog import TransferDialog

pytestmark = pytest.mark.dates


@pytest.fixture
def laptop(
    db_path: Path, key: bytes, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Store, dict[str, Village]]]:
    monkeypatch.setattr(calendar_day, "local_today", lambda: TODAY)
    with Store.open(db_path, key) as store:
        yield store, world.build(store)


@pytest.fixture
def login(qtbot, laptop, db_path: Path, key: bytes) -> Iterator[Callable[[Session], MainWindow]]:
    """The main window as the given person sees it after logging in on this laptop."""
    store, _villages = laptop
    opened: list[MainWindow] = []

    def open_as(session: Session) -> MainWindow:
        store.guard = session.admit
        window = MainWindow(
            store, session, db_path, SyncController(store, lambda: Store.open(db_path, key), automatic=False)
        )
        window.resize(1280, 800)
        window.show()
        opened.append(window)
        return window

    yield open_as
    for window in opened:
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _new_visit_for(qtbot, window: MainWindow, typed: str) -> VisitForm:
    form = window.new_record(VISITS)
    assert isinstance(form, VisitForm)
    type_text(qtbot, form.household.edit, typed)
    qtbot.waitUntil(form.household.hits.isVisible)
    return form


def _finish_visit(qtbot, form: VisitForm, summary: str) -> None:
    combo = form.rows["visit_type"].editor.combo
    combo.setCurrentIndex(combo.findData(VisitType.ROUTINE.value))
    combo.activated.emit(combo.currentIndex())
    type_text(qtbot, form.rows["summary"].editor.edit, summary)
    qtbot.keyClick(form.rows["summary"].editor.edit, "s", Qt.KeyboardModifier.ControlModifier)


def test_a_workers_household_picker_offers_their_village_only(qtbot, laptop, login) -> None:
    store, villages = laptop
    window = login(world.worker(store))
    form = _new_visit_for(qtbot, window, "乌力吉")
    [line] = form.household.lines()  # of seven 乌力吉 on this laptop, one lives in the worker's village
    assert "乌力吉" in line and LABELS[A] in line and "1960年生" in line and "巴彦嘎查1组8号" in line
    assert "尾号" not in line, "no namesake to tell apart"
    qtbot.keyClick(form.household.edit, Qt.Key.Key_Return)
    _finish_visit(qtbot, form, "查看牧草长势")
    [saved] = store.find(Visit, "summary = ?", ["查看牧草长势"])
    assert (saved.household_id, saved.grid) == (villages[A].households[0].id, A)


def test_a_supervisors_picker_tells_namesakes_apart(qtbot, laptop, login) -> None:
    store, villages = laptop
    window = login(world.supervisor(store))
    form = _new_visit_for(qtbot, window, "乌力吉")
    lines = form.household.lines()
    assert len(lines) == 3 == len(set(lines)), "the township's three, each its own line"
    wanted = villages[B].residents[1]  # born 1968, in 乌兰嘎查
    tail = wanted.id_number[-4:]
    assert all(("尾号" in line) and ("年生" in line) for line in lines)
    assert not any(LABELS[C] in line for line in lines), "nothing of the other township"
    row = next(i for i, line in enumerate(lines) if "1968年生" in line)
    assert LABELS[B] in lines[row] and tail in lines[row]
    qtbot.keyClick(form.household.edit, Qt.Key.Key_Down)
    for _ in range(row):
        qtbot.keyClick(form.household.hits, Qt.Key.Key_Down)
    qtbot.keyClick(form.household.hits, Qt.Key.Key_Return)
    assert form.household.value() == wanted.household_id
    assert "1968年生" in form.household.edit.text()
    _finish_visit(qtbot, form, "走访乌兰嘎查的乌力吉")
    [saved] = store.find(Visit, "summary = ?", ["走访乌兰嘎查的乌力吉"])
    assert (saved.household_id, saved.grid) == (wanted.household_id, B)


def test_a_workers_lists_and_workbench_hold_their_village_only(qtbot, laptop, login) -> None:
    store, villages = laptop
    window = login(world.worker(store))
    workbench = window.screen(WORKBENCH)
    assert isinstance(workbench, WorkbenchScreen)
    due = workbench.cards["due"]
    assert due.title() == "待回访（2，其中逾期 2）"
    lines = due.lines()
    assert len(lines) == 2
    assert any("巴彦嘎查草场边界纠纷" in line for line in lines)
    assert any("乌力吉" in line and "逾期" in line for line in lines)
    assert not any("乌兰嘎查" in line for line in lines)
    assert (
        "逾期" in workbench.cards["due"].definition.text() and workbench.cards["due"].definition.isVisible()
    )
    major = workbench.cards["major"].lines()
    assert len(major) == 1 and "巴彦嘎查草场边界纠纷" in major[0]

    window.nav.setCurrentRow(HOUSEHOLDS)
    households = window.screen(HOUSEHOLDS)
    assert isinstance(households, HouseholdsScreen)
    listed = {households.model.record_id(row) for row in range(households.model.rowCount())}
    assert listed == {str(villages[A].households[0].id)}
    assert not households.transfer_button.isVisibleTo(households), "a worker moves no household"


def test_workbench_and_dashboard_count_overdue_alike(qtbot, laptop, login) -> None:
    store, _villages = laptop
    window = login(world.supervisor(store))
    workbench = window.screen(WORKBENCH)
    assert isinstance(workbench, WorkbenchScreen) and workbench.day is not None
    overdue = workbench.day.due.alerts
    assert overdue == (1 + 1) + (2 + 1), "both villages' return visits and dispute follow-ups"
    window.nav.setCurrentRow(DASHBOARD)
    dashboard = window.screen(DASHBOARD)
    assert isinstance(dashboard, DashboardScreen)
    tile = dashboard.tiles["overdue"]
    assert tile.value.text() == str(overdue)
    assert tile.definition.text() == workbench.cards["due"].definition.text()
    major = dashboard.tiles["major"]
    assert major.value.text() == str(workbench.day.major.total) == "2"
    assert major.definition.text() == workbench.cards["major"].definition.text()
    assert dict(dashboard.figures.visits_by_grid) == {}  # none this month: the figures are of March
    assert dashboard.figures.households == 3


def test_a_supervisor_moves_a_household_to_another_village(qtbot, laptop, login) -> None:
    store, villages = laptop
    window = login(world.supervisor(store))
    window.nav.setCurrentRow(HOUSEHOLDS)
    screen = window.screen(HOUSEHOLDS)
    assert isinstance(screen, HouseholdsScreen)
    household = villages[A].households[0]
    screen.select_record(str(household.id))
    assert screen.transfer_button.isEnabled()
    qtbot.mouseClick(screen.transfer_button, Qt.MouseButton.LeftButton)
    dialog = screen.findChild(TransferDialog)
    assert dialog is not None and dialog.isVisible()
    assert LABELS[A] in dialog.findChild(QLabel, "transfer_about").text()
    places = [dialog.place.itemText(i) for i in range(dialog.place.count())]
    assert places[1:] == [LABELS[B]], "the township's other village; nothing outside it"
    move = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)

    qtbot.mouseClick(move, Qt.MouseButton.LeftButton)
    assert dialog.place_error.isVisible() and dialog.place_error.text() == "请选择要转入的嘎查村。"
    assert not dialog.reason_error.isVisible()
    dialog.place.setCurrentIndex(1)
    assert not dialog.place_error.isVisible()
    qtbot.mouseClick(move, Qt.MouseButton.LeftButton)
    assert dialog.reason_error.isVisible() and dialog.reason_error.text() == "转移住户需要说明原因。"
    assert store.get(Household, household.id).grid == A, "nothing moved on a refusal"
    type_text(qtbot, dialog.reason.edit, "全家迁往乌兰嘎查放牧")
    qtbot.mouseClick(move, Qt.MouseButton.LeftButton)

    assert not dialog.isVisible()
    assert store.get(Household, household.id).grid == B
    assert {r.grid for r in store.find(Resident, "household_id = ?", [str(household.id)])} == {B}
    assert {v.grid for v in store.find(Visit, "household_id = ?", [str(household.id)])} == {B}
    [audit] = store.find(AuditEvent, "action = 'transfer_household'")
    assert audit.grid == B and LABELS[A] in audit.detail and "乌兰嘎查" in audit.detail
    assert "全家迁往乌兰嘎查放牧" in audit.detail and A not in audit.detail
    assert "乌兰嘎查" in screen.transfer_note.text()


def test_a_refused_transfer_keeps_what_was_typed(qtbot, laptop, login) -> None:
    store, villages = laptop
    supervisor = world.supervisor(store)
    household = villages[B].households[0]
    dialog = TransferDialog(store, supervisor, household)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.place.setCurrentIndex(dialog.place.findData(A))
    type_text(qtbot, dialog.reason.edit, "长" * 501)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert "500字以内" in dialog.reason_error.text() and dialog.reason.raw() == "长" * 501
    assert dialog.place.currentData() == A and store.get(Household, household.id).grid == B


def test_a_new_households_grid_is_offered_by_name_villages_first(qtbot, laptop, login) -> None:
    store, _villages = laptop
    window = login(world.supervisor(store))
    form = window.new_record(HOUSEHOLDS)
    combo = form.rows["grid"].editor.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [LABELS[A], LABELS[B], "宝力根苏木"]
    assert combo.currentData() == A
    form.dirty = False
    form.close()


def test_a_disputes_party_picker_tells_eight_namesakes_apart(qtbot, laptop, login) -> None:
    """The issue's eight identical 乌力吉: a worker sees their village's one, and once a namesake
    moves in, two lines that differ in birth year and ID tail; the chosen one fills the party."""
    store, villages = laptop
    worker = world.worker(store)
    store.guard = worker.admit
    newcomer = store.save(
        Resident(
            grid=A,
            author=worker.username,
            household_id=villages[A].households[0].id,
            name="乌力吉",
            gender=villages[A].residents[0].gender,
            birth_date=date(1991, 6, 2),
            id_number=valid_id_number(date(1991, 6, 2)),
        )
    )
    window = login(worker)
    form = window.new_record(DISPUTES)
    qtbot.mouseClick(form.findChild(QPushButton, "add_party"), Qt.MouseButton.LeftButton)
    party = form.parties.editors[0]
    picker = party.rows["resident_id"].editor
    type_text(qtbot, picker.edit, "乌力吉")
    qtbot.waitUntil(picker.hits.isVisible)
    lines = picker.lines()
    assert len(lines) == 2 == len(set(lines)), "of the seven on this laptop, the worker's village's two"
    assert all(LABELS[A] in line and "身份证尾号" in line for line in lines)
    row = next(i for i, line in enumerate(lines) if "1991年生" in line)
    assert newcomer.id_number[-4:] in lines[row]
    picker.hits.setCurrentRow(row)
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.value() == newcomer.id
    assert party.rows["name"].editor.raw() == "乌力吉"
    form.dirty = False
    form.close()
