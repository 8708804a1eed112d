"""The main window: navigation on the left, one screen at a time on the right, sync state below.

Screens are built the first time they are opened, so start-up costs the 工作台 and nothing else,
whatever the size of the database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QMainWindow, QStackedWidget, QWidget

from app import __version__
from app.services.drafts import Draft, drafts
from app.services.session import Permission, Session
from app.services.workbench import Entry
from app.store import Store
from ui.drafts_dialog import DraftsDialog
from ui.forms import form_for_draft
from ui.forms.record_form import RecordForm
from ui.screens.activities import ActivitiesScreen
from ui.screens.conflicts_screen import ConflictsScreen
from ui.screens.dashboard_screen import DashboardScreen
from ui.screens.disputes import DisputesScreen
from ui.screens.exports_screen import ExportsScreen
from ui.screens.households import HouseholdsScreen
from ui.screens.list_screen import ListScreen
from ui.screens.meetings import MeetingsScreen
from ui.screens.patrols import PatrolsScreen
from ui.screens.review_screen import ReviewScreen
from ui.screens.screening import ScreeningScreen
from ui.screens.service_items import ServiceItemsScreen
from ui.screens.settings_screen import SettingsScreen
from ui.screens.sync_screen import SyncScreen
from ui.screens.visits import VisitsScreen
from ui.screens.volunteers import VolunteersScreen
from ui.screens.workbench import WorkbenchScreen
from ui.status_bar import SyncStatusBar
from ui.sync_controller import SyncController

(
    WORKBENCH,
    HOUSEHOLDS,
    VISITS,
    DISPUTES,
    VOLUNTEERING,
    SYNC,
    SETTINGS,
    REVIEW,
    CONFLICTS,
    DASHBOARD,
    EXPORTS,
    SERVICES,
    PATROLS,
    SCREENING,
    VOLUNTEERS,
    MEETINGS,
) = range(16)
LIST_SCREENS = {
    "households": HOUSEHOLDS,
    "visits": VISITS,
    "disputes": DISPUTES,
    "volunteer_activities": VOLUNTEERING,
    "service_items": SERVICES,
    "patrols": PATROLS,
    "screening_rounds": SCREENING,
    "volunteers": VOLUNTEERS,
    "deliberations": MEETINGS,
}
# Screens only some roles see; the services refuse the others whatever the window shows.
NEEDS = {
    REVIEW: Permission.REVIEW,
    CONFLICTS: Permission.RESOLVE_CONFLICTS,
    DASHBOARD: Permission.REVIEW,
    EXPORTS: Permission.EXPORT,
}


class MainWindow(QMainWindow):
    language_chosen = Signal(str)
    text_scale_chosen = Signal(int)

    def __init__(
        self,
        store: Store,
        session: Session,
        database: Path,
        sync: SyncController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.database = database
        self.sync = sync
        self.setWindowTitle(self.tr("Tongxin Grid") + f" {__version__}")
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setStyleSheet("QListWidget#nav::item { padding: 8px 6px; }")
        self.stack = QStackedWidget()
        self.screens: dict[int, QWidget] = {}
        self._builders: dict[int, Callable[[], QWidget]] = {
            WORKBENCH: self._workbench,
            HOUSEHOLDS: lambda: HouseholdsScreen(store, session),
            VISITS: lambda: VisitsScreen(store, session),
            DISPUTES: lambda: DisputesScreen(store, session),
            VOLUNTEERING: lambda: ActivitiesScreen(store, session, open_store=sync.open_store),
            SYNC: lambda: SyncScreen(sync, may_enroll=session.may(Permission.CONFIGURE)),
            SETTINGS: self._settings,
            REVIEW: lambda: ReviewScreen(store, session, self.describe),
            CONFLICTS: lambda: ConflictsScreen(store, session),
            DASHBOARD: lambda: DashboardScreen(store, session),
            EXPORTS: lambda: ExportsScreen(store, session, sync.open_store),
            SERVICES: lambda: ServiceItemsScreen(store, session),
            PATROLS: lambda: PatrolsScreen(store, session),
            SCREENING: lambda: ScreeningScreen(store, session),
            VOLUNTEERS: lambda: VolunteersScreen(store, session),
            MEETINGS: lambda: MeetingsScreen(store, session),
        }
        names = (
            self.tr("Today"),
            self.tr("Households"),
            self.tr("Visits"),
            self.tr("Disputes"),
            self.tr("Volunteering"),
            self.tr("Sync"),
            self.tr("Settings"),
            self.tr("Review"),
            self.tr("Conflicts"),
            self.tr("Dashboard"),
            self.tr("Ledgers"),
            self.tr("Service items"),
            self.tr("Patrols"),
            self.tr("Screening"),
            self.tr("Volunteers"),
            self.tr("Meetings"),
        )
        for number, name in enumerate(names):
            self.nav.addItem(name)
            self.stack.addWidget(QWidget())
            needed = NEEDS.get(number)
            self.nav.item(number).setHidden(needed is not None and not session.may(needed))
        self._nav_shortcuts()
        # Every name whole and never a sideways scroll: when the list is taller than the window
        # (a supervisor's sixteen screens at 150%) it scrolls down, and is widened by that bar.
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self._fit_nav())
        self._fit_nav()
        self.nav.currentRowChanged.connect(self.show_screen)
        body = QWidget()
        row = QHBoxLayout(body)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.status = SyncStatusBar(sync)
        self.setStatusBar(self.status)
        self.forms: list[RecordForm] = []
        self.resize(1180, 760)
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.nav.setCurrentRow(WORKBENCH)

    def _fit_nav(self) -> None:
        scrolls = self.nav.verticalScrollBar().maximum() > 0
        bar = self.nav.verticalScrollBar().sizeHint().width() if scrolls else 0
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 12 + bar)

    def _nav_shortcuts(self) -> None:
        """Ctrl+1 … Ctrl+9, Ctrl+0 for the screens this person sees, in the order listed; each
        item's tooltip names its key."""
        shown = [row for row in range(self.nav.count()) if not self.nav.item(row).isHidden()]
        for row, key in zip(shown, "1234567890", strict=False):
            sequence = QKeySequence(f"Ctrl+{key}")
            self.nav.item(row).setToolTip(sequence.toString(QKeySequence.SequenceFormat.NativeText))
            QShortcut(sequence, self, lambda row=row: self.go_to(row))

    def go_to(self, number: int) -> None:
        """Show a screen and put the keyboard in it, on its first field or list."""
        self.nav.setCurrentRow(number)
        screen = self.screen(number)
        widget = screen.nextInFocusChain()
        while widget is not None and widget is not screen and screen.isAncestorOf(widget):
            if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()

    # Replaces Qt's screen() (the monitor) on purpose: here it is the window's screens by number,
    # and nothing asks the main window for its monitor.
    def screen(self, number: int) -> QWidget:  # type: ignore[override]
        """The screen at ``number``, built on first use."""
        if number not in self.screens:
            built = self._builders[number]()
            self.screens[number] = built
            placeholder = self.stack.widget(number)
            self.stack.insertWidget(number, built)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            if isinstance(built, ListScreen):
                built.form_opened.connect(self._track_form)
        return self.screens[number]

    def show_screen(self, number: int) -> None:
        self.stack.setCurrentWidget(self.screen(number))

    def _workbench(self) -> WorkbenchScreen:
        screen = WorkbenchScreen(self.store, self.session)
        screen.new_visit.connect(lambda: self.new_record(VISITS))
        screen.new_household.connect(lambda: self.new_record(HOUSEHOLDS))
        screen.new_dispute.connect(lambda: self.new_record(DISPUTES))
        screen.sync_requested.connect(lambda: self.nav.setCurrentRow(SYNC))
        screen.open_requested.connect(self.open_entry)
        return screen

    def open_entry(self, entry: Entry, edit: bool) -> ListScreen:
        """A 工作台 entry opened: its record shown in its own list, and in its form if it is to be
        fixed — or moved on, as a service item is."""
        number = LIST_SCREENS[entry.entity]
        self.nav.setCurrentRow(number)
        screen = self.screen(number)
        assert isinstance(screen, ListScreen)
        screen.select_record(entry.record_id)
        if edit or entry.entity == "service_items":
            screen.open_form(entry.record_id)
        return screen

    def _settings(self) -> SettingsScreen:
        screen = SettingsScreen(self.store, self.session, self.database, open_store=self.sync.open_store)
        screen.language_chosen.connect(self.language_chosen.emit)
        screen.text_scale_chosen.connect(self.text_scale_chosen.emit)
        return screen

    def describe(self, entity: str, record_id: str) -> str:
        """A record's details as its own list shows them (for the review queue)."""
        screen = self.screen(LIST_SCREENS[entity])
        assert isinstance(screen, ListScreen)
        return screen.details_of(record_id)

    def new_record(self, number: int) -> RecordForm:
        self.nav.setCurrentRow(number)
        screen = self.screen(number)
        assert isinstance(screen, ListScreen)
        return screen.open_form(None)

    def _track_form(self, form: RecordForm) -> None:
        self.forms.append(form)
        form.destroyed.connect(lambda: self.forms.remove(form) if form in self.forms else None)

    def offer_drafts(self) -> DraftsDialog | None:
        """After a crash or power cut: offer each form left unsaved."""
        left = drafts(self.store)
        if not left:
            return None
        dialog = DraftsDialog(self.store, left, self)
        dialog.restore_requested.connect(self.restore_draft)
        dialog.open()
        return dialog

    def restore_draft(self, draft: Draft) -> RecordForm:
        form = form_for_draft(self.store, self.session, draft)
        form.setParent(self, Qt.WindowType.Window)
        self._track_form(form)
        form.show()
        return form

    def closeEvent(self, event: QCloseEvent) -> None:
        for form in list(self.forms):
            form.close_keeping_draft()
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        self.sync.cancel()
        self.status.stop()
        super().closeEvent(event)
