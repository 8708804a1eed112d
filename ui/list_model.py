"""A record list as a Qt table model that reads a page at a time.

The view asks ``canFetchMore``/``fetchMore`` as the person scrolls, so a list over 100,000 visits
holds only the rows that have been looked at. Sorting and filtering start again from the first
page, in the database, never in Python.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.models.labels import LabeledEnum
from app.services.lists import page
from app.services.session import Session
from app.store import Store
from app.store.listing import ListFilter
from ui import calendar_day, palette
from ui.i18n import enum_label, join_list

Index = QModelIndex | QPersistentModelIndex
PAGE_ROWS = 100
ALERT = QColor(palette.ALERT)


def local_time(text: str | None) -> str:
    """A stored UTC time as the laptop's local time."""
    return datetime.fromisoformat(text).astimezone().strftime("%Y-%m-%d %H:%M") if text else ""


def plain(value: Any) -> str:
    return "" if value is None else str(value)


def labels_of(enum: type[LabeledEnum]) -> Callable[[Any], str]:
    def label(value: Any) -> str:
        return enum_label(enum(value)) if value else ""

    return label


def label_list_of(enum: type[LabeledEnum]) -> Callable[[Any], str]:
    def labels(value: Any) -> str:
        return join_list(enum_label(enum(v)) for v in json.loads(value or "[]"))

    return labels


@dataclass(frozen=True)
class ColumnView:
    key: str
    title: str
    show: Callable[[Any], str] = plain
    width: int = 120
    alert: Callable[[Any], bool] | None = None  # shown in red when true (an overdue follow-up)


class RecordListModel(QAbstractTableModel):
    # The rows were read again (a filter, a sort, a save): a row number chosen before means
    # another record now, so a view drops its selection.
    replaced = Signal()

    def __init__(
        self, store: Store, session: Session, entity: str, columns: list[ColumnView], *, sort: str
    ) -> None:
        super().__init__()
        self.store = store
        self.session = session
        self.entity = entity
        self.columns = columns
        self.sort_key = sort
        self.descending = True
        self.filter = ListFilter()
        self.rows: list[dict[str, Any]] = []
        self._more = True

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            column = self.columns[index.column()]
            return column.show(row[column.key])
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        if role == Qt.ItemDataRole.ForegroundRole:
            column = self.columns[index.column()]
            if column.alert is not None and column.alert(row[column.key]):
                return QBrush(ALERT)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def _page(self, offset: int) -> tuple[list[dict[str, Any]], bool]:
        """A page of rows from ``offset``, and whether more follow."""
        rows = page(
            self.store,
            self.session,
            self.entity,
            # Today asked at each read: a list open past midnight shows the new day's care groups.
            replace(self.filter, today=calendar_day.local_today()),
            sort=self.sort_key,
            descending=self.descending,
            offset=offset,
            limit=PAGE_ROWS + 1,
        )
        return rows[:PAGE_ROWS], len(rows) > PAGE_ROWS

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        rows, self._more = self._page(len(self.rows))
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_key = self.columns[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def set_filter(self, wanted: ListFilter) -> None:
        self.filter = wanted
        self.reload()

    def reload(self) -> None:
        """Start again from the first page (after a sort, a filter or a save). The page is read
        before the view is told, so it changes once and draws once: never an empty table first."""
        rows, more = self._page(0)
        self._replace(rows)
        self._more = more

    def _replace(self, rows: list[dict[str, Any]]) -> None:
        """Swap in new rows telling the view only what changed: rows beyond the shorter list
        removed or inserted, and the span of rows in both whose values differ redrawn. A model
        reset made the view reset its header and lay itself out again, which redrew the header
        and both scroll bars on every keystroke (a third of drawing the filtered rows); with a
        page as long as the last one, only the cells that changed are drawn."""
        old, new = len(self.rows), len(rows)
        if new < old:
            self.beginRemoveRows(QModelIndex(), new, old - 1)
            previous, self.rows = self.rows, rows
            self.endRemoveRows()
        elif new > old:
            self.beginInsertRows(QModelIndex(), old, new - 1)
            previous, self.rows = self.rows, rows
            self.endInsertRows()
        else:
            previous, self.rows = self.rows, rows
        changed = [row for row in range(min(old, new)) if previous[row] != rows[row]]
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(self.columns) - 1))
        self.replaced.emit()

    def record_id(self, row: int) -> str:
        return self.rows[row]["id"]

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)
