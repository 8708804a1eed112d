"""The status bar: reachable or not, records waiting to sync, changes the server refused, when the
last sync succeeded."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ui import palette
from ui.changes import Follower
from ui.sync_controller import SyncController

REFRESH_MS = 5_000


def describe_online(controller: SyncController) -> str:
    if not controller.server_url():
        return QCoreApplication.translate("SyncStatus", "No server set")
    if controller.running:
        return QCoreApplication.translate("SyncStatus", "Syncing…")
    if controller.online is None:
        return QCoreApplication.translate("SyncStatus", "Checking…")
    if controller.online:
        return QCoreApplication.translate("SyncStatus", "Online")
    return QCoreApplication.translate("SyncStatus", "Offline")


def describe_waiting(count: int) -> str:
    """ "3 条记录待同步": records, not field changes, and the same words wherever the count is shown."""
    return QCoreApplication.translate("SyncStatus", "%n record(s) to sync", "", count)


def describe_last_sync(moment: datetime | None) -> str:
    if moment is None:
        return QCoreApplication.translate("SyncStatus", "Never synced")
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class SyncStatusBar(QStatusBar):
    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.online = QLabel()
        self.online.setObjectName("status_online")
        self.pending = QLabel()
        self.pending.setObjectName("status_pending")
        self.last = QLabel()
        self.last.setObjectName("status_last")
        self.refused = QLabel()
        self.refused.setObjectName("status_refused")
        self.refused.setStyleSheet(palette.ERROR_STYLE)
        for label in (self.online, self.pending, self.refused, self.last):
            self.addPermanentWidget(label)
        controller.changed.connect(self.refresh)
        Follower(self, None, self.refresh)
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        """The window closed: stop polling the store, which may close next."""
        if self._timer.isActive():
            self._timer.stop()
            self.controller.changed.disconnect(self.refresh)

    def refresh(self) -> None:
        self.online.setText(describe_online(self.controller))
        self.pending.setText(describe_waiting(self.controller.records_waiting()))
        refused = self.controller.refused()
        self.refused.setText(self.tr("%1 changes refused by the server").replace("%1", str(refused)))
        self.refused.setVisible(refused > 0)
        last = describe_last_sync(self.controller.last_success())
        self.last.setText(self.tr("Last sync: %1").replace("%1", last))
