"""Long work off the UI thread, in one helper: sync, exports and imports all go through ``Task``.

The work is a plain function taking a ``TaskContext``; it reports progress and checks for a
cancel through it. Results, failures and progress arrive on the UI thread as Qt signals, so no
screen hand-rolls threads and typing never waits for the network or the disk. A task that writes
names the kinds of record it changes; they are announced (``ui.changes``) when it succeeds.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.errors import TongxinError
from ui.changes import announce

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task by ``TaskContext.check`` once the person pressed cancel."""


class TaskContext:
    def __init__(self, task: Task) -> None:
        self._task = task
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self._task.progressed.emit(done, total, text)


class Task(QObject):
    """One run of background work; lives on the UI thread, so its signals arrive there."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(
        self,
        work: Callable[[TaskContext], Any],
        parent: QObject | None = None,
        *,
        changes: Iterable[str] = (),
    ) -> None:
        super().__init__(parent)
        self._work = work
        self.context = TaskContext(self)
        self.running = False
        self.changes = frozenset(changes)
        # Connected first, so screens redraw before the caller hears of the success; a method of
        # this object (which lives on the UI thread), so it runs there.
        self.succeeded.connect(self._announce)

    def _announce(self, _result: object) -> None:
        announce(self.changes)

    def start(self) -> None:
        """Run on the shared thread pool. Connect to the signals first: a quick task may finish
        before the next line of the caller runs."""
        self.running = True
        task_pool().start(_Runnable(self))

    def cancel(self) -> None:
        self.context._cancel.set()

    def _run(self) -> None:
        outcome: tuple[Any, ...]
        try:
            outcome = (self.succeeded, self._work(self.context))
        except Cancelled:
            outcome = (self.cancelled,)
        except TongxinError as refused:  # worded for a person: the words are the whole story
            log.warning("background task refused (%s): %s", refused.code, refused.en)
            outcome = (self.failed, refused)
        except Exception as exc:  # every failure reaches the screen that started the work
            log.exception("background task failed")
            outcome = (self.failed, exc)
        # Not running any more before anyone hears the outcome, so their screens redraw idle.
        self.running = False
        signal, *args = outcome
        signal.emit(*args)
        self.finished.emit()


# Tasks mostly wait, on the network or the disk; Qt's global pool has a thread per core, two on a
# village laptop, so a long sync and an export held back a search of the archive until they ended.
TASK_THREADS = 8


@cache
def task_pool() -> QThreadPool:
    pool = QThreadPool()
    pool.setMaxThreadCount(TASK_THREADS)
    return pool


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()
