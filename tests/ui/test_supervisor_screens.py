"""Login, idle lock, review, conflicts, dashboard and exports, driven as a person drives them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton

from app.demo.database import DEMO_PASSWORD, demo_key
from app.keyring import KeyRing
from app.models import (
    ConflictResolution,
    Dispute,
    DisputeCategory,
    DisputeStatus,
    Household,
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
from sync import replica
from sync.protocol import CONFLICTS_ENTITY
from tests.conftest import make_visit
from tests.ui.conftest import open_same
from tests.ui.typing import type_text
from ui.login import FirstAccountDialog, LoginDialog
from ui.main import App
from ui.main_window import CONFLICTS, DASHBOARD, EXPORTS, REVIEW, VISITS, MainWindow
from ui.screens.conflicts_screen import ConflictsScreen
from ui.screens.dashboard_screen import DashboardScreen, percent
from ui.screens.exports_screen import ExportsScreen
from ui.screens.review_screen import ReviewScreen
from ui.screens.visits import VisitsScreen
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
    if first.entity == "visits":
        visits = office.screen(VISITS)
        assert isinstance(visits, VisitsScreen)
        visits.show_record(first.record_id)
        assert "请补充走访照片" in visits.detail.toPlainText() and "已退回" in visits.detail.toPlainText()


def _conflict_arrives(store: Store, dispute: Dispute, field: str, current: str, incoming: str) -> None:
    """What a pull brings when two laptops changed the same guarded field."""
    hlc = store.clock.tick()
    value = {
        "entity": "disputes",
        "record_id": str(dispute.id),
        "field": field,
        "current_value": current,
        "current_hlc": f"{hlc.wall_ms - 60_000:015d}-000000-laptopa",
        "incoming_value": incoming,
        "incoming_hlc": str(hlc),
        "incoming_device": "d2",
        "current_device": "d1",
        "current_device_name": "巴彦嘎查-王芳",
        "incoming_device_name": "巴彦嘎查-李强",
    }
    change = replica.RemoteChange(
        CONFLICTS_ENTITY, str(uuid.uuid4()), dispute.grid, "opened", value, str(hlc)
    )
    replica.apply_page(store, [change], 0, str(hlc))


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
    _conflict_arrives(demo, dispute, "status", "resolved", "withdrawn")
    _conflict_arrives(demo, dispute, "outcome", "双方同意按原界线放牧", "赔偿两只羊")
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


def test_dashboard_shows_the_services_figures(qtbot, office: MainWindow, demo, supervisor) -> None:
    office.nav.setCurrentRow(DASHBOARD)
    screen = office.screen(DASHBOARD)
    assert isinstance(screen, DashboardScreen)
    expected = figures(demo, supervisor, today=screen.figures.month.today(), zone=local_zone())
    assert screen.findChild(QLabel, "tile_visits").text() == str(expected.visits_this_month)
    assert screen.findChild(QLabel, "tile_coverage").text() == percent(expected.coverage)
    assert screen.charts["visits"].bars == expected.visits_by_grid
    image = screen.charts["visits"].grab().toImage()
    assert not image.isNull() and image.pixelColor(image.width() // 3, 40).name() != "#ffffff"


def test_export_runs_in_the_background_and_writes_the_ledger(
    qtbot, office: MainWindow, demo, tmp_path: Path
) -> None:
    office.nav.setCurrentRow(EXPORTS)
    screen = office.screen(EXPORTS)
    assert isinstance(screen, ExportsScreen)
    qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    assert screen.error.isVisible() and "保存" in screen.error.text()
    screen.kind.setCurrentIndex(screen.kind.findData("visits"))
    qtbot.keyClicks(screen.findChild(QLineEdit, "export_path"), str(tmp_path / "visits"))
    with qtbot.waitSignal(screen.start().finished, timeout=20_000):
        pass
    rows = list(
        openpyxl.load_workbook(tmp_path / "visits.xlsx", read_only=True).active.iter_rows(values_only=True)
    )
    visits = sum(1 for v in demo.find(Visit) if v.grid in office.session.grids)
    assert len(rows) == visits + 1 and rows[0][0] == "走访时间"
    assert "已保存" in screen.state.text() and not screen.error.isVisible()
    screen.kind.setCurrentIndex(screen.kind.findData("monthly_report"))
    with qtbot.waitSignal(screen.start().finished, timeout=20_000):
        pass
    assert (tmp_path / "visits.pdf").stat().st_size > 1000
