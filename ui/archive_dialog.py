"""在服务器上查找已归档的记录: a worker, online, searches the server's archive of their grids and
brings a record back to this laptop (``sync.archive``), on the task helper with a store of its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import TongxinError
from app.services.naming import entity_label
from app.store import Store, archive
from ui.tasks import Task, TaskContext


class ArchiveDialog(QDialog):
    def __init__(
        self, open_store: Callable[[], Store], ui_store: Store | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ui_store = ui_store
        self.setWindowTitle(self.tr("Find archived records on the server"))
        self.open_store = open_store
        self.task: Task | None = None
        self.query = QLineEdit()
        self.query.setObjectName("archive_query")
        self.query.setPlaceholderText(self.tr("A name, a title, words of a summary"))
        self.query.returnPressed.connect(self.search)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setObjectName("archive_search")
        self.search_button.clicked.connect(self.search)
        self.hits = QListWidget()
        self.hits.setObjectName("archive_hits")
        self.bring_back_button = QPushButton(self.tr("Bring back to this laptop"))
        self.bring_back_button.setObjectName("bring_back")
        self.bring_back_button.clicked.connect(self.bring_back)
        self.outcome = QLabel()
        self.outcome.setObjectName("archive_outcome")
        self.outcome.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.search_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.hits, 1)
        layout.addWidget(self.bring_back_button)
        layout.addWidget(self.outcome)
        layout.addWidget(close)
        self.resize(560, 420)

    def _run(
        self, work: Callable[[Any], object], done: Callable[[Any], None], *, changes: tuple[str, ...] = ()
    ) -> Task:
        from sync.engine import SyncEngine  # requests loads on demand, as the sync screen's does

        def run(_context: TaskContext) -> object:
            store = self.open_store()
            try:
                return work(SyncEngine(store, ca_bundle=store.meta("ca_bundle") or None))
            finally:
                if store is not self.ui_store:
                    store.close()

        task = Task(run, changes=changes)  # no parent: the dialog may close before the answer comes
        task.succeeded.connect(done)
        task.failed.connect(self._failed)
        task.finished.connect(lambda: self._busy(False))
        self.task = task
        self._busy(True)
        task.start()
        return task

    def _busy(self, busy: bool) -> None:
        self.search_button.setEnabled(not busy)
        self.bring_back_button.setEnabled(not busy)

    def _failed(self, error: Exception) -> None:
        text = error.zh if isinstance(error, TongxinError) else str(error)
        self.outcome.setText(self.tr("Could not reach the server: %1").replace("%1", text))

    def search(self) -> Task | None:
        from sync import archive as fetching

        text = self.query.text().strip()
        if not text:
            return None
        return self._run(lambda engine: fetching.search(engine, text), self._found)

    def _found(self, hits: list[Any]) -> None:
        self.hits.clear()
        for hit in hits:
            label = entity_label(hit.entity)[0]
            item = QListWidgetItem(
                f"{hit.title} · {hit.subtitle} （{label}）" if hit.subtitle else f"{hit.title} （{label}）"
            )
            item.setData(Qt.ItemDataRole.UserRole, (hit.entity, str(hit.record_id)))
            self.hits.addItem(item)
        self.outcome.setText(self.tr("%1 found").replace("%1", str(len(hits))))
        if hits:
            self.hits.setCurrentRow(0)

    def bring_back(self) -> Task | None:
        from sync import archive as fetching

        item: QListWidgetItem | None = self.hits.currentItem()  # None when nothing is chosen
        if item is None:
            return None
        entity, record_id = item.data(Qt.ItemDataRole.UserRole)
        return self._run(
            lambda engine: fetching.bring_back(engine, entity, record_id),
            self._brought,
            changes=tuple(sorted(archive.KINDS)),
        )

    def _brought(self, count: int) -> None:
        self.outcome.setText(self.tr("Brought back %1 records to this laptop.").replace("%1", str(count)))
