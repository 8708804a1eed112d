"""A short table of 工作台 entries — when, what, and a note (a place, a comment) — that fits its
width: no sideways scrolling, long text elided with the whole of it in the tooltip, and each row
opening its record with Enter or a double click."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.services.workbench import Entry
from ui import palette
from ui.list_model import local_time

Describe = Callable[[Entry], str]
Index = QModelIndex | QPersistentModelIndex
ALERT = QColor(palette.ALERT)
WHEN, WHAT, NOTE = range(3)


def when_text(entry: Entry) -> str:
    if isinstance(entry.when, datetime):
        return local_time(entry.when.isoformat())
    return entry.when.isoformat()


def note_text(entry: Entry) -> str:
    return " · ".join(part for part in (entry.note, entry.by) if part)


class EntriesModel(QAbstractTableModel):
    def __init__(self, describe: Describe) -> None:
        super().__init__()
        self.describe = describe
        self.entries: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def text(self, row: int, column: int) -> str:
        entry = self.entries[row]
        if column == WHEN:
            return when_text(entry)
        return self.describe(entry) if column == WHAT else note_text(entry)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.ForegroundRole and self.entries[index.row()].alert:
            return QBrush(ALERT)
        return None


class EntryTable(QTableView):
    opened = Signal(object)

    def __init__(self, describe: Describe, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries_model = EntriesModel(describe)
        self.setModel(self.entries_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTabKeyNavigation(False)  # Tab leaves the table: arrows move inside it
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(WHAT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Fixed)
        self.activated.connect(lambda index: self.opened.emit(self.entries_model.entries[index.row()]))

    @property
    def describe(self) -> Describe:
        return self.entries_model.describe

    def show_entries(self, entries: list[Entry]) -> None:
        self.entries_model.set_entries(entries)
        self._size_note()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._size_note()

    def _size_note(self) -> None:
        """The note (a place, a comment) as wide as it needs, up to two fifths of the table: what
        the entry is keeps the rest."""
        needed = self.sizeHintForColumn(NOTE) if self.entries_model.rowCount() else 0
        self.horizontalHeader().resizeSection(NOTE, min(needed, self.viewport().width() * 2 // 5))

    def lines(self) -> list[str]:
        model = self.entries_model
        return ["  ".join(model.text(row, column) for column in range(3)) for row in range(model.rowCount())]
