"""``tongxin``: the desktop entry point."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from app import paths
from app.keyfile import key_path_for, load_or_create_key
from app.services.session import default_session
from app.store import Store
from ui import preferences
from ui.i18n import LANGUAGES, install_translator
from ui.main_window import MainWindow
from ui.sync_controller import SyncController


def _database(args: argparse.Namespace) -> Path:
    if args.db:
        return Path(args.db)
    return paths.demo_database() if args.demo else paths.default_database()


def _opener(database: Path) -> Callable[[], Store]:
    key = load_or_create_key(key_path_for(database))
    return lambda: Store.open(database, key)


class App:
    """The running app: one store, one sync controller, and a main window that is rebuilt when
    the language changes (every label is then drawn again in the new language)."""

    def __init__(self, qt: QApplication, database: Path, store: Store, language: str) -> None:
        self.qt = qt
        self.database = database
        self.store = store
        self.translator = install_translator(qt, language)
        self.session = default_session(store)
        self.sync = SyncController(store, _opener(database))
        self.window = self._build()

    def _build(self) -> MainWindow:
        window = MainWindow(self.store, self.session, self.database, self.sync)
        window.language_chosen.connect(self.switch_language)
        return window

    def switch_language(self, language: str) -> None:
        self.qt.removeTranslator(self.translator)
        self.translator = install_translator(self.qt, language)
        old = self.window
        self.window = self._build()
        self.window.show()
        self.window.nav.setCurrentRow(old.nav.currentRow())
        old.hide()
        old.deleteLater()


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    parser = argparse.ArgumentParser(prog="tongxin", description="同心网格 Tongxin Grid")
    parser.add_argument("--demo", action="store_true", help="open the demo database (created on first use)")
    parser.add_argument("--db", help="database file")
    parser.add_argument("--lang", choices=LANGUAGES, help="interface language (default: the saved choice)")
    parser.add_argument(
        "--quit-when-shown",
        action="store_true",
        help="print the start-up time once the window shows, then quit",
    )
    args = parser.parse_args(argv)
    qt = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(preferences.ORGANIZATION)
    QCoreApplication.setApplicationName(preferences.APPLICATION)
    preferences.apply_font_points(preferences.font_points())
    database = _database(args)
    if args.demo:
        from app.demo.database import open_demo  # the demo's vocabulary only when asked for

        store = open_demo(database)
    else:
        store = _opener(database)()
    with store:
        app = App(qt, database, store, args.lang or preferences.language())
        app.window.show()
        if args.quit_when_shown:
            QTimer.singleShot(0, lambda: _report_shown(qt, started))
        else:
            QTimer.singleShot(0, app.window.offer_drafts)
        return qt.exec()


def _report_shown(qt: QApplication, started: float) -> None:
    print(f"shown {time.perf_counter() - started:.3f}", flush=True)
    qt.quit()


if __name__ == "__main__":
    sys.exit(main())
