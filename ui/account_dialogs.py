"""Dialogs that make or change accounts: the first account of a new laptop, an account an
administrator adds, a person's own new password. Each shows a problem beside its field."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.account_keys import check_password_rules
from app.errors import InvalidValue, TongxinError
from app.keyring import Account, first_account
from app.models import Role
from app.models.fields import validate_username
from app.services import grids
from app.services.accounts import add_local_account, change_own_password
from app.services.session import Session
from app.store import Store
from ui.feedback import error_label, show_error
from ui.i18n import enum_label
from ui.login import ok_cancel, password_line


class AccountFormDialog(QDialog):
    """Rows of fields, each with its error label under it; subclasses add the rows and connect
    ``self.buttons.accepted`` to what OK does."""

    def __init__(self, title: str, intro: str, ok: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 1)  # a comfortable width; the layout makes it as tall as it needs
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.buttons = ok_cancel(ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if intro:
            note = QLabel(intro)
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(self.form)
        self.errors["form"] = error_label("form_error")  # what belongs to no single field
        layout.addWidget(self.errors["form"])
        layout.addWidget(self.buttons)

    def row(self, name: str, label: str, editor: QWidget) -> QWidget:
        editor.setObjectName(name)
        error = error_label(f"{name}_error")
        self.errors[name] = error
        self.form.addRow(label, editor)
        self.form.addRow("", error)
        return editor

    def line(self, name: str, label: str, *, password: bool = False) -> QLineEdit:
        editor = password_line() if password else QLineEdit()
        self.row(name, label, editor)
        return editor

    def new_password_problems(self, password: QLineEdit, repeat: QLineEdit) -> dict[str, TongxinError]:
        problems: dict[str, TongxinError] = {}
        try:
            check_password_rules(password.text())
        except InvalidValue as bad:
            problems[password.objectName()] = bad
        if repeat.text() != password.text():
            problems[repeat.objectName()] = InvalidValue(
                "password_mismatch", "两次输入的密码不一致。", "The two passwords differ."
            )
        return problems

    def names_problems(self, username: QLineEdit, display_name: QLineEdit) -> dict[str, TongxinError]:
        problems: dict[str, TongxinError] = {}
        try:
            validate_username(username.text().strip())
        except InvalidValue as bad:
            problems[username.objectName()] = bad
        if not display_name.text().strip():
            problems[display_name.objectName()] = InvalidValue(
                "name_required", "请填写姓名。", "Enter a name."
            )
        return problems

    def show_problems(self, problems: dict[str, TongxinError]) -> bool:
        """Show each problem beside its field; True when there are none."""
        for name, label in self.errors.items():
            show_error(label, problems.get(name))
        return not problems


class FirstAccountDialog(AccountFormDialog):
    """A laptop without accounts: its first account is the administrator who enrolls it."""

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("First start — create the administrator account"),
            self.tr(
                "This account encrypts the records on this laptop. Workers' accounts arrive from the "
                "regional server once the laptop is enrolled."
            ),
            self.tr("Create the account"),
            parent,
        )
        self.buttons.accepted.connect(self.submit)
        self.database = database
        self.key: bytes | None = None
        self.account: Account | None = None
        self.username = self.line("username", self.tr("User name (letters and digits)"))
        self.display_name = self.line("display_name", self.tr("Name"))
        self.password = self.line("password", self.tr("Password (at least 8 characters)"), password=True)
        self.repeat = self.line("repeat", self.tr("Password again"), password=True)

    def submit(self) -> None:
        problems = self.names_problems(self.username, self.display_name)
        problems |= self.new_password_problems(self.password, self.repeat)
        if not self.show_problems(problems):
            return
        account = Account(self.username.text().strip(), self.display_name.text().strip(), Role.ADMIN, ())
        try:
            self.key = first_account(self.database, account, self.password.text())
        except TongxinError as refused:
            self.show_problems({"form": refused})
            return
        self.account = account
        self.accept()


class AddAccountDialog(AccountFormDialog):
    """An administrator adds an account for this laptop only (no server, or before the first sync)."""

    def __init__(self, store: Store, database: Path, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(
            self.tr("Add an account on this laptop"),
            self.tr("Accounts from the regional server arrive by themselves with each sync."),
            self.tr("Add the account"),
            parent,
        )
        self.buttons.accepted.connect(self.submit)
        self.database = database
        self.session = session
        self.username = self.line("username", self.tr("User name (letters and digits)"))
        self.display_name = self.line("display_name", self.tr("Name"))
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(enum_label(role), role.value)
        self.row("role", self.tr("Role"), self.role)
        self.grid = QComboBox()
        for code, name in grids.labels(store, session.grids).items():
            self.grid.addItem(name, code)
        self.row("grid", self.tr("Grid"), self.grid)
        self.password = self.line("password", self.tr("Password (at least 8 characters)"), password=True)
        self.repeat = self.line("repeat", self.tr("Password again"), password=True)
        self.admin_password = self.line(
            "admin_password", self.tr("Your own password, to confirm"), password=True
        )

    def submit(self) -> None:
        problems = self.names_problems(self.username, self.display_name)
        problems |= self.new_password_problems(self.password, self.repeat)
        if not self.show_problems(problems):
            return
        grid = self.grid.currentData()
        account = Account(
            self.username.text().strip(),
            self.display_name.text().strip(),
            Role(self.role.currentData()),
            (grid,) if grid else (),
        )
        try:
            add_local_account(
                self.database, self.session, self.admin_password.text(), account, self.password.text()
            )
        except TongxinError as refused:
            field = {"wrong_password": "admin_password", "login_delayed": "admin_password"}.get(
                refused.code, "username"
            )
            self.show_problems({field: refused})
            return
        self.accept()


class PasswordDialog(AccountFormDialog):
    """A person changes their own password (accounts made on this laptop; the server's own are
    changed on the server)."""

    def __init__(self, database: Path, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change my password"), "", self.tr("Change the password"), parent)
        self.buttons.accepted.connect(self.submit)
        self.database = database
        self.session = session
        self.old = self.line("old_password", self.tr("Current password"), password=True)
        self.password = self.line("password", self.tr("New password (at least 8 characters)"), password=True)
        self.repeat = self.line("repeat", self.tr("New password again"), password=True)

    def submit(self) -> None:
        if not self.show_problems(self.new_password_problems(self.password, self.repeat)):
            return
        try:
            change_own_password(self.database, self.session, self.old.text(), self.password.text())
        except TongxinError as refused:
            self.show_problems({"old_password": refused})
            return
        self.accept()
