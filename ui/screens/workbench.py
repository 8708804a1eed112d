"""工作台: the day at a glance — follow-ups falling due (overdue in red), what was just recorded,
and how much waits to sync."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.disputes import needing_attention
from app.services.reviews import returned_to
from app.services.session import Session
from app.services.workbench import today_for
from app.store import Store
from ui.i18n import enum_label
from ui.list_model import local_time

OVERDUE = QColor("#c62828")


class WorkbenchScreen(QWidget):
    new_visit = Signal()
    new_household = Signal()
    new_dispute = Signal()

    def __init__(self, store: Store, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.greeting = QLabel()
        self.greeting.setObjectName("greeting")
        self.pending = QLabel()
        self.due = QListWidget()
        self.due.setObjectName("due")
        self.recent = QListWidget()
        self.recent.setObjectName("recent")
        self.major = QListWidget()
        self.major.setObjectName("major")
        self.returned = QListWidget()
        self.returned.setObjectName("returned")
        self.session = session
        buttons = QHBoxLayout()
        for text, signal in (
            (self.tr("New visit"), self.new_visit),
            (self.tr("New household"), self.new_household),
            (self.tr("New dispute"), self.new_dispute),
        ):
            button = QPushButton(text)
            button.clicked.connect(signal.emit)
            buttons.addWidget(button)
        buttons.addStretch(1)
        columns = QHBoxLayout()
        for title, widget in (
            (self.tr("Follow-ups due"), self.due),
            (self.tr("Major-risk disputes"), self.major),
            (self.tr("Recently recorded"), self.recent),
            (self.tr("Returned to me"), self.returned),
        ):
            column = QVBoxLayout()
            column.addWidget(QLabel(f"<b>{title}</b>"))
            column.addWidget(widget)
            columns.addLayout(column)
        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        layout.addLayout(buttons)
        layout.addWidget(self.pending)
        layout.addLayout(columns)
        self.greeting.setText(self.tr("Hello, %1").replace("%1", session.display_name))
        self.refresh()

    def refresh(self) -> None:
        today = date.today()
        figures = today_for(self.store, today)
        self.pending.setText(
            self.tr("Changes waiting to sync: %1").replace("%1", str(figures.pending_changes))
        )
        self.due.clear()
        for item in figures.due:
            text = f"{item.due_on.isoformat()}  {item.title}"
            if item.overdue(today):
                text = self.tr("Overdue") + "  " + text
            entry = QListWidgetItem(text)
            if item.overdue(today):
                entry.setForeground(QBrush(OVERDUE))
            self.due.addItem(entry)
        if not figures.due:
            self.due.addItem(self.tr("Nothing due in the next 7 days."))
        self.major.clear()
        for dispute in needing_attention(self.store):
            entry = QListWidgetItem(f"{enum_label(dispute.status)}  {dispute.title}  {dispute.location}")
            entry.setForeground(QBrush(OVERDUE))
            self.major.addItem(entry)
        if not self.major.count():
            self.major.addItem(self.tr("No open major-risk disputes."))
        self.returned.clear()
        for sent_back in returned_to(self.store, self.session.username):
            entry = QListWidgetItem(
                f"{sent_back.name}：{sent_back.review.comment}（{sent_back.review.reviewer}）"
            )
            entry.setForeground(QBrush(OVERDUE))
            self.returned.addItem(entry)
        if not self.returned.count():
            self.returned.addItem(self.tr("Nothing returned."))
        self.recent.clear()
        for visit in figures.recent_visits:
            when = local_time(visit.visited_at.isoformat())
            self.recent.addItem(f"{when}  {enum_label(visit.visit_type)}  {visit.summary[:30]}")
        for dispute in figures.recent_disputes:
            self.recent.addItem(f"{enum_label(dispute.status)}  {dispute.title}")
