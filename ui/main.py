"""``tongxin``: the desktop entry point."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import paths
from app.config import MachineConfig, load_config
from app.errors import InvalidValue
from app.keyfile import key_path_for, load_or_create_key
from app.logs import configure_logging
from app.services.overview import overview
from app.services.session import default_session
from app.store import Store
from ui import preferences
from ui.i18n import LANGUAGES, install_translator
from ui.main_window import MainWindow
from ui.sync_controller import SyncController

ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "tongxin.png"


def _database(args: argparse.Namespace) -> Path:
    if args.db:
        return Path(args.db)
    return paths.demo_database() if args.demo else paths.default_database()


def _opener(database: Path) -> Callable[[], Store]:
    key = load_or_create_key(key_path_for(database))
    return lambda: Store.open(database, key)


def apply_machine_config(store: Store, machine: MachineConfig) -> None:
    """IT's server address and CA bundle reach a laptop that is not enrolled yet; the one-time code
    is kept for the sync controller to enroll with once the server answers."""
    if store.meta("server_token"):
        return
    with store.transaction():
        for key in ("server_url", "ca_bundle", "enrollment_code"):
            value = getattr(machine, key)
            if value:
                store.set_meta(key, value)


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


def _check_database(database: Path) -> int:
    """For IT after an upgrade: the file opens with its key, migrates, and is intact."""
    with _opener(database)() as store:
        figures = overview(store, check_integrity=True)
    counts = ", ".join(f"{entity} {count}" for entity, count in figures.counts.items())
    print(f"{database}: schema v{figures.schema_version}; {counts}; integrity {figures.integrity}")
    return 0 if figures.integrity == "ok" else 1


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
    parser.add_argument("--self-test", action="store_true", help="check this installation and exit 0 or 1")
    parser.add_argument(
        "--check-db", action="store_true", help="open (and upgrade) the database, print what it holds, exit"
    )
    parser.add_argument("--diagnostics", metavar="ZIP", help="write logs, versions and settings (no secrets)")
    args = parser.parse_args(argv)
    if args.self_test or args.diagnostics:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # both run where no desktop may be logged in
    qt = QApplication(sys.argv[:1])
    qt.setWindowIcon(QIcon(str(ICON)))
    QCoreApplication.setOrganizationName(preferences.ORGANIZATION)
    QCoreApplication.setApplicationName(preferences.APPLICATION)
    if args.self_test or args.diagnostics:
        from ui.self_test import run_self_test, write_diagnostics

        if args.diagnostics:
            print(f"wrote {write_diagnostics(Path(args.diagnostics))}")
            return 0
        return run_self_test()
    configure_logging()
    try:
        machine = load_config()
    except InvalidValue as exc:
        print(exc.zh, file=sys.stderr)
        return 2
    preferences.apply_font_points(preferences.font_points())
    database = _database(args)
    if args.check_db:
        return _check_database(database)
    if args.demo:
        from app.demo.database import open_demo  # the demo's vocabulary only when asked for

        store = open_demo(database)
    else:
        store = _opener(database)()
    with store:
        apply_machine_config(store, machine)
        language = args.lang or preferences.language(machine)
        app = App(qt, database, store, language)
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
