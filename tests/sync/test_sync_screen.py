"""The 同步 screen as a worker uses it: start, watch it move, cancel, start again, finish."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton

from app.keyfile import key_path_for, load_or_create_key
from app.models import Household, Visit, VisitType
from app.store import Store
from sync.engine import SyncEngine
from tests.harness.laptops import LiveServer
from tests.sync.conftest import FreshGrid
from ui.i18n import install_translator
from ui.screens.sync_screen import SyncScreen
from ui.status_bar import SyncStatusBar
from ui.sync_controller import SyncController


def _laptop_with_work(path: Path, fresh_grid: FreshGrid) -> Store:
    store = Store.open(path, load_or_create_key(key_path_for(path)))
    SyncEngine(store).enroll(fresh_grid.base, fresh_grid.codes[0], "laptop")
    households = [
        Household(grid=fresh_grid.grid, author="w", address=f"巴彦嘎查{n}号", head_name="其其格")
        for n in range(100)
    ]
    visits = [
        Visit(
            grid=fresh_grid.grid,
            author="w",
            household_id=households[n % 100].id,
            visitor="w",
            visited_at=datetime.now(UTC) - timedelta(hours=n),
            visit_type=VisitType.ROUTINE,
            summary=f"第{n}次走访",
        )
        for n in range(400)
    ]
    store.save_all([*households, *visits])
    with store.transaction():
        store.set_meta("push_batch_size", "20")  # as on a slow link: many batches, time to cancel
    return store


def test_worker_starts_sees_progress_cancels_and_finishes_a_sync(
    qtbot, qapp, fresh_grid: FreshGrid, tmp_path: Path
) -> None:
    translator = install_translator(qapp, "zh_CN")
    path = tmp_path / "laptop.db"
    store = _laptop_with_work(path, fresh_grid)
    key = load_or_create_key(key_path_for(path))
    controller = SyncController(store, lambda: Store.open(path, key), automatic=False)
    screen = SyncScreen(controller)
    qtbot.addWidget(screen)
    screen.show()
    total = controller.records_waiting()
    assert total == 500 and screen.start_button.isEnabled() and not screen.cancel_button.isEnabled()

    seen: list[int] = []
    controller.progressed.connect(lambda report: seen.append(report.pushed))
    controller.progressed.connect(lambda _report: controller.cancel() if len(seen) == 1 else None)
    with qtbot.waitSignal(controller.finished, timeout=30_000) as first:
        qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
        assert screen.cancel_button.isEnabled()
    assert first.args == [False]
    assert seen and 0 < controller.records_waiting() < total
    assert "已发送" in screen.activity.text()
    assert screen.start_button.isEnabled() and not screen.cancel_button.isEnabled()

    controller.progressed.disconnect()
    with qtbot.waitSignal(controller.finished, timeout=60_000) as second:
        qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    assert second.args == [True]
    assert controller.records_waiting() == 0
    assert screen.pending.text() == "0 条记录待同步"
    assert screen.bar.isVisible() and screen.bar.text() == "100%"
    assert screen.last.text() != "从未同步" and screen.error.text() == ""
    store.close()
    qapp.removeTranslator(translator)


def test_the_app_syncs_by_itself_once_the_server_answers(
    qtbot, fresh_grid: FreshGrid, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr("ui.sync_controller.FIRST_PROBE_MS", 10)
    monkeypatch.setattr("ui.sync_controller.PROBE_BACKOFF_MS", (50, 100))
    path = tmp_path / "laptop.db"
    store = _laptop_with_work(path, fresh_grid)
    key = load_or_create_key(key_path_for(path))
    real_url = store.meta("server_url")
    with store.transaction():
        store.set_meta("server_url", "http://127.0.0.1:9")  # nothing listens: the laptop is offline
    controller = SyncController(store, lambda: Store.open(path, key))
    qtbot.waitUntil(lambda: controller.online is False, timeout=10_000)
    assert controller.records_waiting() > 0
    with store.transaction():
        store.set_meta("server_url", real_url)  # the link comes back
    done = qtbot.waitSignal(controller.finished, timeout=30_000)
    done.wait()
    assert done.args == [True] and controller.online is True
    assert controller.records_waiting() == 0
    controller._timer.stop()
    store.close()


def _click_in_next_dialog(qtbot, button: str) -> None:
    """Press a button of the confirmation that opens next, as the person would."""

    def press() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.objectName() == "confirm_discard"
        qtbot.mouseClick(
            dialog.findChild(QPushButton, button) or dialog.buttons()[-1], Qt.MouseButton.LeftButton
        )

    QTimer.singleShot(0, press)


@pytest.mark.parametrize("live", ["sqlite"], indirect=True)
def test_refused_changes_are_shown_sent_again_or_discarded(
    qtbot, qapp, live: LiveServer, tmp_path: Path
) -> None:
    """A laptop of two villages records a household in the second; IT narrows it to the first
    before it syncs: the server refuses the household, and the worker sees it and deals with it."""
    translator = install_translator(qapp, "zh_CN")
    first, _ = live.new_grid(0)
    outside, _ = live.new_grid(0, name="远方嘎查")
    path = tmp_path / "laptop.db"
    key = load_or_create_key(key_path_for(path))
    store = Store.open(path, key)
    SyncEngine(store).enroll(live.base, live.code_for([first, outside]), "laptop")
    stranger = store.save(Household(grid=outside, author="w", address="远方嘎查1号", head_name="巴图"))
    live.set_device_grids(store, [first])
    controller = SyncController(store, lambda: Store.open(path, key), automatic=False)
    window = QMainWindow()
    screen = SyncScreen(controller)
    window.setCentralWidget(screen)
    window.setStatusBar(SyncStatusBar(controller))
    qtbot.addWidget(window)
    window.show()
    assert not screen.problems_box.isVisible()
    with qtbot.waitSignal(controller.finished, timeout=30_000):
        qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    refused = controller.refused()
    assert refused == 1, "the household was one new record, refused whole"
    assert screen.refused_heading.text() == "1 条修改被服务器拒收"
    assert "被服务器拒收" in screen.error.text(), "not reported as a plain success"
    status = window.statusBar().findChild(QLabel, "status_refused")
    assert status.isVisible() and status.text() == f"{refused} 条修改被服务器拒收"
    [line] = [screen.refused_list.item(n).text() for n in range(screen.refused_list.count())]
    assert line.startswith("住户“巴图” — 整条新记录：") and "处理办法" in line

    with qtbot.waitSignal(controller.finished, timeout=30_000):
        qtbot.mouseClick(screen.resend_button, Qt.MouseButton.LeftButton)
    assert controller.refused() == refused, "refused again: the grid is still not this laptop's"

    _click_in_next_dialog(qtbot, "confirm_discard_keep")
    qtbot.mouseClick(screen.discard_button, Qt.MouseButton.LeftButton)
    assert controller.refused() == refused
    _click_in_next_dialog(qtbot, "confirm_discard_yes")
    qtbot.mouseClick(screen.discard_button, Qt.MouseButton.LeftButton)
    assert controller.refused() == 0 and not screen.problems_box.isVisible()
    assert store.find(Household, "id = ?", [str(stranger.id)]) == [], (
        "the record the server never took is gone"
    )
    window.statusBar().stop()
    store.close()
    qapp.removeTranslator(translator)
