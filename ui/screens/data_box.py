"""设置 › 数据与备份: how big the database is and what archiving would free; the archiving age and
archiving now; backing up now to a chosen folder (a USB stick); and, for an administrator with
their password, restoring a backup at the next start.

The figures, archiving and backups run on the task helper with a store of their own (``open_store``),
so the screen never waits for them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from app.errors import TongxinError
from app.keyring import KeyRing
from app.models import Role
from app.services import archiving, backups
from app.services.session import Session
from app.store import Store, archive
from app.store.archive import Archived
from app.store.backup import SUFFIX
from ui.archive_dialog import ArchiveDialog
from ui.tasks import Task, TaskContext

Result = TypeVar("Result")


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


class DataBox(QGroupBox):
    def __init__(
        self,
        store: Store,
        session: Session,
        database: Path,
        open_store: Callable[[], Store],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Data and backups"))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.store = store
        self.session = session
        self.database = database
        self.open_store = open_store
        self.task: Task | None = None
        admin = session.role is Role.ADMIN
        self.storage = QLabel(self.tr("Measuring the database…"))
        self.storage.setObjectName("storage")
        self.storage.setWordWrap(True)
        self.days = QSpinBox()
        self.days.setObjectName("archive_days")
        self.days.setRange(archiving.MIN_DAYS, archiving.MAX_DAYS)
        self.days.setSingleStep(30)
        self.days.setSuffix(self.tr(" days"))
        self.days.setValue(archiving.archive_age(store).days)
        self.days.setMaximumWidth(160)
        self.days.setEnabled(admin)
        self.days.editingFinished.connect(self._days_chosen)
        self.archive_button = QPushButton(self.tr("Archive now"))
        self.archive_button.setObjectName("archive_now")
        self.archive_button.setVisible(admin)
        self.archive_button.clicked.connect(self.archive)
        self.backup_button = QPushButton(self.tr("Back up now…"))
        self.backup_button.setObjectName("back_up_now")
        self.backup_button.clicked.connect(self.choose_backup_folder)
        self.restore_button = QPushButton(self.tr("Restore a backup…"))
        self.restore_button.setObjectName("restore")
        self.restore_button.setVisible(admin)
        self.restore_button.clicked.connect(self.choose_backup_file)
        self.find_button = QPushButton(self.tr("Find archived records…"))
        self.find_button.setObjectName("find_archived")
        self.find_button.clicked.connect(self.find_archived)
        self.outcome = QLabel()
        self.outcome.setObjectName("data_outcome")
        self.outcome.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.archive_button, self.find_button, self.backup_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form = QFormLayout(self)
        form.addRow(self.tr("Database"), self.storage)
        form.addRow(self.tr("Archive records finished more than"), self.days)
        form.addRow(buttons)
        form.addRow(self.outcome)
        self._measured_once = False

    def showEvent(self, event: QShowEvent) -> None:
        """Measured when first seen: on a big database it takes a few seconds, off the UI thread."""
        super().showEvent(event)
        if not self._measured_once:
            self._measured_once = True
            self.measure()

    def _run(
        self,
        work: Callable[[Store], Result],
        done: Callable[[Result], None],
        *,
        changes: tuple[str, ...] = (),
    ) -> Task:
        """Background work on a store of its own; one at a time."""

        def run(_context: TaskContext) -> object:
            store = self.open_store()
            try:
                return work(store)
            finally:
                if store is not self.store:
                    store.close()

        # No parent: the screen may close before the work ends, and the work must end whole.
        task = Task(run, changes=changes)
        task.succeeded.connect(done)
        task.failed.connect(self._failed)
        task.finished.connect(self._idle)
        self.task = task
        for button in (self.archive_button, self.backup_button, self.restore_button):
            button.setEnabled(False)
        task.start()
        return task

    def _idle(self) -> None:
        for button in (self.archive_button, self.backup_button, self.restore_button):
            button.setEnabled(True)

    def _failed(self, error: Exception) -> None:
        text = error.zh if isinstance(error, TongxinError) else str(error)
        self.outcome.setText(self.tr("Could not do it: %1").replace("%1", text))
        self.outcome.setStyleSheet("color: #b3261e")

    def _said(self, text: str) -> None:
        self.outcome.setStyleSheet("")
        self.outcome.setText(text)

    def measure(self) -> Task:
        now = datetime.now(UTC)
        return self._run(
            lambda store: archiving.storage_figures(store, self.database, now=now), self._measured
        )

    def _measured(self, figures: archiving.StorageFigures) -> None:
        self.storage.setText(
            self.tr("%1 · archiving would free about %2 (%3 records)")
            .replace("%1", _mb(figures.size))
            .replace("%2", _mb(figures.would_free))
            .replace("%3", str(figures.archivable_records))
        )

    def _days_chosen(self) -> None:
        if self.days.value() != archiving.archive_age(self.store).days:
            archiving.set_archive_age(self.store, self.days.value())
            self.measure()

    def archive(self) -> Task | None:
        answer = QMessageBox.question(
            self,
            self.tr("Archive now"),
            self.tr(
                "Finished records the server already holds leave this laptop; you can bring any of "
                "them back from the server when online. Archive now?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        now = datetime.now(UTC)
        return self._run(
            lambda store: archiving.archive_now(store, self.database, now=now),
            self._archived,
            changes=tuple(archive.KINDS),
        )

    def _archived(self, done: Archived) -> None:
        self._said(
            self.tr("Archived %1 records; the database went from %2 to %3.")
            .replace("%1", str(done.records))
            .replace("%2", _mb(done.size_before))
            .replace("%3", _mb(done.size_after))
        )
        self.measure()

    def find_archived(self) -> ArchiveDialog:
        dialog = ArchiveDialog(self.open_store, self.store, self)
        dialog.open()
        return dialog

    def choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Back up to which folder?"), str(backups.backup_folder(self.store))
        )
        if folder:
            self.back_up(Path(folder))

    def back_up(self, folder: Path) -> Task:
        backups.set_backup_folder(self.store, folder)
        return self._run(lambda store: backups.back_up_now(store, self.database, folder), self._backed_up)

    def _backed_up(self, written: Path) -> None:
        self._said(self.tr("Backed up to %1").replace("%1", str(written)))

    def choose_backup_file(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Restore which backup?"),
            str(backups.backup_folder(self.store)),
            self.tr("Tongxin backups (*%1)").replace("%1", SUFFIX),
        )
        if not chosen:
            return
        password, ok = QInputDialog.getText(
            self,
            self.tr("Restore a backup"),
            self.tr("Your password, to restore:"),
            QLineEdit.EchoMode.Password,
        )
        if ok:
            self.restore(Path(chosen), password)

    def restore(self, source: Path, password: str) -> bool:
        """Check the backup with the administrator's password now; it is restored at the next start."""
        ring = KeyRing.for_database(self.database)
        try:
            key = ring.unlock(self.session.username, password)
            manifest = backups.request_restore(
                source, self.database, key, by=ring.account(self.session.username)
            )
        except TongxinError as error:
            self._failed(error)
            return False
        made = manifest.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        self._said(
            self.tr(
                "The backup of %1 is checked. Close Tongxin and start it again: it is restored before "
                "it opens, and the current database is kept aside."
            ).replace("%1", made)
        )
        return True
