"""台账导出: ledgers to Excel and the monthly report to PDF, for the supervisor's grids.

The supervisor chooses the report period as on the dashboard — the month, quarter, half-year, year
or year so far holding a day (today unless they pick another, e.g. a day of the last quarter) —
or types the days themselves; the period is written into the file's title and name.

The export runs on a worker thread with its own connection to the file, with a progress bar and a
cancel button; a cancelled export leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidValue, TongxinError
from app.services import grids
from app.services.dashboard import people_figures
from app.services.ledgers import (
    LedgerRequest,
    audit_history,
    export_ledger,
    for_period,
    ledger_names,
    report_breakdowns,
    report_day,
    report_figures,
)
from app.services.lists import local_zone
from app.services.periods import ReportPeriod, bounds, period_name, span_text
from app.services.session import Permission, Session
from app.store import Store
from ui import calendar_day
from ui.changes import Follower
from ui.feedback import error_label, show_error
from ui.forms.fields import DateField
from ui.i18n import current_language, enum_label, with_note
from ui.list_model import local_time
from ui.monthly_report import write_monthly_report
from ui.tasks import Task, TaskContext

MONTHLY = "monthly_report"


def documents_folder() -> Path:
    """Where exports go unless the person says otherwise: their documents folder, else their home."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


class ExportsScreen(QWidget):
    def __init__(
        self, store: Store, session: Session, open_store: Callable[[], Store], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.open_store = open_store
        self.task: Task | None = None
        # The day the screen counts as today; tests pin it, the app reads the laptop's.
        self.today: date | None = None
        self.kind = QComboBox()
        self.kind.setObjectName("export_kind")
        self.titles = {**ledger_names(local_zone()), MONTHLY: self.tr("Work report")}
        for name, title in self.titles.items():
            shown = self.tr("%1 (PDF)") if name == MONTHLY else self.tr("%1 (Excel)")
            self.kind.addItem(shown.replace("%1", title), name)
        self.grid = QComboBox()
        self.grid.setObjectName("export_grid")
        self.grid.addItem(self.tr("All my grids"), None)
        for code, name in grids.labels(store, session.grids).items():
            self.grid.addItem(name, code)
        self.period = QComboBox()
        self.period.setObjectName("export_period")
        for period in ReportPeriod:
            self.period.addItem(enum_label(period), period.value)
        self.period.addItem(self.tr("Days I choose"), None)
        self.day = DateField()
        self.day.setObjectName("export_day")
        self.span = QLabel()
        self.span.setObjectName("export_span")
        day_row = QHBoxLayout()
        day_row.addWidget(self.day)
        day_row.addWidget(self.span, 1)
        self.date_from = DateField(optional=True)
        self.date_to = DateField(optional=True)
        self.full_ids = QCheckBox(self.tr("Full ID numbers (recorded in the audit history)"))
        self.full_ids.setObjectName("full_ids")
        self.full_ids.setEnabled(session.may(Permission.SEE_ID_NUMBERS))
        self.path = QLineEdit()
        self.path.setObjectName("export_path")
        self.suggested = str(self.default_path())
        self.path.setText(self.suggested)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.period.currentIndexChanged.connect(self._period_chosen)
        self.day.changed.connect(self._period_chosen)
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self.choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(choose)
        self.error = error_label("export_error")
        self.bar = QProgressBar()
        self.bar.setObjectName("export_progress")
        self.state = QLabel()
        self.state.setObjectName("export_state")
        self.start_button = QPushButton(self.tr("Export"))
        self.start_button.setObjectName("export_start")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("export_cancel")
        self.cancel_button.setEnabled(False)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        form = QFormLayout()
        form.addRow(self.tr("What"), self.kind)
        form.addRow(self.tr("Grid"), self.grid)
        form.addRow(self.tr("Report period"), self.period)
        form.addRow(self.tr("The period holding"), day_row)
        form.addRow(self.tr("From"), self.date_from)
        form.addRow(self.tr("To"), self.date_to)
        form.addRow("", self.full_ids)
        form.addRow(self.tr("File"), path_row)
        form.addRow("", self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.state)
        layout.addWidget(QLabel(self.tr("Exports with full ID numbers (audit history)")))
        self.audit = QListWidget()
        self.audit.setObjectName("audit")
        layout.addWidget(self.audit, 1)
        Follower(self, {"audit_events"}, self.show_audit)
        self.show_audit()
        self._period_chosen()

    def show_audit(self) -> None:
        self.audit.clear()
        for event in audit_history(self.store, self.session):
            self.audit.addItem(f"{local_time(event.created_at.isoformat())}  {event.actor}  {event.detail}")

    def chosen_period(self) -> ReportPeriod | None:
        """The report period chosen; None when the person types the days."""
        value = self.period.currentData()
        return None if value is None else ReportPeriod(value)

    def local_today(self) -> date:
        return self.today or calendar_day.local_today()

    def period_day(self) -> date:
        return self.day.value() or self.local_today()

    def default_path(self) -> Path:
        """In the person's documents folder (their home if there is none), named for what is
        exported and its period (走访台账_2026年第一季度.xlsx), or the day when the person types the
        days (走访台账_2026-03-05.xlsx)."""
        folder = documents_folder()
        kind = self.kind.currentData()
        suffix = ".pdf" if kind == MONTHLY else ".xlsx"
        period = self.chosen_period()
        when = (
            calendar_day.local_today().isoformat()
            if period is None
            else period_name(period, self.period_day())
        )
        return folder / f"{self.titles[kind]}_{when}{suffix}"

    def _period_chosen(self) -> None:
        """A period fills the days it covers (shown, not typed); typing days is for "Days I choose"."""
        period = self.chosen_period()
        typed = period is None
        self.day.setEnabled(not typed)
        self.date_from.setEnabled(typed)
        self.date_to.setEnabled(typed)
        if period is None:
            self.span.setText("")
        else:
            start, end = bounds(period, self.period_day())
            language = current_language()
            days = span_text(start, end - timedelta(days=1), language)
            self.span.setText(with_note(period_name(period, self.period_day(), language), days))
        self._kind_chosen(0)

    def _kind_chosen(self, _index: int) -> None:
        """Another kind of export or period: the suggested file follows it; a file the person chose stays."""
        if self.path.text().strip() in ("", self.suggested):
            self.suggested = str(self.default_path())
            self.path.setText(self.suggested)

    def choose_path(self) -> None:
        pdf = self.kind.currentData() == MONTHLY
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save as"), self.path.text(), "PDF (*.pdf)" if pdf else "Excel (*.xlsx)"
        )
        if chosen:
            self.path.setText(chosen)

    def request(self) -> LedgerRequest:
        text = self.path.text().strip()
        suffix = ".pdf" if self.kind.currentData() == MONTHLY else ".xlsx"
        if not text:
            raise InvalidValue("export_path", "请选择保存文件的位置。", "Choose where to save the file.")
        path = Path(text) if text.lower().endswith(suffix) else Path(text + suffix)
        if not path.parent.is_dir():
            raise InvalidValue(
                "export_folder", f"文件夹不存在：{path.parent}", f"The folder does not exist: {path.parent}"
            )
        grid = self.grid.currentData()
        chosen = (grid,) if grid else self.session.grids
        period = self.chosen_period()
        if period is not None:
            return for_period(
                self.kind.currentData(),
                path,
                chosen,
                period,
                self.period_day(),
                full_id_numbers=self.full_ids.isChecked(),
            )
        return LedgerRequest(
            ledger=self.kind.currentData(),
            path=path,
            grids=chosen,
            # A day typed wrong stops the export with its reason: never a ledger of every day.
            date_from=self.date_from.typed_value(),
            date_to=self.date_to.typed_value(),
            full_id_numbers=self.full_ids.isChecked(),
        )

    def start(self) -> Task | None:
        try:
            request = self.request()
        except TongxinError as bad:
            self._fail(bad)
            return None
        show_error(self.error, None)
        audited = {"audit_events"} if request.full_id_numbers else set()
        task = Task(lambda context: self._export(context, request), self, changes=audited)
        task.progressed.connect(self._progressed)
        task.succeeded.connect(lambda rows: self._done(request, rows))
        task.failed.connect(self._fail)
        task.cancelled.connect(lambda: self._ended(self.tr("Cancelled; no file was written.")))
        self.task = task
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, 0)
        self.state.setText(self.tr("Exporting…"))
        task.start()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _export(self, context: TaskContext, request: LedgerRequest) -> int:
        with self.open_store() as store:
            store.guard = self.session.admit
            if request.ledger == MONTHLY:
                return self._report(store, request)

            def progress(done: int, total: int) -> None:
                context.progress(done, total)
                context.check()

            return export_ledger(store, self.session, request, zone=local_zone(), progress=progress)

    def _report(self, store: Store, request: LedgerRequest) -> int:
        zone = local_zone()
        today = self.local_today()
        shown = report_figures(store, self.session, request, zone=zone, today=today)
        people = people_figures(store, request.grids, today=report_day(request, today), zone=zone)
        found = report_breakdowns(store, request, zone=zone)
        # The report is an official document in Chinese, whatever language the app shows.
        scope = self.grid.currentText() if len(request.grids) == 1 else "全部网格"
        write_monthly_report(
            request.path,
            shown,
            scope,
            self.session.display_name,
            people=people,
            found=found,
            period_title=request.period_title,
        )
        return 1

    def _progressed(self, done: int, total: int, _text: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.state.setText(self.tr("%1 of %2 rows").replace("%1", str(done)).replace("%2", str(total)))

    def _done(self, request: LedgerRequest, rows: int) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        message = self.tr("Saved %1 (%2 rows)") if request.ledger != MONTHLY else self.tr("Saved %1")
        self._ended(message.replace("%1", str(request.path)).replace("%2", str(rows)))

    def _fail(self, error: Exception) -> None:
        show_error(self.error, error if isinstance(error, TongxinError) else str(error))
        self._ended(self.tr("Not exported."))

    def _ended(self, text: str) -> None:
        self.task = None
        self.state.setText(text)
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if self.bar.maximum() == 0:
            self.bar.setRange(0, 1)
