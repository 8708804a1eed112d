"""审核: the supervisor's queue of visits, disputes at their milestones and volunteer activities
waiting for a decision. Pick one, read it, approve it or return it with a comment. Routine visits
may be reviewed by sample (抽查): the share set above the queue, kept on this laptop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import TongxinError
from app.services import reviews
from app.services.session import Session
from app.store import Store
from ui.changes import Follower, announce
from ui.feedback import error_label, show_error
from ui.i18n import enum_label
from ui.list_model import local_time

Describe = Callable[[str, str], str]


# What the queue and its detail pane show: a decision, a resubmission or a sync redraws it.
REVIEW_KINDS = frozenset({"visits", "disputes", "volunteer_activities", "reviews"})


class ReviewScreen(QWidget):
    def __init__(
        self, store: Store, session: Session, describe: Describe, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.describe = describe
        self.waiting: list[reviews.Waiting] = []
        self.kinds = {
            "visits": self.tr("Visit"),
            "disputes": self.tr("Dispute"),
            "volunteer_activities": self.tr("Volunteer activity"),
        }
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("review_queue")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Kind"),
                self.tr("Record"),
                self.tr("Grid"),
                self.tr("Entered by"),
                self.tr("Changed at"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the queue for the comment: arrows move inside it
        # Every column as wide as its text, nothing cut; a narrow window scrolls the queue instead.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.itemSelectionChanged.connect(self._selected)
        self.count = QLabel()
        self.sample = QSpinBox()
        self.sample.setObjectName("review_sample")
        self.sample.setRange(0, 100)
        self.sample.setSuffix("%")
        self.sample.setValue(reviews.sample_percent(store))
        self.sample.setToolTip(
            self.tr(
                "Routine visits reviewed by sample; disputes, activities and visits with a service "
                "item are always reviewed."
            )
        )
        self.sample_button = QPushButton(self.tr("Set sample"))
        self.sample_button.setObjectName("review_sample_set")
        self.sample_button.clicked.connect(self._set_sample)
        self.sample_error = error_label("review_sample_error")
        sample_row = QHBoxLayout()
        sample_row.addWidget(QLabel(self.tr("Routine visits reviewed by sample")))
        sample_row.addWidget(self.sample)
        sample_row.addWidget(self.sample_button)
        sample_row.addStretch(1)
        self.detail = QTextBrowser()
        self.detail.setObjectName("review_detail")
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("review_comment")
        self.comment.setPlaceholderText(self.tr("Comment (required when returning: say what to fix)"))
        self.comment.setMaximumHeight(90)
        self.comment.setTabChangesFocus(True)  # Tab goes on to the buttons
        self.error = error_label("review_error")
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("approve")
        self.return_button = QPushButton(self.tr("Return to worker"))
        self.return_button.setObjectName("send_back")
        self.approve_button.clicked.connect(lambda: self._decide(reviews.approve))
        self.return_button.clicked.connect(lambda: self._decide(reviews.send_back))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.approve_button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.detail, 1)
        side_layout.addWidget(self.comment)
        side_layout.addWidget(self.error)
        side_layout.addLayout(buttons)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(sample_row)
        left_layout.addWidget(self.sample_error)
        left_layout.addWidget(self.count)
        left_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        QVBoxLayout(self).addWidget(splitter)
        Follower(self, REVIEW_KINDS, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Read the queue again; the record being read stays selected if it still waits, and a
        comment being typed is kept."""
        before = self.current()
        self.waiting = reviews.queue(self.store, self.session)
        self.table.clearSelection()  # the next pick must be heard, even of the same row number
        self.table.setRowCount(len(self.waiting))
        for row, item in enumerate(self.waiting):
            cells = (
                self.kinds[item.entity],
                f"{item.name} · {enum_label(item.kind)}" if item.kind else item.name,
                item.grid_name,
                item.author_name,
                local_time(item.updated_at.isoformat()),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        percent = reviews.sample_percent(self.store)
        waiting = self.tr("%1 waiting for review").replace("%1", str(len(self.waiting)))
        if percent < 100:
            waiting += self.tr(" (routine visits: a %1% sample; disputes and service items: all)").replace(
                "%1", str(percent)
            )
        self.count.setText(waiting)
        self.detail.clear()
        self._enable(False)
        kept = [
            row
            for row, item in enumerate(self.waiting)
            if before is not None and (item.entity, item.record_id) == (before.entity, before.record_id)
        ]
        if kept:
            self.table.selectRow(kept[0])

    def _set_sample(self) -> None:
        try:
            reviews.set_sample_percent(self.store, self.session, self.sample.value())
        except TongxinError as refused:
            show_error(self.sample_error, refused)
            return
        show_error(self.sample_error, None)
        self.refresh()

    def current(self) -> reviews.Waiting | None:
        rows = self.table.selectionModel().selectedRows()
        return self.waiting[rows[0].row()] if rows else None

    def _selected(self) -> None:
        item = self.current()
        self._enable(item is not None)
        show_error(self.error, None)
        if item is not None:
            self.detail.setHtml(self.describe(item.entity, item.record_id))

    def _enable(self, enabled: bool) -> None:
        self.approve_button.setEnabled(enabled)
        self.return_button.setEnabled(enabled)

    def _decide(self, decision: Callable[..., object]) -> None:
        item = self.current()
        if item is None:
            return
        try:
            decision(
                self.store, self.session, item.entity, item.record_id, self.comment.toPlainText().strip()
            )
        except TongxinError as refused:
            show_error(self.error, refused)
            return
        self.comment.clear()
        show_error(self.error, None)
        announce({"reviews", item.entity})
