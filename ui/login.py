"""Logging in: pick an account, type its password; or, on a new laptop, create the first account.

Both dialogs end with the database's data key in ``self.key``: the key ring (app.keyring) turns
a correct password into the key, so a wrong one cannot open the file at all.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
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

from app.errors import InvalidValue, TongxinError
from app.keyring import Account, KeyRing, LoginRefused, check_password_rules, first_account
from app.models import Role
from app.models.fields import validate_username
from ui.forms.fields import enum_label
from ui.i18n import in_language

_ERROR_STYLE = "color: #b3261e;"
_OK_CANCEL = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(_ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _say(label: QLabel, error: TongxinError | None) -> None:
    label.setText(in_language(error.zh, error.en) if error else "")
    label.setVisible(error is not None)


def _password_line() -> QLineEdit:
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
                label = f"{account.display_name}（{account.username}）· {enum_label(account.role)}"
                self.accounts.addItem(label, account.username)
        self.password = _password_line()
        self.password.setObjectName("password")
        self.error = _error_label()
        self.error.setObjectName("password_error")
        form = QFormLayout()
        form.addRow(self.tr("Account"), self.accounts)
        form.addRow(self.tr("Password"), self.password)
        form.addRow("", self.error)
        buttons = QDialogButtonBox(_OK_CANCEL)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Log in"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if only is not None:
            layout.addWidget(QLabel(self.tr("Locked after a while without use. Type the password to go on.")))
        layout.addLayout(form)
        if hint:
            layout.addWidget(QLabel(hint))
        layout.addWidget(buttons)
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
            _say(self.error, refused)
            self._count_down()
            return
        self.account = next(a for a in self.ring.accounts() if a.username == username)
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


class FirstAccountDialog(QDialog):
    """A laptop without accounts: its first account is the administrator who enrolls it."""

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.key: bytes | None = None
        self.account: Account | None = None
        self.setWindowTitle(self.tr("First start — create the administrator account"))
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("display_name")
        self.password = _password_line()
        self.password.setObjectName("password")
        self.repeat = _password_line()
        self.repeat.setObjectName("repeat")
        self.errors = {name: _error_label() for name in ("username", "display_name", "password", "repeat")}
        form = QFormLayout()
        for name, label, editor in (
            ("username", self.tr("User name (letters and digits)"), self.username),
            ("display_name", self.tr("Name"), self.display_name),
            ("password", self.tr("Password (at least 8 characters)"), self.password),
            ("repeat", self.tr("Password again"), self.repeat),
        ):
            form.addRow(label, editor)
            form.addRow("", self.errors[name])
            self.errors[name].setObjectName(f"{name}_error")
        buttons = QDialogButtonBox(_OK_CANCEL)
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "This account encrypts the records on this laptop. Workers' accounts arrive from the "
                    "regional server once the laptop is enrolled."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _problems(self) -> dict[str, TongxinError]:
        problems: dict[str, TongxinError] = {}
        try:
            validate_username(self.username.text().strip())
        except InvalidValue as bad:
            problems["username"] = bad
        if not self.display_name.text().strip():
            problems["display_name"] = InvalidValue("name_required", "请填写姓名。", "Enter a name.")
        try:
            check_password_rules(self.password.text())
        except InvalidValue as bad:
            problems["password"] = bad
        if self.repeat.text() != self.password.text():
            problems["repeat"] = InvalidValue(
                "password_mismatch", "两次输入的密码不一致。", "The two passwords differ."
            )
        return problems

    def create(self) -> None:
        problems = self._problems()
        for name, label in self.errors.items():
            _say(label, problems.get(name))
        if problems:
            return
        account = Account(self.username.text().strip(), self.display_name.text().strip(), Role.ADMIN, ())
        self.key = first_account(self.database, account, self.password.text())
        self.account = account
        self.accept()
