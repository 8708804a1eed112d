"""The app after the login: one store, one sync controller, the session, and a main window that
is built again when the language or the text size changes. ``ui.main`` imports this module while
the password is typed, so the login dialog shows before the store, the models and the screens load.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.keyring import Account, KeyRing
from app.services.session import Session, default_session, session_for
from app.store import Store
from sync.offline_accounts import adopt_server_accounts
from ui.backup_scheduler import BackupScheduler
from ui.i18n import install_translator
from ui.idle_lock import IdleWatch
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.sync_controller import SyncController

if TYPE_CHECKING:
    from sync.protocol import OfflineUser


def opener(database: Path, key: bytes) -> Callable[[], Store]:
    return lambda: Store.open(database, key)


def session_of(store: Store, account: Account | None) -> Session:
    if account is None:
        return default_session(store)
    return session_for(store, account.username, account.display_name, account.role, account.grids)


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
        self.sync = SyncController(store, opener(database, key))
        self.backups = BackupScheduler(database, opener(database, key))
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
        """Draw the window again: every label in the new language, every layout at the new size.
        Where it stood, as large as it was, on the same screen, with the keyboard in the same
        control: a text size stepped with the arrow keys goes on stepping, not into the next screen."""
        old = self.window
        focused = QApplication.focusWidget()
        keyboard_in = focused.objectName() if focused is not None and old.isAncestorOf(focused) else ""
        self.window = self._build()
        self.window.setGeometry(old.geometry())  # restoreGeometry would fit it to a screen it fitted
        self.window.setWindowState(old.windowState())
        self.window.show()
        self.window.nav.setCurrentRow(old.nav.currentRow())
        old.hide()
        old.deleteLater()
        self.window.activateWindow()
        same = self.window.findChild(QWidget, keyboard_in) if keyboard_in else None
        if same is not None:
            same.setFocus(Qt.FocusReason.OtherFocusReason)

    def adopt_accounts(self, users: list[OfflineUser]) -> None:
        """The server's accounts for this laptop's grids can log in here from now on, offline too."""
        adopt_server_accounts(self.database, users, self.key)

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
