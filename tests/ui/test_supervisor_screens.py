"""Login, idle lock, review, conflicts, dashboard and exports, driven as a person drives them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton

from app.demo.conflicts import disagree
from app.demo.database import DEMO_PASSWORD, demo_key
from app.keyring import KeyRing
from app.models import (
    ConflictResolution,
    Dispute,
    DisputeCategory,
    DisputeStatus,
    Household,
    Resident,
    ReviewState,
    Role,
    User,
    Visit,
)
from app.services import reviews
from app.services.dashboard import figures
from app.services.disputes import register_dispute
from app.services.lists import local_zone
from app.services.session import Session, session_for
from app.services.visits import record_visit
from app.store import Store
from tests.conftest import make_visit
from tests.ui.conftest import open_same
from tests.ui.typing import type_text
from ui import palette
from ui.account_dialogs import FirstAccountDialog, PasswordDialog
from ui.application import App
from ui.forms.household_form import HouseholdForm
from ui.login import LoginDialog
from ui.main_window import CONFLICTS, DASHBOARD, EXPORTS, REVIEW, VISITS, MainWindow
from ui.screens.conflicts_screen import ConflictsScreen
from ui.screens.dashboard_screen import DashboardScreen, percent
from ui.screens.exports_screen import ExportsScreen
from ui.screens.review_screen import ReviewScreen
from ui.screens.settings_screen import SettingsScreen
from ui.screens.visits import VisitsScreen
from ui.screens.workbench import WorkbenchScreen
from ui.sync_controller import SyncController


def _click_ok(qtbot, dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _log_in(qtbot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.accounts.setCurrentIndex(dialog.accounts.findData(username))
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    _click_ok(qtbot, dialog)


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


def test_login_shows_a_wrong_password_beside_the_field_then_opens_with_the_right_one(
    qtbot, demo, demo_path
) -> None:
    dialog = LoginDialog(KeyRing.for_database(demo_path))
    qtbot.addWidget(dialog)
    dialog.show()
    _log_in(qtbot, dialog, "worker101", "not-the-password")
    error = dialog.findChild(QLabel, "password_error")
    assert error.isVisible() and error.text() == "密码不正确。"
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.password.text() == ""
    _log_in(qtbot, dialog, "worker101", DEMO_PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.account.role is Role.WORKER and dialog.key == demo_key(demo_path)
    again = LoginDialog(KeyRing.for_database(demo_path))
    qtbot.addWidget(again)
    assert again.accounts.currentData() == "worker101", "the last account comes first"


def test_repeated_wrong_passwords_make_the_login_button_wait(qtbot, demo, demo_path) -> None:
    dialog = LoginDialog(KeyRing.for_database(demo_path))
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(3):
        _log_in(qtbot, dialog, "worker102", "guess-guess")
    assert not dialog.ok.isEnabled() and "秒" in dialog.ok.text()
    dialog.accounts.setCurrentIndex(dialog.accounts.findData("worker101"))
    assert dialog.ok.isEnabled()  # the wait belongs to the account tried


def test_first_start_creates_the_administrator_account(qtbot, tmp_path: Path) -> None:
    database = tmp_path / "new.db"
    dialog = FirstAccountDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "IT Admin")
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.repeat, "shorts")
    _click_ok(qtbot, dialog)
    errors = {
        name: dialog.findChild(QLabel, f"{name}_error")
        for name in ("username", "display_name", "password", "repeat")
    }
    assert all(label.isVisible() for label in errors.values())
    assert "8" in errors["password"].text() and "不一致" in errors["repeat"].text()
    assert not KeyRing.for_database(database)
    for line, text in (
        (dialog.username, "itadmin"),
        (dialog.password, "long-enough-1"),
        (dialog.repeat, "long-enough-1"),
    ):
        line.clear()
        qtbot.keyClicks(line, text)
    type_text(qtbot, dialog.display_name, "其其格")
    _click_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    ring = KeyRing.for_database(database)
    assert ring.account("itadmin").role is Role.ADMIN
    Store.open(database, ring.unlock("itadmin", "long-enough-1")).close()


def test_idle_lock_hides_the_window_until_the_password(qtbot, qapp, demo, demo_path) -> None:
    worker = session_for(demo, "worker101", "王芳", Role.WORKER, ("15250001001",))
    app = App(qapp, demo_path, demo, demo_key(demo_path), worker, language="zh_CN", idle_minutes=0.002)
    app.window.show()
    qtbot.waitUntil(lambda: not app.window.isVisible(), timeout=3000)
    dialog = next(w for w in qapp.topLevelWidgets() if isinstance(w, LoginDialog) and w.isVisible())
    assert [dialog.accounts.itemData(i) for i in range(dialog.accounts.count())] == ["worker101"]
    _log_in(qtbot, dialog, "worker101", "wrong-password")
    assert not app.window.isVisible()
    _log_in(qtbot, dialog, "worker101", DEMO_PASSWORD)
    assert app.window.isVisible()
    app.idle.pause()
    app.window.close()


def test_screens_follow_the_role(qtbot, window: MainWindow, office: MainWindow) -> None:
    for number in (REVIEW, CONFLICTS, DASHBOARD, EXPORTS):
        assert window.nav.item(number).isHidden()  # the demo worker
        assert not office.nav.item(number).isHidden()


def test_supervisor_returns_with_a_comment_the_worker_then_sees(
    qtbot, office: MainWindow, demo, supervisor
) -> None:
    for household in [h for h in demo.find(Household) if h.grid in supervisor.grids][:3]:
        worker = demo.find(User, "role = 'worker' AND grid = ?", [household.grid])[0].username
        record_visit(demo, make_visit(household, author=worker, summary="入户了解用水情况"))  # workers submit
    office.nav.setCurrentRow(REVIEW)
    screen = office.screen(REVIEW)
    assert isinstance(screen, ReviewScreen)
    waiting = len(screen.waiting)
    assert waiting == len(reviews.queue(demo, supervisor)) >= 3
    assert screen.table.item(waiting - 1, 1).text().endswith("日常走访")
    first = screen.waiting[0]
    screen.table.selectRow(0)
    assert screen.detail.toPlainText()
    qtbot.mouseClick(screen.return_button, Qt.MouseButton.LeftButton)
    assert screen.error.isVisible() and "退回" in screen.error.text()
    type_text(qtbot, screen.comment, "请补充走访照片")
    qtbot.mouseClick(screen.return_button, Qt.MouseButton.LeftButton)
    assert len(screen.waiting) == waiting - 1
    record = demo.get(reviews.REVIEWED[first.entity], first.record_id)
    assert record.review_state is ReviewState.RETURNED
    assert reviews.open_return(demo, first.entity, first.record_id).comment == "请补充走访照片"
    screen.table.selectRow(0)
    second = screen.current()
    qtbot.mouseClick(screen.approve_button, Qt.MouseButton.LeftButton)
    assert demo.get(reviews.REVIEWED[second.entity], second.record_id).review_state is ReviewState.APPROVED
    sent_back = demo.get(reviews.REVIEWED[first.entity], first.record_id)
    author = sent_back.author
    workbench = WorkbenchScreen(demo, session_for(demo, author, author, Role.WORKER, (sent_back.grid,)))
    qtbot.addWidget(workbench)
    assert any("请补充走访照片" in line for line in workbench.cards["returned"].lines())
    if first.entity == "visits":
        visits = office.screen(VISITS)
        assert isinstance(visits, VisitsScreen)
        visits.show_record(first.record_id)
        assert "请补充走访照片" in visits.detail.toPlainText() and "已退回" in visits.detail.toPlainText()


def test_supervisor_keeps_one_side_or_writes_a_merged_value(
    qtbot, office: MainWindow, demo, supervisor
) -> None:
    dispute = register_dispute(
        demo,
        Dispute(
            grid=supervisor.grids[1],
            author="supervisor1",
            title="草场边界纠纷",
            category=DisputeCategory.GRASSLAND,
        ),
    )
    laptops = ("巴彦嘎查-王芳", "巴彦嘎查-李强")
    disagree(demo, dispute, "status", "resolved", "withdrawn", laptops)
    disagree(demo, dispute, "outcome", "双方同意按原界线放牧", "赔偿两只羊", laptops)
    office.nav.setCurrentRow(CONFLICTS)
    screen = office.screen(CONFLICTS)
    assert isinstance(screen, ConflictsScreen)
    assert screen.list.count() == 2
    screen.list.setCurrentRow(0)
    values = (
        screen.findChild(QLabel, "current_value").text(),
        screen.findChild(QLabel, "incoming_value").text(),
    )
    assert values == ("调解成功", "已撤回")
    assert screen.current_side.device.text() == "巴彦嘎查-王芳"
    qtbot.mouseClick(screen.findChild(QPushButton, "keep_current"), Qt.MouseButton.LeftButton)
    assert demo.get(Dispute, dispute.id).status is DisputeStatus.RESOLVED
    assert screen.list.count() == 1
    merged = screen.findChild(type(screen.text), "merged_text")
    merged.clear()
    qtbot.mouseClick(screen.merge_button, Qt.MouseButton.LeftButton)
    assert screen.error.isVisible() and "保留" in screen.error.text()
    assert screen.list.count() == 1
    type_text(qtbot, merged, "按原界线放牧，并赔偿两只羊")
    qtbot.mouseClick(screen.merge_button, Qt.MouseButton.LeftButton)
    assert demo.get(Dispute, dispute.id).outcome == "按原界线放牧，并赔偿两只羊"
    assert screen.list.count() == 0 and screen.empty.isVisible()
    assert sorted(r.field for r in demo.find(ConflictResolution)) == ["outcome", "status"]


@pytest.mark.dates
def test_dashboard_shows_the_services_figures(qtbot, office: MainWindow, demo, supervisor) -> None:
    office.nav.setCurrentRow(DASHBOARD)
    screen = office.screen(DASHBOARD)
    assert isinstance(screen, DashboardScreen)
    # The demo's visits are spread over the two years before it was made: the month of the newest
    # one has visits whatever day the test runs (on the 1st, "this month" may have none yet).
    newest = max(visit.visited_at for visit in demo.find(Visit))
    today = newest.astimezone(local_zone()).date()
    screen.refresh(today)
    expected = figures(demo, supervisor, today=today, zone=local_zone())
    assert screen.findChild(QLabel, "tile_visits").text() == str(expected.visits_this_month)
    assert screen.findChild(QLabel, "tile_coverage").text() == percent(expected.coverage)
    assert screen.charts["visits"].bars == expected.visits_by_grid
    image = screen.charts["visits"].grab().toImage()
    colours = {
        image.pixelColor(x, y).name() for x in range(0, image.width(), 4) for y in range(image.height())
    }
    assert palette.SERIES[0] in colours  # the bars are drawn, in the chart's colour


def test_export_runs_in_the_background_and_writes_the_ledger(
    qtbot, office: MainWindow, demo, tmp_path: Path
) -> None:
    office.nav.setCurrentRow(EXPORTS)
    screen = office.screen(EXPORTS)
    assert isinstance(screen, ExportsScreen)
    screen.period.setCurrentIndex(screen.period.findData(None))  # every day: the days typed, none
    screen.path.clear()
    qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    assert screen.error.isVisible() and "保存" in screen.error.text()
    screen.kind.setCurrentIndex(screen.kind.findData("visits"))
    qtbot.keyClicks(screen.findChild(QLineEdit, "export_path"), str(tmp_path / "visits"))
    qtbot.waitSignal(screen.start().finished, timeout=20_000).wait()  # the task's signals are queued
    rows = list(
        openpyxl.load_workbook(tmp_path / "visits.xlsx", read_only=True).active.iter_rows(values_only=True)
    )
    visits = sum(1 for v in demo.find(Visit) if v.grid in office.session.grids)
    assert len(rows) == visits + 1 and rows[0][0] == "走访时间"
    assert "已保存" in screen.state.text() and not screen.error.isVisible()
    screen.kind.setCurrentIndex(screen.kind.findData("monthly_report"))
    qtbot.waitSignal(screen.start().finished, timeout=20_000).wait()  # the task's signals are queued
    assert (tmp_path / "visits.pdf").stat().st_size > 1000
    assert screen.audit.count() == 0
    screen.kind.setCurrentIndex(screen.kind.findData("disputes"))
    screen.full_ids.setFocus()
    qtbot.keyClick(screen.full_ids, Qt.Key.Key_Space)
    qtbot.waitSignal(screen.start().finished, timeout=20_000).wait()  # the task's signals are queued
    assert screen.full_ids.isChecked(), screen.state.text()
    assert screen.audit.count() == 1 and "含完整身份证号" in screen.audit.item(0).text(), screen.state.text()


def test_a_worker_sees_a_masked_id_number_and_saving_keeps_the_real_one(qtbot, demo, supervisor) -> None:
    resident = next(r for r in demo.find(Resident) if r.id_number)
    household = demo.get(Household, resident.household_id)
    worker = session_for(demo, "worker", "王芳", Role.WORKER, (household.grid,))
    form = HouseholdForm(demo, worker, household)  # closes itself once saved
    form.show()
    [editor] = [e for e in form.residents if e.record_id == resident.id]
    id_line = editor.rows["id_number"].editor
    masked = resident.id_number[:6] + "*" * 8 + resident.id_number[-4:]
    assert id_line.edit.text() == masked and id_line.edit.isReadOnly()
    type_text(qtbot, form.rows["notes"].editor.edit, "已核实户籍")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert demo.get(Household, household.id).notes.endswith("已核实户籍")
    assert demo.get(Resident, resident.id).id_number == resident.id_number
    full = HouseholdForm(demo, supervisor, household)
    qtbot.addWidget(full)
    [shown] = [e for e in full.residents if e.record_id == resident.id]
    assert shown.rows["id_number"].editor.edit.text() == resident.id_number


def test_an_admin_adds_a_local_account_that_then_changes_its_password(qtbot, demo, demo_path) -> None:
    admin = session_for(demo, "admin", "管理员", Role.ADMIN, ())
    settings = SettingsScreen(demo, admin, demo_path)
    qtbot.addWidget(settings)
    settings.show()
    dialog = settings.add_account()
    for name, text in (
        ("username", "worker199"),
        ("password", "village-pass-1"),
        ("repeat", "village-pass-1"),
    ):
        qtbot.keyClicks(dialog.findChild(QLineEdit, name), text)
    type_text(qtbot, dialog.display_name, "乌日娜")
    dialog.role.setCurrentIndex(dialog.role.findData("worker"))
    dialog.grid.setCurrentIndex(dialog.grid.findData("15250001001"))
    qtbot.keyClicks(dialog.admin_password, "not-my-password")
    _click_ok(qtbot, dialog)
    error = dialog.findChild(QLabel, "admin_password_error")
    assert error.isVisible() and "密码不正确" in error.text()
    dialog.admin_password.clear()
    qtbot.keyClicks(dialog.admin_password, DEMO_PASSWORD)
    _click_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    shown = [settings.accounts.item(row).text() for row in range(settings.accounts.count())]
    assert "乌日娜（worker199） · 网格员" in shown
    ring = KeyRing.for_database(demo_path)
    assert ring.account("worker199").grids == ("15250001001",)
    assert ring.unlock("worker199", "village-pass-1") == demo_key(demo_path)

    worker = session_for(demo, "worker199", "乌日娜", Role.WORKER, ("15250001001",))
    mine = SettingsScreen(demo, worker, demo_path)
    qtbot.addWidget(mine)
    assert mine.findChild(QPushButton, "add_account").isHidden()
    change = PasswordDialog(demo_path, worker)
    qtbot.addWidget(change)
    for line, text in (
        (change.old, "village-pass-1"),
        (change.password, "new-pass-2026"),
        (change.repeat, "new-pass-2026"),
    ):
        qtbot.keyClicks(line, text)
    _click_ok(qtbot, change)
    assert change.result() == QDialog.DialogCode.Accepted
    assert KeyRing.for_database(demo_path).unlock("worker199", "new-pass-2026") == demo_key(demo_path)


class CancelOnFirstProgress(QObject):
    """Lives on the UI thread: presses cancel when the export first reports progress."""

    def __init__(self, qtbot, button: QPushButton) -> None:
        super().__init__()
        self.qtbot, self.button = qtbot, button

    @Slot(int, int, str)
    def react(self, *_progress: object) -> None:
        if self.button.isEnabled():
            self.qtbot.mouseClick(self.button, Qt.MouseButton.LeftButton)


def test_cancelling_an_export_leaves_no_file(qtbot, office: MainWindow, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("app.services.ledgers.PAGE", 1)  # report (and look for a cancel) after every row
    office.nav.setCurrentRow(EXPORTS)
    screen = office.screen(EXPORTS)
    assert isinstance(screen, ExportsScreen)
    screen.kind.setCurrentIndex(screen.kind.findData("visits"))
    out = tmp_path / "exports"
    out.mkdir()
    screen.path.clear()
    qtbot.keyClicks(screen.findChild(QLineEdit, "export_path"), str(out / "cancelled"))
    person = CancelOnFirstProgress(qtbot, screen.cancel_button)
    task = screen.start()
    assert task is not None and screen.cancel_button.isEnabled() and not screen.start_button.isEnabled()
    # Blocking: the export waits for the click, so it cannot finish before the person reacts.
    task.progressed.connect(person.react, Qt.ConnectionType.BlockingQueuedConnection)
    qtbot.waitSignal(task.cancelled, timeout=20_000).wait()
    assert "取消" in screen.state.text() and screen.start_button.isEnabled()
    assert list(out.iterdir()) == []
