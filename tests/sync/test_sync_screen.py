"""The 同步 screen as a worker uses it: start, watch it move, cancel, start again, finish."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from app.keyfile import key_path_for, load_or_create_key
from app.models import Household, Visit, VisitType
from app.store import Store
from sync.engine import SyncEngine
from tests.conftest import GRID
from ui.i18n import install_translator
from ui.screens.sync_screen import SyncScreen
from ui.sync_controller import SyncController


def _laptop_with_work(path: Path, base: str, code: str) -> Store:
    store = Store.open(path, load_or_create_key(key_path_for(path)))
    SyncEngine(store).enroll(base, code, "laptop")
    households = [
        Household(grid=GRID, author="w", address=f"巴彦嘎查{n}号", head_name="其其格") for n in range(100)
    ]
    visits = [
        Visit(
            grid=GRID,
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
    return store


def test_worker_starts_sees_progress_cancels_and_finishes_a_sync(qtbot, qapp, server, tmp_path: Path) -> None:
    translator = install_translator(qapp, "zh_CN")
    base, codes = server
    path = tmp_path / "laptop.db"
    store = _laptop_with_work(path, base, codes[0])
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


def test_the_app_syncs_by_itself_once_the_server_answers(qtbot, server, tmp_path: Path, monkeypatch) -> None:
    base, codes = server
    monkeypatch.setattr("ui.sync_controller.FIRST_PROBE_MS", 10)
    monkeypatch.setattr("ui.sync_controller.PROBE_BACKOFF_MS", (50, 100))
    path = tmp_path / "laptop.db"
    store = _laptop_with_work(path, base, codes[0])
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
