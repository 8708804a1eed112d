"""工作台: the worker's day — what falls due (overdue in red), what a supervisor sent back, open
major-risk disputes, what was just recorded, and how many records wait to sync.

Four cards that fit the window without scrolling sideways, each with its count and, when there
are more entries than it shows, a "全部…" button listing them all. Every entry opens its record:
Enter or a double click; one sent back for changes opens straight in its form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.session import Session
from app.services.workbench import (
    ALL_ENTRIES,
    Card,
    Day,
    Entry,
    care,
    day_for,
    due,
    major,
    recent,
    returned,
    services,
)
from app.store import Store
from ui import calendar_day, palette
from ui.changes import Follower
from ui.definitions import major_definition, overdue_definition
from ui.entries import Describe, EntryTable
from ui.feedback import scaled_font
from ui.i18n import enum_label
from ui.status_bar import describe_waiting


class CardBox(QFrame):
    """One card: its heading with the count, its entries (or a line saying there are none), and
    the button listing them all."""

    opened = Signal(object)
    all_requested = Signal()

    def __init__(
        self,
        name: str,
        describe: Describe,
        empty: str,
        definition: str = "",
        parent: QWidget | None = None,
        *,
        note_first: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"card_{name}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel()
        self.heading.setObjectName(f"heading_{name}")
        self.heading.setFont(scaled_font(self.heading, 1.0, bold=True))
        # What the count counts, as 数据看板 says it under the same figure.
        self.definition = QLabel(definition)
        self.definition.setObjectName(f"definition_{name}")
        self.definition.setWordWrap(True)
        self.definition.setFont(scaled_font(self.definition, 0.85))
        self.definition.setStyleSheet(f"color: {palette.INK_FAINT};")
        self.definition.setVisible(bool(definition))
        self.table = EntryTable(describe, note_first=note_first)
        self.table.setObjectName(name)
        self.table.opened.connect(self.opened.emit)
        self.empty = QLabel(empty)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.all_button = QPushButton()
        self.all_button.setObjectName(f"all_{name}")
        self.all_button.setFlat(True)
        self.all_button.clicked.connect(self.all_requested.emit)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.all_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.definition)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(footer)

    def title(self) -> str:
        return self.heading.text()

    def show_card(self, title: str, card: Card) -> None:
        self.heading.setText(title)
        self.table.show_entries(card.entries)
        self.table.setVisible(bool(card.entries))
        self.empty.setVisible(not card.entries)
        self.all_button.setText(self.tr("All %1…").replace("%1", str(card.total)))
        self.all_button.setVisible(card.more > 0)

    def lines(self) -> list[str]:
        """What the card shows, a line per entry: what a test reads, as a person would."""
        return self.table.lines()


class EntriesDialog(QDialog):
    """Every entry of a card, for when the card shows only the first few."""

    opened = Signal(object)

    def __init__(
        self, title: str, entries: list[Entry], describe: Describe, parent: QWidget, *, note_first: bool
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.table = EntryTable(describe, note_first=note_first)
        self.table.show_entries(entries)
        self.table.opened.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(parent.width() * 3 // 4, parent.height() * 3 // 4)

    def _open(self, entry: Entry) -> None:
        self.accept()
        self.opened.emit(entry)


class WorkbenchScreen(QWidget):
    new_visit = Signal()
    new_household = Signal()
    new_dispute = Signal()
    sync_requested = Signal()
    # An entry to open, and whether in its form (a record sent back to be fixed).
    open_requested = Signal(object, bool)

    def __init__(self, store: Store, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.day: Day | None = None
        self.dialog: EntriesDialog | None = None
        self.greeting = QLabel()
        self.greeting.setObjectName("greeting")
        self.greeting.setFont(scaled_font(self.greeting, 1.25, bold=True))
        self.waiting = QLabel()
        self.waiting.setObjectName("waiting")
        sync = QPushButton(self.tr("Sync…"))
        sync.setObjectName("go_sync")
        sync.clicked.connect(self.sync_requested.emit)
        top = QHBoxLayout()
        top.addWidget(self.greeting, 1)
        top.addWidget(self.waiting)
        top.addWidget(sync)
        actions = QHBoxLayout()
        for name, text, signal in (
            ("new_visit", self.tr("New visit (Ctrl+N)"), self.new_visit),
            ("new_household", self.tr("New household"), self.new_household),
            ("new_dispute", self.tr("New dispute"), self.new_dispute),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(signal.emit)
            actions.addWidget(button)
        actions.addStretch(1)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_visit.emit)
        self.cards = {
            "due": CardBox(
                "due", self._due_line, self.tr("Nothing due in the next 7 days."), overdue_definition()
            ),
            "returned": CardBox(
                "returned",
                self._returned_line,
                self.tr("Nothing returned."),
                note_first=True,  # what to fix
            ),
            "major": CardBox(
                "major", self._major_line, self.tr("No open major-risk disputes."), major_definition()
            ),
            "recent": CardBox("recent", self._recent_line, self.tr("Nothing recorded in the last 7 days.")),
            "care": CardBox(
                "care",
                self._care_line,
                self.tr("Everyone in a care group has been visited."),
                self.tr("Not yet visited this period (by group); overdue: nor the period before."),
            ),
            "services": CardBox(
                "services",
                self._services_line,
                self.tr("No service items due."),
                self.tr("Open service items due within 7 days; overdue: past their due date."),
            ),
        }
        grid = QGridLayout()
        for number, (name, card) in enumerate(self.cards.items()):
            card.opened.connect(lambda entry, edit=name == "returned": self.open_requested.emit(entry, edit))
            card.all_requested.connect(lambda name=name: self.show_all(name))
            grid.addWidget(card, number // 3, number % 3)
        for column in range(3):  # a third each: an empty card's long definition took half the width
            grid.setColumnStretch(column, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addLayout(grid, 1)
        Follower(self, None, self.refresh)
        self.refresh()

    def kind_of(self, entity: str) -> str:
        return {
            "visits": self.tr("Visit"),
            "disputes": self.tr("Dispute"),
            "volunteer_activities": self.tr("Volunteer activity"),
        }.get(entity, "")

    # Who or what first: in a narrow card the end of a line is what "…" hides.
    def _due_line(self, entry: Entry) -> str:
        what = self.tr("Dispute follow-up") if entry.entity == "disputes" else self.tr("Return visit")
        late = " · " + self.tr("Overdue") if entry.alert else ""
        return f"{entry.title} · {what}{late}"

    def _returned_line(self, entry: Entry) -> str:
        kind = f" · {enum_label(entry.kind)}" if entry.kind else ""
        return f"{self.kind_of(entry.entity)} · {entry.title}{kind}"

    def _major_line(self, entry: Entry) -> str:
        return f"{enum_label(entry.kind)} · {entry.title}" if entry.kind else entry.title

    def _recent_line(self, entry: Entry) -> str:
        """A visit's kind (日常走访) or a dispute's stage (调解中) says which it is."""
        return f"{entry.title} · {enum_label(entry.kind)}" if entry.kind else entry.title

    def _care_line(self, entry: Entry) -> str:
        """Who and their group (独居老人); the date column is the last day to visit this period."""
        group = f" · {enum_label(entry.kind)}" if entry.kind else ""
        late = " · " + self.tr("Overdue") if entry.alert else ""
        return f"{entry.title}{group}{late}"

    def _services_line(self, entry: Entry) -> str:
        state = enum_label(entry.kind) if entry.kind else ""
        late = " · " + self.tr("Overdue") if entry.alert else ""
        return f"{entry.title} · {state}{late}"

    def refresh(self) -> None:
        today = calendar_day.local_today()
        day = day_for(self.store, self.session, today)
        self.day = day
        shown = QLocale().toString(QDate(today.year, today.month, today.day), QLocale.FormatType.LongFormat)
        self.greeting.setText(
            self.tr("Hello, %1 · %2").replace("%1", self.session.display_name).replace("%2", shown)
        )
        self.waiting.setText(describe_waiting(day.records_to_sync))
        due_title = (
            self.tr("Follow-ups due (%1, %2 overdue)").replace("%2", str(day.due.alerts))
            if day.due.alerts
            else self.tr("Follow-ups due (%1)")
        )
        self.cards["due"].show_card(due_title.replace("%1", str(day.due.total)), day.due)
        for name, title, card in (
            ("returned", self.tr("Returned to me (%1)"), day.returned),
            ("major", self.tr("Major-risk disputes (%1)"), day.major),
            ("recent", self.tr("Recorded in the last 7 days (%1)"), day.recent),
            ("care", self.tr("Care visits due this period (%1)"), day.care),
            ("services", self.tr("Service items due (%1)"), day.services),
        ):
            self.cards[name].show_card(title.replace("%1", str(card.total)), card)

    def show_all(self, name: str) -> EntriesDialog:
        """Every entry of a card, in a dialog; opening one closes it."""
        today = calendar_day.local_today()
        everything: dict[str, Callable[[], Card]] = {
            "due": lambda: due(self.store, self.session, today, ALL_ENTRIES),
            "returned": lambda: returned(self.store, self.session, ALL_ENTRIES),
            "major": lambda: major(self.store, self.session, ALL_ENTRIES),
            "recent": lambda: recent(self.store, self.session, today, ALL_ENTRIES),
            "care": lambda: care(self.store, self.session, today, ALL_ENTRIES),
            "services": lambda: services(self.store, self.session, today, ALL_ENTRIES),
        }
        card = self.cards[name]
        self.dialog = EntriesDialog(
            card.title(),
            everything[name]().entries,
            card.table.describe,
            self,
            note_first=card.table.entries_model.note_first,
        )
        self.dialog.opened.connect(lambda entry: self.open_requested.emit(entry, name == "returned"))
        self.dialog.open()
        return self.dialog
