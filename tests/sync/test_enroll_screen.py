"""Item 8 of the first hour: a one-time code is taken as people write it — lower case, with the
dashes and spaces of the printed sheet — and a code the server will not take is named as such,
not as "本设备已被停用或未登记": mistyped, expired and already used each with what to do about it,
a revoked device still as revoked. An enrolled laptop names its villages, not their codes."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.store import Store, new_key
from server import devices
from server.db import create_db_engine
from tests.harness.laptops import Laptop
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


def test_an_enrolled_laptop_names_its_village_not_its_code(
    qtbot, qapp, fresh_grid: FreshGrid, tmp_path: Path
) -> None:
    """A new laptop knows no grid before its first sync: it names the village once that sync
    (started at enrollment) has brought it, and never shows the code in between."""
    install_translator(qapp, "zh_CN")
    screen, store = _screen(qtbot, tmp_path, fresh_grid.base)
    shown: list[str] = []
    with qtbot.waitSignal(screen.controller.finished, timeout=30_000):
        _enroll(qtbot, screen, fresh_grid.codes[0])
        shown.append(screen.enroll_result.text())
    qtbot.waitUntil(lambda: "巴彦嘎查" in screen.enroll_result.text(), timeout=5_000)
    shown.append(screen.enroll_result.text())
    assert shown[-1] == f"已登记，负责网格：巴彦嘎查{fresh_grid.grid[-3:]}"
    assert all(fresh_grid.grid not in text for text in shown)
    store.close()


def _expired_code(fresh_grid: FreshGrid) -> str:
    engine = create_db_engine(fresh_grid.database_url)
    try:
        with engine.begin() as conn:
            return devices.create_enroll_code(conn, [fresh_grid.grid], valid_for=timedelta(seconds=-1))
    finally:
        engine.dispose()


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_each_refused_code_says_why_and_what_to_do(
    qtbot, qapp, fresh_grid: FreshGrid, tmp_path: Path, caplog: pytest.LogCaptureFixture, language: str
) -> None:
    """Three people with three bad codes: one mistyped it, one kept the paper too long, one's
    code already enrolled another computer. Each reads their own case, in the app's language,
    and nothing lands in the log as a crash."""
    install_translator(qapp, language)
    other = Laptop("另一台电脑", tmp_path / "other.db", fresh_grid.grid)
    other.enroll(fresh_grid.base, fresh_grid.codes[1])
    other.close()
    mistyped = fresh_grid.codes[0][:-1] + ("A" if fresh_grid.codes[0][-1] != "A" else "B")
    tried = {"mistyped": mistyped, "expired": _expired_code(fresh_grid), "used": fresh_grid.codes[1]}
    expected = {
        "zh_CN": {"mistyped": "登记码不对", "expired": "登记码已过期", "used": "登记码已被使用过"},
        "en": {"mistyped": "does not exist", "expired": "has expired", "used": "already used"},
    }[language]
    shown: dict[str, str] = {}
    with caplog.at_level(logging.WARNING):
        for case, code in tried.items():
            (tmp_path / case).mkdir()
            screen, store = _screen(qtbot, tmp_path / case, fresh_grid.base)
            _enroll(qtbot, screen, code)
            shown[case] = screen.enroll_result.text()
            assert not store.meta("server_token")
            store.close()
    for case, words in expected.items():
        assert words in shown[case], shown
    assert len(set(shown.values())) == 3
    assert not any(("停用" in text or "revoked" in text) for text in shown.values())
    assert not [record for record in caplog.records if record.exc_info]


def test_a_revoked_laptop_is_still_told_it_is_revoked(
    qtbot, qapp, fresh_grid: FreshGrid, tmp_path: Path
) -> None:
    install_translator(qapp, "zh_CN")
    screen, store = _screen(qtbot, tmp_path, fresh_grid.base)
    with qtbot.waitSignal(screen.controller.finished, timeout=30_000):
        _enroll(qtbot, screen, fresh_grid.codes[0])
    engine = create_db_engine(fresh_grid.database_url)
    try:
        with engine.begin() as conn:
            assert devices.revoke(conn, store.meta("server_device_id") or "")
    finally:
        engine.dispose()
    with qtbot.waitSignal(screen.controller.finished, timeout=30_000):
        qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    assert "本设备已被停用" in screen.error.text()
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
