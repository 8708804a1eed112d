"""The scheduled backup the worker does not have to think about: soon after the app starts and
every hour after, if a day has passed since the last one, a backup goes into the chosen folder
(``app.services.backups``) on the task helper, with a store of its own. A folder that is not
there (a USB stick left at home) fails quietly into the log, and is tried again the next hour."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from app.services import backups
from app.store import Store
from ui.tasks import Task, TaskContext

log = logging.getLogger(__name__)

FIRST_CHECK_MS = 60_000
EVERY_MS = 3_600_000


class BackupScheduler(QObject):
    def __init__(
        self, database: Path, open_store: Callable[[], Store], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.open_store = open_store
        self.task: Task | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(EVERY_MS)
        QTimer.singleShot(FIRST_CHECK_MS, self, self.check)

    def check(self) -> Task | None:
        if self.task is not None and self.task.running:
            return None
        now = datetime.now(UTC)

        def run(_context: TaskContext) -> Path | None:
            with self.open_store() as store:
                return backups.back_up_if_due(store, self.database, now=now)

        task = Task(run)  # no parent: a backup under way ends whole even as the app closes
        task.succeeded.connect(_log_written)
        task.failed.connect(lambda error: log.warning("scheduled backup failed: %s", error))
        self.task = task
        task.start()
        return task


def _log_written(written: Path | None) -> None:
    if written is not None:
        log.info("scheduled backup: %s", written)
