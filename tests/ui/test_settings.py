"""设置: switching the language redraws the window in it; text size applies and is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel

from app.demo.database import demo_key
from app.services.session import Session
from app.store import Store
from ui import preferences
from ui.application import App
from ui.i18n import DEFAULT_LANGUAGE, install_translator
from ui.main_window import SETTINGS
from ui.screens.settings_screen import SettingsScreen


def _choose(combo, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def test_switching_to_english_redraws_the_window(
    qtbot, qapp, demo: Store, demo_path: Path, session: Session
) -> None:
    app = App(qapp, demo_path, demo, demo_key(demo_path), session, language=DEFAULT_LANGUAGE, idle_minutes=10)
    qtbot.addWidget(app.window)
    app.window.show()
    app.window.nav.setCurrentRow(SETTINGS)
    screen = app.window.screen(SETTINGS)
    assert isinstance(screen, SettingsScreen)
    assert app.window.nav.item(1).text() == "住户"
    assert screen.findChild(QLabel, "database_path").text() == str(demo_path)
    try:
        _choose(screen.language, "en")
        qtbot.addWidget(app.window)
        assert app.window.nav.item(1).text() == "Households"
        assert app.window.nav.currentRow() == SETTINGS
        assert QSettings().value("language") == "en"
        assert preferences.language() == "en"
    finally:
        qapp.removeTranslator(app.translator)
        install_translator(qapp, DEFAULT_LANGUAGE)


def test_text_size_applies_at_once_and_is_remembered(
    qtbot, qapp, demo: Store, demo_path: Path, session: Session
) -> None:
    app = App(qapp, demo_path, demo, demo_key(demo_path), session, language=DEFAULT_LANGUAGE, idle_minutes=10)
    qtbot.addWidget(app.window)
    app.window.show()
    app.window.nav.setCurrentRow(SETTINGS)
    before = app.window
    try:
        _choose(app.window.screen(SETTINGS).text_scale, 150)
        qtbot.addWidget(app.window)
        assert QApplication.font().pointSizeF() == 16.5
        assert preferences.text_scale() == 150
        assert app.window is not before and app.window.nav.currentRow() == SETTINGS  # laid out again
        assert app.window.nav.font().pointSizeF() == 16.5
    finally:
        preferences.apply_text_scale(preferences.DEFAULT_TEXT_SCALE)


def test_text_size_stepped_with_the_arrow_keys_stays_in_settings_and_keeps_the_window(
    qtbot, qapp, demo: Store, demo_path: Path, session: Session
) -> None:
    app = App(qapp, demo_path, demo, demo_key(demo_path), session, language=DEFAULT_LANGUAGE, idle_minutes=10)
    app.window.resize(1280, 800)
    app.window.move(40, 30)
    app.window.show()
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow)
    app.window.go_to(SETTINGS)
    app.window.screen(SETTINGS).text_scale.setFocus()
    where = app.window.geometry()
    try:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        assert preferences.text_scale() == 125
        assert app.window.geometry() == where  # as large as it was, where it was
        settings = app.window.screen(SETTINGS)
        assert isinstance(settings, SettingsScreen)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is settings.text_scale)  # the keyboard stays

        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        assert preferences.text_scale() == 150
        assert app.window.nav.currentRow() == SETTINGS  # not the next screen down the list
        assert app.window.geometry() == where
    finally:
        preferences.apply_text_scale(preferences.DEFAULT_TEXT_SCALE)
        # Each step rebuilt the window and deleted the one before: only the last is still there.
        app.window.close()
        app.window.deleteLater()
