"""Logging in: pick an account, type its password (also how the idle lock is lifted).

The dialog ends with the database's data key in ``self.key``: the key ring (app.keyring) turns a
correct password into the key, so a wrong one cannot open the file at all.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.keyring import Account, KeyRing, LoginRefused
from ui.feedback import error_label, show_error
from ui.i18n import enum_label, with_note

LAST_ACCOUNT = "login/last_account"
_OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel


def ok_cancel(ok: str) -> QDialogButtonBox:
    """OK named for what it does; Cancel comes in the app's language from Qt's own catalogue."""
    box = QDialogButtonBox(_OK_CANCEL)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    return box


def password_line() -> QLineEdit:
    line = QLineEdit()
    line.setEchoMode(QLineEdit.EchoMode.Password)
    return line


class LoginDialog(QDialog):
    """Accounts of this laptop in a list; the password's error, or the wait, under its field."""

    def __init__(
        self, ring: KeyRing, *, hint: str = "", only: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ring = ring
        self.key: bytes | None = None
        self.account: Account | None = None
        self.setWindowTitle(self.tr("Log in — Tongxin Grid") if only is None else self.tr("Unlock"))
        self.accounts = QComboBox()
        self.accounts.setObjectName("account")
        for account in ring.accounts():
            if only is None or account.username == only:
                label = f"{with_note(account.display_name, account.username)} · {enum_label(account.role)}"
                self.accounts.addItem(label, account.username)
        last = self.accounts.findData(QSettings().value(LAST_ACCOUNT, ""))
        if last >= 0:
            self.accounts.setCurrentIndex(last)
        self.password = password_line()
        self.password.setObjectName("password")
        self.error = error_label("password_error")
        form = QFormLayout()
        form.addRow(self.tr("Account"), self.accounts)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.error)
        buttons = ok_cancel(self.tr("Log in"))
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if only is not None:
            layout.addWidget(QLabel(self.tr("Locked after a while without use. Type the password to go on.")))
        layout.addLayout(form)
        if hint:
            layout.addWidget(QLabel(hint))
        layout.addWidget(buttons)
        self.resize(max(440, self.sizeHint().width()), self.sizeHint().height())
        self._wait = QTimer(self, interval=1000)
        self._wait.timeout.connect(self._count_down)
        self.accounts.currentIndexChanged.connect(self._count_down)
        self._count_down()

    def try_login(self) -> None:
        username = self.accounts.currentData()
        try:
            self.key = self.ring.unlock(username, self.password.text())
        except LoginRefused as refused:
            self.password.clear()
            show_error(self.error, refused)
            self._count_down()
            return
        self.account = next(a for a in self.ring.accounts() if a.username == username)
        QSettings().setValue(LAST_ACCOUNT, username)  # the laptop's usual user comes first next time
        self.accept()

    def _count_down(self) -> None:
        """While a wait is running the button is off and says how long is left."""
        username = self.accounts.currentData()
        wait = self.ring.wait_seconds(username) if username else 0.0
        self.ok.setEnabled(wait <= 0 and username is not None)
        self.ok.setText(self.tr("Log in") if wait <= 0 else self.tr("Wait %1 s").replace("%1", f"{wait:.0f}"))
        if wait > 0:
            self._wait.start()
        else:
            self._wait.stop()
