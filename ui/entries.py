"""A short table of 工作台 entries that fits its width: each entry on two lines — what it is (走访 ·
household · kind) across the whole width, then when and a note (a place, what to fix) — with no
sideways scrolling, long text elided with the whole of it in the tooltip, and each row opening
its record with Enter or a double click."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
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
    def __init__(self, describe: Describe, *, note_first: bool = False) -> None:
        super().__init__()
        self.describe = describe
        self.note_first = note_first
        self.entries: list[Entry] = []

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1

    def text(self, row: int, part: int) -> str:
        entry = self.entries[row]
        if part == WHEN:
            return when_text(entry)
        return self.describe(entry) if part == WHAT else note_text(entry)

    def shown(self, row: int) -> str:
        """What it is on the first line, whole in a card a third of the window wide (the time
        and a comment beside it cut it to 走…); when and the note on the second, the note first
        where it is what to do (a supervisor's comment)."""
        parts = [self.text(row, WHEN), " ".join(self.text(row, NOTE).split())]  # one line
        second = "  ".join(part for part in (parts[::-1] if self.note_first else parts) if part)
        return f"{self.text(row, WHAT)}\n{second}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.shown(index.row())
        if role == Qt.ItemDataRole.ForegroundRole and self.entries[index.row()].alert:
            return QBrush(ALERT)
        return None


class EntryTable(QTableView):
    opened = Signal(object)

    def __init__(
        self, describe: Describe, parent: QWidget | None = None, *, note_first: bool = False
    ) -> None:
        super().__init__(parent)
        self.entries_model = EntriesModel(describe, note_first=note_first)
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
        self.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().lineSpacing() + 10)
        self.horizontalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.activated.connect(lambda index: self.opened.emit(self.entries_model.entries[index.row()]))

    @property
    def describe(self) -> Describe:
        return self.entries_model.describe

    def show_entries(self, entries: list[Entry]) -> None:
        self.entries_model.set_entries(entries)

    def lines(self) -> list[str]:
        model = self.entries_model
        return ["  ".join(model.text(row, column) for column in range(3)) for row in range(model.rowCount())]
