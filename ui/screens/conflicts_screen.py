"""冲突: two laptops changed the same guarded field without seeing each other. Both values side by
side — which laptop, when — and the supervisor keeps one or writes a merged value. The decision
syncs like any change and closes the conflict on every device."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import TongxinError
from app.models import BY_ENTITY, LabeledEnum
from app.services import conflicts
from app.services.session import Session
from app.store import Store
from ui import palette
from ui.changes import CONFLICTS, Follower, announce
from ui.feedback import error_label, scaled_font, show_error
from ui.i18n import current_language, enum_label
from ui.list_model import local_time


class SidePanel(QGroupBox):
    """One side of a conflict: its value, the laptop it came from, when; and a button to keep it."""

    keep = Signal()

    def __init__(self, title: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.value = QLabel()
        self.value.setObjectName(f"{name}_value")
        self.value.setWordWrap(True)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value.setFont(scaled_font(self.value, 1.1))
        self.value.setStyleSheet(f"padding: 6px; background: {palette.PANEL};")
        self.device = QLabel()
        self.when = QLabel()
        self.provisional = QLabel(self.tr("Shown now, until you decide"))
        self.provisional.setStyleSheet(f"color: {palette.WAITING};")
        self.button = QPushButton(self.tr("Keep this value"))
        self.button.setObjectName(f"keep_{name}")
        self.button.clicked.connect(self.keep.emit)
        form = QFormLayout(self)
        form.addRow(self.tr("Value"), self.value)
        form.addRow(self.tr("Laptop"), self.device)
        form.addRow(self.tr("Changed at"), self.when)
        form.addRow("", self.provisional)
        form.addRow("", self.button)

    def present(self, conflict: conflicts.Conflict, side: conflicts.Side) -> None:
        self.value.setText(conflict.shown(side.value, current_language()))
        self.device.setText(side.device_name)
        self.when.setText(local_time(side.at.isoformat()))
        self.provisional.setVisible(side is conflict.provisional)


class ConflictsScreen(QWidget):
    def __init__(self, store: Store, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.open: list[conflicts.Conflict] = []
        self.choosing = False
        self.list = QListWidget()
        self.list.setObjectName("conflict_list")
        self.list.currentRowChanged.connect(self._selected)
        self.heading = QLabel()
        self.heading.setFont(scaled_font(self.heading, 1.15, bold=True))
        self.current_side = SidePanel(self.tr("Value the server had"), "current")
        self.incoming_side = SidePanel(self.tr("Value sent later by another laptop"), "incoming")
        self.current_side.keep.connect(lambda: self._settle(self.conflict().current.value))
        self.incoming_side.keep.connect(lambda: self._settle(self.conflict().incoming.value))
        self.choice = QComboBox()
        self.choice.setObjectName("merged_choice")
        self.text = QPlainTextEdit()
        self.text.setObjectName("merged_text")
        self.text.setMaximumHeight(100)
        self.text.setTabChangesFocus(True)  # Tab goes on to the button that keeps it
        self.error = error_label("merged_error")
        self.merge_button = QPushButton(self.tr("Keep the value above"))
        self.merge_button.setObjectName("keep_merged")
        self.merge_button.clicked.connect(self._settle_merged)
        merged = QGroupBox(self.tr("Or write the value to keep"))
        merged_layout = QVBoxLayout(merged)
        for widget in (self.choice, self.text, self.error, self.merge_button):
            merged_layout.addWidget(widget)
        sides = QHBoxLayout()
        sides.addWidget(self.current_side)
        sides.addWidget(self.incoming_side)
        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.addWidget(self.heading)
        body_layout.addLayout(sides)
        body_layout.addWidget(merged)
        body_layout.addStretch(1)
        self.empty = QLabel(self.tr("No open conflicts."))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.list)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.body)
        splitter.setStretchFactor(1, 2)
        QVBoxLayout(self).addWidget(splitter)
        Follower(self, {CONFLICTS}, self.refresh)
        self.refresh()

    def field_label(self, conflict: conflicts.Conflict) -> str:
        names = {
            "status": self.tr("Status"),
            "outcome": self.tr("Outcome"),
            "agreement": self.tr("Agreement"),
            "mediator": self.tr("Mediator"),
            "decision": self.tr("Review decision"),
            "review_state": self.tr("Review state"),
        }
        return names.get(conflict.field, conflict.field)

    def refresh(self) -> None:
        """Read the open conflicts again; the one being decided stays chosen while it is open."""
        before = (
            self.open[self.list.currentRow()].id if 0 <= self.list.currentRow() < len(self.open) else None
        )
        self.open = conflicts.open_conflicts(self.store, self.session)
        self.list.clear()
        for conflict in self.open:
            self.list.addItem(f"{conflict.record_title} · {self.field_label(conflict)}")
        self.empty.setVisible(not self.open)
        self.body.setVisible(bool(self.open))
        if self.open:
            ids = [conflict.id for conflict in self.open]
            self.list.setCurrentRow(ids.index(before) if before in ids else 0)

    def conflict(self) -> conflicts.Conflict:
        return self.open[self.list.currentRow()]

    def _enum(self, conflict: conflicts.Conflict) -> type[LabeledEnum] | None:
        model = BY_ENTITY.get(conflict.entity)
        annotation = model.model_fields[conflict.field].annotation if model else None
        return annotation if isinstance(annotation, type) and issubclass(annotation, LabeledEnum) else None

    def _selected(self, row: int) -> None:
        if row < 0 or row >= len(self.open):
            return
        conflict = self.open[row]
        self.heading.setText(f"{conflict.record_title} — {self.field_label(conflict)}")
        self.current_side.present(conflict, conflict.current)
        self.incoming_side.present(conflict, conflict.incoming)
        show_error(self.error, None)
        enum = self._enum(conflict)
        self.choosing = enum is not None
        self.choice.setVisible(enum is not None)
        self.text.setVisible(enum is None)
        self.choice.clear()
        if enum is not None:
            for member in enum:
                self.choice.addItem(enum_label(member), member.value)
            self.choice.setCurrentIndex(self.choice.findData(conflict.provisional.value))
        else:
            self.text.setPlainText(conflict.provisional.value or "")

    def _merged(self) -> Any:
        if self.choosing:
            return self.choice.currentData()
        return self.text.toPlainText().strip()

    def _settle_merged(self) -> None:
        value = self._merged()
        if value in ("", None):
            show_error(self.error, self.tr("Write the value to keep, or keep one of the two above."))
            return
        self._settle(value)

    def _settle(self, value: Any) -> None:
        try:
            conflicts.settle(self.store, self.session, self.conflict(), value)
        except TongxinError as refused:
            show_error(self.error, refused)
            return
        announce({CONFLICTS, "conflict_resolutions", self.conflict().entity})
