"""Item 8 of the first hour: a one-time code is taken as people write it — lower case, with the
dashes and spaces of the printed sheet — and a code the server will not take is named as such,
not as "本设备已被停用或未登记"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.store import Store, new_key
from tests.sync.conftest import FreshGrid
from tests.ui.typing import type_text
from ui.i18n import install_translator
from ui.screens.sync_screen import SyncScreen
from ui.sync_controller import SyncController


def _screen(qtbot, tmp_path: Path, base: str) -> tuple[SyncScreen, Store]:
    path, key = tmp_path / "laptop.db", new_key()
    store = Store.open(path, key)
    screen = SyncScreen(SyncController(store, lambda: Store.open(path, key), automatic=False))
    qtbot.addWidget(screen)
    screen.show()
    screen.server_url.setText(base)
    return screen, store


def _enroll(qtbot, screen: SyncScreen, typed: str) -> None:
    type_text(qtbot, screen.code, typed)
    qtbot.mouseClick(screen.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.enroll_button.isEnabled() and bool(screen.enroll_result.text()), timeout=15_000
    )


def test_a_code_typed_in_lower_case_with_dashes_enrolls(
    qtbot, qapp, fresh_grid: FreshGrid, tmp_path: Path
) -> None:
    install_translator(qapp, "zh_CN")
    base, codes = fresh_grid
    screen, store = _screen(qtbot, tmp_path, base)
    printed = "-".join(codes[0][i : i + 4] for i in range(0, len(codes[0]), 4))
    with qtbot.waitSignal(screen.controller.finished, timeout=30_000):  # enrolled, it syncs at once
        _enroll(qtbot, screen, " " + printed.lower() + " ")
    assert screen.enroll_result.text().startswith("已登记")
    assert store.meta("server_token")
    store.close()


def test_a_wrong_code_is_named_as_the_code(qtbot, qapp, fresh_grid: FreshGrid, tmp_path: Path) -> None:
    install_translator(qapp, "zh_CN")
    base, codes = fresh_grid
    screen, store = _screen(qtbot, tmp_path, base)
    wrong = codes[0][:-1] + ("A" if codes[0][-1] != "A" else "B")
    _enroll(qtbot, screen, wrong)
    shown = screen.enroll_result.text()
    assert "登记码" in shown and "停用" not in shown
    assert not store.meta("server_token")
    store.close()
