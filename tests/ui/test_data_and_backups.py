"""设置 › 数据与备份, as an administrator and a worker use it: the database's size and what archiving
would free, archiving now, backing up to a chosen folder, and restoring a backup at the next start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.demo.database import DEMO_PASSWORD, demo_key
from app.keyring import KeyRing
from app.models import Household, Role, Visit
from app.services import backups
from app.services.session import session_for
from app.store import Store
from app.store.backup import backups_in
from tests.ui.conftest import open_same
from ui.screens.settings_screen import SettingsScreen


def _settings(qtbot, demo: Store, demo_path: Path, role: Role) -> SettingsScreen:
    person = session_for(demo, "admin" if role is Role.ADMIN else "worker101", "管理员", role, ())
    screen = SettingsScreen(demo, person, demo_path, open_store=lambda: open_same(demo_path))
    qtbot.addWidget(screen)
    screen.show()
    return screen


def _finished(qtbot, screen: SettingsScreen) -> None:
    qtbot.waitUntil(lambda: screen.data.task is not None and not screen.data.task.running, timeout=30_000)
    qtbot.wait(50)  # the outcome's signals reach the screen


def test_an_admin_sees_the_size_and_archives_what_the_server_holds(
    qtbot, demo: Store, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    grids = [row[0] for row in demo.db.execute("SELECT code FROM grids")]
    with demo.transaction():  # as after enrolling: the demo's records stand for what the server holds
        demo.set_meta("server_grids", json.dumps(grids))
    screen = _settings(qtbot, demo, demo_path, Role.ADMIN)
    _finished(qtbot, screen)
    assert "MB" in screen.data.storage.text() and "归档可释放" in screen.data.storage.text()
    screen.data.days.setValue(90)
    screen.data.days.editingFinished.emit()
    _finished(qtbot, screen)
    visits = demo.count(Visit)
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(screen.findChild(QPushButton, "archive_now"), Qt.MouseButton.LeftButton)
    _finished(qtbot, screen)
    assert "已归档" in screen.data.outcome.text()
    assert demo.count(Visit) < visits
    assert demo.count(Household) > 0  # the register stays


def test_anyone_backs_up_to_a_chosen_folder(qtbot, demo: Store, demo_path: Path, tmp_path: Path) -> None:
    screen = _settings(qtbot, demo, demo_path, Role.WORKER)
    assert screen.findChild(QPushButton, "archive_now").isHidden()
    assert screen.findChild(QPushButton, "restore").isHidden()
    _finished(qtbot, screen)
    screen.data.back_up(tmp_path / "usb")
    _finished(qtbot, screen)
    (written,) = backups_in(tmp_path / "usb")
    assert str(written) in screen.data.outcome.text()
    assert backups.backup_folder(demo) == tmp_path / "usb"


def test_an_admin_restores_with_their_password_at_the_next_start(
    qtbot, demo: Store, demo_path: Path, tmp_path: Path
) -> None:
    screen = _settings(qtbot, demo, demo_path, Role.ADMIN)
    _finished(qtbot, screen)
    screen.data.back_up(tmp_path / "usb")
    _finished(qtbot, screen)
    (written,) = backups_in(tmp_path / "usb")
    kept = demo.count(Household)
    demo.save(demo.find(Household, limit=1)[0].model_copy(update={"deleted": True}))

    assert not screen.data.restore(written, "not-my-password")
    assert "密码不正确" in screen.data.outcome.text()
    assert backups.pending_restore(demo_path) is None
    assert screen.data.restore(written, DEMO_PASSWORD)
    assert "重新启动" in screen.data.outcome.text()

    demo.close()  # the next start: the restore runs after the login, before the database opens
    admin = KeyRing.for_database(demo_path).account("admin")
    assert backups.run_pending_restore(demo_path, demo_key(demo_path), by=admin) is not None
    assert backups.pending_restore(demo_path) is None
    with open_same(demo_path) as back:
        assert back.count(Household) == kept
