"""The app's side of sync: runs the engine on a worker thread, probes the server with backoff and
syncs by itself when it becomes reachable, and tells the 同步 screen and the status bar what is
happening. Plain state lives here; the widgets only draw it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.errors import TongxinError
from app.services.overview import records_to_sync
from app.store import Store
from app.validation.normalize import normalize_enrollment_code
from sync import refusals, waiting
from ui.changes import EVERY_KIND, announce
from ui.i18n import in_language
from ui.tasks import Task, TaskContext

if TYPE_CHECKING:
    from sync.bundles import StickResult
    from sync.engine import SyncReport  # requests loads on the worker thread, when a sync starts

log = logging.getLogger(__name__)
FIRST_PROBE_MS = 2_000
PROBE_BACKOFF_MS = (15_000, 30_000, 60_000, 120_000, 300_000, 600_000)
RESYNC_MS = 15 * 60_000


class SyncController(QObject):
    changed = Signal()
    progressed = Signal(object)
    finished = Signal(bool)
    # The server's accounts for this device's grids, after every successful sync.
    accounts_received = Signal(object)
    # Sync by USB stick: the file written, what 导入同步包 did (a StickResult), why it was refused.
    bundle_written = Signal(object)
    reply_imported = Signal(object)
    bundle_failed = Signal(object)
    bundle_cancelled = Signal()

    def __init__(
        self,
        store: Store,
        open_store: Callable[[], Store],
        *,
        automatic: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.open_store = open_store
        self.online: bool | None = None
        self.task: Task | None = None
        self.moved: SyncReport | None = None
        self._probe_task: Task | None = None
        self._failures = 0
        self.automatic = automatic
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.probe_now)
        if automatic and self.server_url():
            self._timer.start(FIRST_PROBE_MS)

    def server_url(self) -> str | None:
        return self.store.meta("server_url")

    def enrolled(self) -> bool:
        return bool(self.store.meta("server_token"))

    def records_waiting(self) -> int:
        """Records (not field changes) with changes the server has not acknowledged yet."""
        return records_to_sync(self.store)

    def refused(self) -> int:
        """Changes the server refused that wait for a person."""
        return refusals.count(self.store)

    def refused_records(self) -> list[refusals.Refusal]:
        return refusals.listed(self.store)

    def parked(self) -> list[waiting.Parked]:
        return waiting.parked(self.store)

    def flagged(self) -> list[waiting.Flagged]:
        return waiting.flagged(self.store)

    def resend(self, record_id: str) -> None:
        """Queue a record's refused changes again; they go with the next sync."""
        refusals.resend(self.store, record_id)
        self.changed.emit()
        self.start()

    def discard(self, record_id: str) -> None:
        refusals.discard(self.store, record_id)
        announce(EVERY_KIND)  # a field took the server's value, or a record left this laptop
        self.changed.emit()

    def last_success(self) -> datetime | None:
        text = json.loads(self.store.meta("last_sync_at") or "null")
        return datetime.fromisoformat(text) if text else None

    def bundles_state(self) -> tuple[int, int]:
        """The number of the last sync bundle written here, and of the last reply imported."""
        return int(self.store.meta("bundle_number") or 0), int(self.store.meta("bundle_reply_number") or 0)

    def clock_offset(self) -> float | None:
        """The server's clock minus this laptop's at the last sync, in seconds (None: unknown)."""
        offset = json.loads(self.store.meta("clock_offset_s") or "null")
        return float(offset) if offset is not None else None

    def last_error(self) -> str:
        error = json.loads(self.store.meta("last_sync_error") or "null")
        return in_language(error["zh"], error["en"]) if error else ""

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def start(self) -> Task | None:
        """Start a sync unless one is running; the engine gets its own connection to the file."""
        return self._run(self._sync, self._succeeded, self._failed)

    def export_bundle(self, folder: Path) -> Task | None:
        """同步包: write this laptop's unsent changes to ``folder`` (a USB stick) on a worker
        thread, as a sync runs; ``bundle_written`` tells the file. A cancel leaves no file."""

        def work(context: TaskContext) -> Path:
            from sync import bundles  # as sync.engine: loaded on the worker thread

            with self.open_store() as store:
                return bundles.export_bundle(store, folder, self._reporter(context))

        return self._run(work, self._exported, self._bundle_failed, self._bundle_cancelled)

    def take_from_stick(self, folder: Path) -> Task | None:
        """导入同步包 on a worker thread: village bundles on the stick are forwarded (a township
        laptop online), this laptop's reply is imported; ``reply_imported`` tells what was done."""

        def work(context: TaskContext) -> Any:
            from sync import bundles

            with self.open_store() as store:
                return bundles.take_from_stick(store, folder, self._reporter(context))

        return self._run(work, self._imported, self._bundle_failed, self._bundle_cancelled)

    def _run(
        self,
        work: Callable[[TaskContext], Any],
        succeeded: Callable[[Any], None],
        failed: Callable[[Exception], None],
        cancelled: Callable[[], None] | None = None,
    ) -> Task | None:
        """One sync-like task at a time — a sync, an export, an import: they share the change log."""
        if self.running:
            return None
        task = Task(work, self)
        self.moved = None
        self.progressed.connect(self._heard)
        task.succeeded.connect(succeeded)
        task.failed.connect(failed)
        task.cancelled.connect(cancelled or (lambda: self._ended(False)))
        self.task = task
        task.start()
        self.changed.emit()
        return task

    def _exported(self, path: Path) -> None:
        self._ended(True)
        self.bundle_written.emit(path)

    def _imported(self, result: StickResult) -> None:
        if result.report is not None:
            self.accounts_received.emit(result.report.users)
        self._ended(True)
        self.reply_imported.emit(result)

    def _bundle_cancelled(self) -> None:
        self._ended(False)
        self.bundle_cancelled.emit()

    def _bundle_failed(self, error: Exception) -> None:
        """A refused bundle is shown beside its buttons; the network's state is not touched."""
        if not isinstance(error, TongxinError):
            log.error("sync bundle failed unexpectedly: %s", error)
        self._ended(False)
        self.bundle_failed.emit(error)

    def _reporter(self, context: TaskContext) -> Callable[[SyncReport], None]:
        """The progress callback of work on the worker thread: heard on the UI thread, and the
        place where a cancel stops the work."""

        def report(progress: SyncReport) -> None:
            self.progressed.emit(progress)
            context.check()

        return report

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _sync(self, context: TaskContext) -> Any:
        from sync.engine import SyncEngine  # requests loads on the worker thread

        with self.open_store() as store:
            return SyncEngine(store, ca_bundle=store.meta("ca_bundle") or None).sync(self._reporter(context))

    def _succeeded(self, report: Any) -> None:
        self.online = True
        self._failures = 0
        self.accounts_received.emit(report.users)
        self._ended(True)
        if self.automatic:
            self._timer.start(RESYNC_MS)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, TongxinError) and error.code == "unreachable":
            self.online = False
        if not isinstance(error, TongxinError):
            log.error("sync failed unexpectedly: %s", error)
        self._ended(False)
        self._back_off()

    def _heard(self, report: SyncReport) -> None:
        self.moved = report

    def _ended(self, ok: bool) -> None:
        """Whatever the ending, pages already pulled are committed: the screens are told."""
        self.progressed.disconnect(self._heard)
        if self.moved is not None and (self.moved.pushed or self.moved.pulled or self.moved.recovered):
            announce(EVERY_KIND)
        self.changed.emit()
        self.finished.emit(ok)

    def _back_off(self) -> None:
        if self.automatic:
            self._timer.start(PROBE_BACKOFF_MS[min(self._failures, len(PROBE_BACKOFF_MS) - 1)])
            self._failures += 1

    def probe_now(self) -> None:
        """Ask the server whether it is there; if it is, sync."""
        url = self.server_url()
        if not url or self.running or (self._probe_task and self._probe_task.running):
            return
        ca_bundle = self.store.meta("ca_bundle") or None

        def reach(_context: TaskContext) -> Any:
            from sync.engine import probe

            return probe(url, ca_bundle=ca_bundle)

        task = Task(reach, self)
        task.succeeded.connect(self._reachable)
        task.failed.connect(self._unreachable)
        self._probe_task = task
        task.start()

    def _reachable(self, _health: Any) -> None:
        self.online = True
        self.changed.emit()
        if self.enrolled():
            self.start()
        elif self.store.meta("enrollment_code"):
            self._enroll_from_config()

    def _enroll_from_config(self) -> None:
        """IT left a one-time code in the machine configuration: enroll with it, once."""
        url, code = self.server_url(), normalize_enrollment_code(self.store.meta("enrollment_code") or "")

        def enroll(_context: TaskContext) -> Any:
            import platform

            from sync.engine import SyncEngine

            with self.open_store() as store:
                grids = SyncEngine(store, ca_bundle=store.meta("ca_bundle") or None).enroll(
                    url or "", code, platform.node() or "laptop"
                )
                with store.transaction():
                    store.set_meta("enrollment_code", "")
                return grids

        task = Task(enroll, self)
        task.succeeded.connect(lambda _grids: self.start())
        task.failed.connect(self._failed)
        self.task = task
        task.start()

    def _unreachable(self, _error: Exception) -> None:
        self.online = False
        self.changed.emit()
        self._back_off()
