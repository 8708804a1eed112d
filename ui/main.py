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
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app import paths
from app.config import MachineConfig, load_config
from app.errors import InvalidValue, TongxinError
from app.keyfile import key_path_for, load_key
from app.keyring import Account, KeyRing
from app.logs import configure_logging
from app.models import Role
from app.services.overview import overview
from app.services.session import Session, default_session, session_for
from app.store import Store
from sync.protocol import OfflineUser
from ui import preferences
from ui.account_dialogs import FirstAccountDialog
from ui.fonts import install_fonts
from ui.i18n import LANGUAGES, install_translator
from ui.idle_lock import IdleWatch
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.sync_controller import SyncController

ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "tongxin.png"


def _database(args: argparse.Namespace) -> Path:
    if args.db:
        return Path(args.db)
    return paths.demo_database() if args.demo else paths.default_database()


def _opener(database: Path, key: bytes) -> Callable[[], Store]:
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

    def __init__(
        self,
        qt: QApplication,
        database: Path,
        store: Store,
        key: bytes,
        session: Session,
        *,
        language: str,
        idle_minutes: float,
    ) -> None:
        self.qt = qt
        self.database = database
        self.store = store
        self.key = key
        self.translator = install_translator(qt, language)
        self.session = session
        store.guard = session.admit
        self.sync = SyncController(store, _opener(database, key))
        self.sync.accounts_received.connect(self.adopt_accounts)
        self.idle = IdleWatch(qt, idle_minutes)
        self.idle.idle.connect(self.lock)
        self.hidden: list[QWidget] = []
        self.lock_dialog: LoginDialog | None = None
        self.window = self._build()

    def _build(self) -> MainWindow:
        window = MainWindow(self.store, self.session, self.database, self.sync)
        window.language_chosen.connect(self.switch_language)
        window.text_scale_chosen.connect(lambda _scale: self.rebuild())
        return window

    def switch_language(self, language: str) -> None:
        self.translator = install_translator(self.qt, language)
        self.rebuild()

    def rebuild(self) -> None:
        """Draw the window again: every label in the new language, every layout at the new size."""
        old = self.window
        self.window = self._build()
        self.window.show()
        self.window.nav.setCurrentRow(old.nav.currentRow())
        old.hide()
        old.deleteLater()

    def adopt_accounts(self, users: list[OfflineUser]) -> None:
        """The server's accounts for this laptop's grids can log in here from now on, offline too."""
        accounts = [
            (Account(u.username, u.display_name, Role(u.role), tuple(u.grids)), u.password_hash)
            for u in users
        ]
        KeyRing.for_database(self.database).adopt_server_accounts(accounts, self.key)

    def lock(self) -> LoginDialog:
        """Hide every window until the same person types their password; cancelling quits (open
        forms keep their drafts, as on any close)."""
        self.idle.pause()
        self.hidden = [w for w in self.qt.topLevelWidgets() if w.isVisible()]
        for widget in self.hidden:
            widget.hide()
        self.lock_dialog = LoginDialog(KeyRing.for_database(self.database), only=self.session.username)
        self.lock_dialog.accepted.connect(self._unlock)
        self.lock_dialog.rejected.connect(self.window.close)
        self.lock_dialog.open()
        return self.lock_dialog

    def _unlock(self) -> None:
        for widget in self.hidden:
            widget.show()
        self.hidden = []
        self.idle.resume()


Login = tuple[bytes, Account | None]


def _scripted_login(database: Path, user: str | None) -> Login | None:
    """For IT's scripts and the benchmarks, no dialog: ``--user`` with its password in
    TONGXIN_PASSWORD, or a file from before accounts, still kept by its key file."""
    ring = KeyRing.for_database(database)
    if user:
        return ring.unlock(user, os.environ.get("TONGXIN_PASSWORD", "")), ring.account(user)
    legacy = key_path_for(database)
    if legacy.exists() and not ring:
        return load_key(legacy), None
    return None


def _dialog_login(database: Path, hint: str) -> Login | None:
    """The login dialog, or on a laptop without accounts the first (administrator) account's."""
    ring = KeyRing.for_database(database)
    dialog = LoginDialog(ring, hint=hint) if ring else FirstAccountDialog(database)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.key is None:
        return None
    return dialog.key, dialog.account


def _session(store: Store, account: Account | None) -> Session:
    if account is None:
        return default_session(store)
    return session_for(store, account.username, account.display_name, account.role, account.grids)


def _check_database(database: Path, user: str | None) -> int:
    """For IT after an upgrade: the file opens with its key, migrates, and is intact."""
    login = _scripted_login(database, user)
    if login is None:
        print("--check-db needs --user NAME with TONGXIN_PASSWORD set", file=sys.stderr)
        return 2
    with Store.open(database, login[0]) as store:
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
    parser.add_argument(
        "--user", help="log in as this account without the dialog; password in TONGXIN_PASSWORD"
    )
    args = parser.parse_args(argv)
    if args.self_test or args.diagnostics or args.check_db:
        # They show no window and run where no desktop may be logged in (over SSH, in a script).
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    qt = QApplication(sys.argv[:1])
    qt.setWindowIcon(QIcon(str(ICON)))
    install_fonts()
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
    preferences.apply_text_scale(preferences.text_scale())
    database = _database(args)
    if args.check_db:
        return _check_database(database, args.user)
    language = args.lang or preferences.language(machine)
    translator = install_translator(qt, language)
    hint = ""
    if args.demo:
        from app.demo.database import DEMO_PASSWORD, open_demo  # the demo's vocabulary only when asked for

        open_demo(database).close()
        hint = QCoreApplication.translate("main", "Demo: every account's password is %1")
        hint = hint.replace("%1", DEMO_PASSWORD)
    try:
        login = _scripted_login(database, args.user) if args.user or args.quit_when_shown else None
        login = login or _dialog_login(database, hint)
    except TongxinError as refused:
        print(refused.zh, file=sys.stderr)
        return 2
    qt.removeTranslator(translator)
    if login is None:
        return 0
    key, account = login
    with Store.open(database, key) as store:
        apply_machine_config(store, machine)
        app = App(
            qt,
            database,
            store,
            key,
            _session(store, account),
            language=language,
            idle_minutes=machine.idle_lock_minutes,
        )
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
