"""The 同步 screen's part for villages with no link: 导出同步包 writes this laptop's unsent changes
to a USB stick (the one the laptop finds, or a folder the person chooses); 导入同步包 reads the
reply the township wrote beside it. Both run on a worker thread through the sync controller, with
the screen's progress bar and cancel, as a network sync does."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, QStorageInfo
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import TongxinError
from ui import palette
from ui.i18n import in_language
from ui.sync_controller import SyncController
from ui.tasks import Task

if TYPE_CHECKING:
    from sync.bundles import StickResult  # requests loads on the worker thread

# Where desktop Linux (Kylin, UOS) mounts a USB stick.
_MOUNTS = ("/media/", "/run/media/")


def usb_stick() -> Path | None:
    """The first USB stick mounted, if any: where a bundle goes by default."""
    system = os.environ.get("SYSTEMDRIVE", "C:").upper()
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if not volume.isReady() or volume.isReadOnly():
            continue
        if root.startswith(_MOUNTS) or (os.name == "nt" and root[:2].upper() != system):
            return Path(root)
    return None


def default_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return usb_stick() or (Path(documents) if documents and Path(documents).is_dir() else Path.home())


class StickPanel(QGroupBox):
    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Sync by USB stick (no network)"))
        self.controller = controller
        explanation = QLabel(
            self.tr(
                "Export writes this laptop's unsent changes and photos to the stick. At the township "
                "office they are imported into the server, which writes a reply beside them; bring "
                "the stick back and import the reply."
            )
        )
        explanation.setWordWrap(True)
        self.folder = QLineEdit(str(default_folder()))
        self.folder.setObjectName("stick_folder")
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self.choose_folder)
        self.export_button = QPushButton(self.tr("Export sync bundle"))
        self.export_button.setObjectName("bundle_export")
        self.import_button = QPushButton(self.tr("Import sync bundle"))
        self.import_button.setObjectName("bundle_import")
        self.export_button.clicked.connect(self.export_bundle)
        self.import_button.clicked.connect(self.import_reply)
        self.state = QLabel()
        self.state.setObjectName("bundle_state")
        self.result = QLabel()
        self.result.setObjectName("bundle_result")
        self.result.setWordWrap(True)
        where = QHBoxLayout()
        where.addWidget(QLabel(self.tr("Stick or folder")))
        where.addWidget(self.folder, 1)
        where.addWidget(choose)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(where)
        layout.addLayout(buttons)
        layout.addWidget(self.state)
        layout.addWidget(self.result)
        controller.changed.connect(self.refresh)
        controller.bundle_written.connect(self._exported)
        controller.reply_imported.connect(self._imported)
        controller.bundle_failed.connect(self._failed)
        controller.bundle_cancelled.connect(self._cancelled)
        self._exporting = False
        self.refresh()

    def refresh(self) -> None:
        ready = self.controller.enrolled() and not self.controller.running
        self.export_button.setEnabled(ready)
        self.import_button.setEnabled(ready)
        written, answered = self.controller.bundles_state()
        if not written:
            self.state.setText("")
        elif not answered:
            self.state.setText(
                self.tr("Bundle No. %1 written, waiting for its reply.").replace("%1", str(written))
            )
        elif answered < written:
            self.state.setText(
                self.tr("Bundle No. %1 written, waiting for its reply (last reply imported: No. %2).")
                .replace("%1", str(written))
                .replace("%2", str(answered))
            )
        else:
            self.state.setText(
                self.tr("Bundle No. %1 written and its reply imported.").replace("%1", str(written))
            )

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Where is the USB stick?"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def _show(self, text: str, *, problem: bool = False) -> None:
        self.result.setStyleSheet(palette.ERROR_STYLE if problem else "")
        self.result.setText(text)

    def _chosen_folder(self) -> Path | None:
        """The stick's folder as typed or chosen (a file in it names it too)."""
        folder = Path(self.folder.text().strip())
        if not self.folder.text().strip() or not folder.exists():
            self._show(
                self.tr("This folder does not exist: plug in the stick or choose a folder."), problem=True
            )
            return None
        return folder

    def export_bundle(self) -> Task | None:
        folder = self._chosen_folder()
        if folder is None:
            return None
        if folder.is_file():
            folder = folder.parent
        task = self.controller.export_bundle(folder)
        if task is not None:
            self._exporting = True
            self._show("")
        return task

    def _exported(self, path: Path) -> None:
        self._show(
            self.tr(
                "Sync bundle written: %1. At the township it is imported and a reply is written beside it."
            ).replace("%1", str(path))
        )

    def import_reply(self) -> Task | None:
        folder = self._chosen_folder()
        if folder is None:
            return None
        task = self.controller.take_from_stick(folder.parent if folder.is_file() else folder)
        if task is not None:
            self._exporting = False
            self._show("")
        return task

    def _cancelled(self) -> None:
        self._show(
            self.tr("Cancelled: no sync bundle was written.")
            if self._exporting
            else self.tr("Cancelled: what was read so far is kept.")
        )

    def _imported(self, result: StickResult) -> None:
        lines = []
        if result.report is not None:
            lines.append(
                self.tr("Reply imported: %1 changes received, %2 of this laptop's changes confirmed.")
                .replace("%1", str(result.report.pulled))
                .replace("%2", str(result.report.recovered))
            )
        if result.forwarded:
            lines.append(
                self.tr(
                    "Forwarded %1 village bundles to the server; their replies are on the stick."
                ).replace("%1", str(len(result.forwarded)))
            )
        lines += [in_language(problem.zh, problem.en) for problem in result.problems]
        self._show("\n".join(lines), problem=bool(result.problems))

    def _failed(self, error: Exception) -> None:
        self._show(
            in_language(error.zh, error.en) if isinstance(error, TongxinError) else str(error), problem=True
        )
