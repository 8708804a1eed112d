"""设置: language, text size, where the database is, what version this is; the accounts of this
laptop, your own password, and for an administrator, adding an account; the database's size,
archiving and backups (``ui.screens.data_box``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.keyring import KeyRing
from app.services.session import Permission, Session
from app.store import Store
from ui import preferences
from ui.account_dialogs import AddAccountDialog, PasswordDialog
from ui.changes import Follower
from ui.i18n import enum_label, with_note
from ui.screens.data_box import DataBox

LANGUAGE_NAMES = {"zh_CN": "中文（简体）", "en": "English"}


class SettingsScreen(QWidget):
    language_chosen = Signal(str)
    text_scale_chosen = Signal(int)

    def __init__(
        self,
        store: Store,
        session: Session,
        database: Path,
        parent: QWidget | None = None,
        *,
        open_store: Callable[[], Store] | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.database = database
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(preferences.language()))
        self.language.activated.connect(self._language)
        self.text_scale = QComboBox()
        self.text_scale.setObjectName("text_scale")
        for scale in preferences.TEXT_SCALES:
            self.text_scale.addItem(f"{scale}%", scale)
        self.text_scale.setCurrentIndex(self.text_scale.findData(preferences.text_scale()))
        self.text_scale.activated.connect(self._text_scale)
        location = QLabel(str(database))
        location.setObjectName("database_path")
        location.setWordWrap(True)
        about = QPushButton(self.tr("About Tongxin Grid"))
        about.clicked.connect(self.about)
        form = QFormLayout(self)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Text size"), self.text_scale)
        keys = QLabel(
            self.tr(
                "Ctrl+1 … Ctrl+0: go to a screen · Ctrl+N: new record · Ctrl+F: search · "
                "Enter: open · Ctrl+S: save · Esc: close a form · F4: calendar"
            )
        )
        keys.setObjectName("shortcuts")
        keys.setWordWrap(True)
        form.addRow(self.tr("Keyboard"), keys)
        form.addRow(self.tr("Database file"), location)
        form.addRow("", about)
        form.addRow(self._accounts_box())
        self.data = DataBox(store, session, database, open_store or (lambda: store))
        form.addRow(self.data)
        Follower(self, {"users"}, self.list_accounts)  # a sync brings the server's accounts

    def _accounts_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Accounts on this laptop"))
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)  # no empty bands
        self.accounts = QListWidget()
        self.accounts.setObjectName("accounts")
        self.accounts.setMaximumHeight(180)
        password = QPushButton(self.tr("Change my password…"))
        password.setObjectName("change_password")
        password.clicked.connect(lambda: PasswordDialog(self.database, self.session, self).open())
        add = QPushButton(self.tr("Add an account…"))
        add.setObjectName("add_account")
        add.setVisible(self.session.may(Permission.MANAGE_ACCOUNTS))
        add.clicked.connect(self.add_account)
        buttons = QHBoxLayout()
        buttons.addWidget(password)
        buttons.addWidget(add)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.accounts)
        layout.addLayout(buttons)
        self.list_accounts()
        return box

    def list_accounts(self) -> None:
        self.accounts.clear()
        for account in KeyRing.for_database(self.database).accounts():
            name = with_note(account.display_name, account.username)
            self.accounts.addItem(f"{name} · {enum_label(account.role)}")

    def add_account(self) -> AddAccountDialog:
        dialog = AddAccountDialog(self.store, self.database, self.session, self)
        dialog.accepted.connect(self.list_accounts)
        dialog.open()
        return dialog

    def _text_scale(self, _index: int) -> None:
        scale = self.text_scale.currentData()
        if scale != preferences.text_scale():
            preferences.apply_text_scale(scale)
            self.text_scale_chosen.emit(scale)

    def _language(self, _index: int) -> None:
        code = self.language.currentData()
        if code != preferences.language():
            preferences.set_language(code)
            self.language_chosen.emit(code)

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Tongxin Grid"),
            self.tr("Tongxin Grid %1\nRecords of grid work for villages and pastoral areas.").replace(
                "%1", __version__
            ),
        )
