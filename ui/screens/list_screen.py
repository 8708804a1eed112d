"""A record list with its filter bar and detail pane: the shape of 住户, 走访, 纠纷 and 志愿服务.

A subclass names its columns, filters, form, the kinds of record it shows and how to describe a
record; this class does the rest: search as you type (debounced), date range, choice filters,
sortable columns whose widths are remembered, a detail pane for the selected row, and a redraw
whenever one of the kinds it shows is announced changed (a save in any form, a sync).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Generic, TypeVar

from PySide6.QtCore import QItemSelection, QSettings, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import RecordNotFound
from app.models import Record, Reviewed
from app.services import grids, scoped
from app.services.session import PermissionDenied, Session
from app.store import Store
from app.store.listing import ListFilter
from app.validation.normalize import InputKind, normalize_input
from ui import preferences
from ui.changes import Follower
from ui.flow_layout import FlowLayout
from ui.forms.fields import Choice, DateField
from ui.forms.record_form import RecordForm
from ui.list_model import ColumnView, RecordListModel
from ui.screens.review_section import review_section

FILTER_DELAY_MS = 250
R = TypeVar("R", bound=Record)


class ListScreen(QWidget, Generic[R]):
    form_opened = Signal(object)
    # The kind of record listed: what the detail pane describes and the form edits.
    record_type: type[R]
    # Every kind of record the list or its detail pane shows: a change to one redraws the screen.
    shows: ClassVar[frozenset[str]]
    default_sort: ClassVar[str]
    form: type[RecordForm[R]]

    def __init__(self, store: Store, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entity = self.record_type.entity
        self.store = store
        self.session = session
        columns = self.columns()
        columns[1:1] = self.grid_columns()  # beside what names the row, not off to the right
        self.model = RecordListModel(store, session, self.entity, columns, sort=self.default_sort)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Search (Ctrl+F): name, pinyin, address, phone or ID tail"))
        self.search.setClearButtonEnabled(True)
        self.date_from = DateField(optional=True)
        self.date_to = DateField(optional=True)
        self.choices = self.choice_filters()
        self.new_button = QPushButton(self.tr("%1 (Ctrl+N)").replace("%1", self.new_label()))
        self.new_button.setObjectName("new")
        self.new_button.clicked.connect(lambda: self.open_form(None))
        QShortcut(QKeySequence.StandardKey.New, self, lambda: self.open_form(None))
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        for action in self.top_actions():
            top.addWidget(action)
        filters = QWidget()
        flow = FlowLayout(filters)
        flow.setContentsMargins(0, 0, 0, 0)
        for label, editor in (
            (self.tr("From"), self.date_from),
            (self.tr("To"), self.date_to),
            *self.choices.values(),
        ):
            pair = QWidget()
            line = QHBoxLayout(pair)
            line.setContentsMargins(0, 0, 0, 0)
            caption = QLabel(label)
            caption.setBuddy(editor)
            line.addWidget(caption)
            line.addWidget(editor)
            flow.addWidget(pair)
        self.table = QTableView()
        self.table.setObjectName("list")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for the detail: arrows move in it
        # One line per row, cut with "…": wrapping text inside a fixed row height only clips it,
        # and laying it out for wrapping costs every redraw. Rows are told apart by the grid, not
        # by alternating colours, which doubled the time to draw the rows after each keystroke.
        self.table.setWordWrap(False)
        # A scroll bar that comes and goes with the number of rows would redraw the list twice.
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.table.verticalHeader().hide()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(
            self.model.column_of(self.default_sort), Qt.SortOrder.DescendingOrder
        )
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._fitted = self._restore_columns()
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._save_columns())
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.model.replaced.connect(self.table.selectionModel().clear)
        self.table.doubleClicked.connect(lambda index: self.open_form(self.model.record_id(index.row())))
        self.table.activated.connect(lambda index: self.open_form(self.model.record_id(index.row())))
        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        self.shown_id: str | None = None
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.detail, 1)
        actions = self.detail_actions()
        if actions is not None:
            side_layout.addWidget(actions)
        # The list keeps room for a few columns whatever the buttons under the detail pane need.
        self.table.setMinimumWidth(36 * self.table.fontMetrics().horizontalAdvance("0"))
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([3000, 2000])  # three fifths to the list at first, not what the pane asks
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(filters)
        layout.addWidget(splitter, 1)
        self._timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        for date_field in (self.date_from, self.date_to):
            date_field.changed.connect(self._day_typed)
        for _label, combo in self.choices.values():
            combo.changed.connect(self.apply_filter)
        Follower(self, self.shows, self.refresh)

    def columns(self) -> list[ColumnView]:
        raise NotImplementedError

    def grid_columns(self) -> list[ColumnView]:
        """Which grid each row is of, by name, for a person who covers more than one."""
        if len(self.session.grids) < 2:
            return []
        named = grids.labels(self.store, self.session.grids)
        return [ColumnView("grid", self.tr("Grid"), lambda code: named.get(code, ""), width=130)]

    def choice_filters(self) -> Mapping[str, tuple[str, Choice]]:
        """Drop-downs that narrow the list, by the name of the list's condition they fill."""
        return {}

    def new_label(self) -> str:
        raise NotImplementedError

    def describe(self, record: R) -> str:
        """The detail pane's HTML for a record."""
        raise NotImplementedError

    def top_actions(self) -> list[QWidget]:
        """Buttons beside the new-record button acting on the list as a whole (an import)."""
        return []

    def detail_actions(self) -> QWidget | None:
        """Buttons under the detail pane acting on the selected record, if the list has any."""
        return None

    def on_selected(self, record: R | None) -> None:
        """The selection changed (None: nothing selected)."""

    def current_filter(self) -> ListFilter:
        return ListFilter(
            text=normalize_input(self.search.text(), InputKind.LINE),
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            choices={name: combo.raw() for name, (_label, combo) in self.choices.items() if combo.raw()},
        )

    def _day_typed(self) -> None:
        """A key typed into 从 or 至: the list is read again once the days the filters name change,
        not at each digit of one."""
        if self.current_filter() != self.model.filter:
            self.apply_filter()

    def apply_filter(self) -> None:
        self._timer.stop()
        shown = self.model.rowCount()
        self.model.set_filter(self.current_filter())
        self.table.scrollToTop()  # what was typed is looked for from the first row
        if self.model.rowCount() != shown:
            self.table.doItemsLayout()  # laid out now, so the rows are drawn once, not twice
        self.show_nothing()

    def show_nothing(self) -> None:
        self.shown_id = None
        if not self.detail.document().isEmpty():  # clearing an empty pane still redraws it
            self.detail.clear()
        self.on_selected(None)

    def refresh(self) -> None:
        """Read the list again, keeping the record the worker was looking at."""
        chosen = self.selected_id()
        self.model.reload()
        if chosen is None:
            return
        try:
            self.select_record(chosen)
        except (RecordNotFound, PermissionDenied):  # deleted or moved to another grid meanwhile
            self.show_nothing()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_id(rows[0].row()) if rows else self.shown_id

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        self.show_record(self.model.record_id(indexes[0].row()))

    def record(self, record_id: str) -> R:
        """A record of the person's grids (the service refuses any other)."""
        return scoped.get(self.store, self.session, self.record_type, record_id)

    def details_of(self, record_id: str) -> str:
        return self._details(self.record(record_id))

    def _details(self, record: R) -> str:
        """The detail pane's HTML, with where the record stands in review."""
        html = self.describe(record)
        return html + review_section(self.store, record) if isinstance(record, Reviewed) else html

    def show_record(self, record_id: str) -> None:
        record = self.record(record_id)
        self.shown_id = record_id
        self.detail.setHtml(self._details(record))
        self.on_selected(record)

    def select_record(self, record_id: str) -> None:
        """Select a record's row if it is on the fetched pages, and show it either way."""
        rows = [row for row in range(self.model.rowCount()) if self.model.record_id(row) == record_id]
        if rows:
            self.table.selectRow(rows[0])
        self.show_record(record_id)

    def open_form(self, record_id: str | None) -> RecordForm[R]:
        record = self.record(record_id) if record_id else None
        form = self.form(self.store, self.session, record, parent=self)
        form.show()
        form.activateWindow()  # typing goes to the new form at once, not to the list behind it
        self.form_opened.emit(form)
        return form

    def _settings_key(self) -> str:
        """Widths a person set are kept per text size (what fits at 100% is cut at 150%) and per set
        of columns: a supervisor's list has a grid column a worker's lacks, on the same laptop."""
        shown = "-".join(column.key for column in self.model.columns)
        return f"lists/{self.entity}/header/{preferences.text_scale()}/{shown}"

    def _restore_columns(self) -> bool:
        state = QSettings().value(self._settings_key())
        return state is not None and self.table.horizontalHeader().restoreState(state)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self._fit_columns()
            if not self.model.rowCount():  # fitted to the titles; the first rows widen it once
                self.model.rowsInserted.connect(self._fit_columns, Qt.ConnectionType.SingleShotConnection)

    def _fit_columns(self) -> None:
        """Each column as wide as its title and what the first page shows in it — a time, a team's
        whole name — up to a cap that keeps one long summary from pushing the rest out of sight."""
        header = self.table.horizontalHeader()
        scale = preferences.text_scale() / 100
        with QSignalBlocker(header):  # fitted, not chosen: nothing to remember yet
            for number, column in enumerate(self.model.columns):
                content = min(self.table.sizeHintForColumn(number), round(column.width * scale * 1.5))
                header.resizeSection(number, max(header.sectionSizeHint(number), content))

    def _save_columns(self) -> None:
        QSettings().setValue(self._settings_key(), self.table.horizontalHeader().saveState())
