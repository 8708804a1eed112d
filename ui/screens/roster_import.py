"""导入志愿者花名册: choose an Excel roster, see every bad row, then import the good ones or nothing.

Checking and importing each run on a worker thread with their own connection to the file
(``ui.tasks``), with a progress bar and a cancel button, like the ledger exports. The check saves
nothing; the report lists each bad row's row number, column, value and reason. Only the import
button saves, all good rows in one transaction; closing the window or a cancel saves none.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidValue, TongxinError
from app.services.roster import RosterCheck, check_roster, write_report
from app.services.session import Session
from app.store import Store
from ui import calendar_day
from ui.feedback import error_label, show_error
from ui.i18n import in_language
from ui.tasks import Task, TaskContext


class RosterImportDialog(QDialog):
    def __init__(
        self, session: Session, open_store: Callable[[], Store], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("roster_import")
        self.setWindowTitle(self.tr("Import volunteer roster"))
        self.session = session
        self.open_store = open_store
        self.task: Task | None = None
        self.checked: RosterCheck | None = None
        self.path = QLineEdit()
        self.path.setObjectName("roster_path")
        self.path.setPlaceholderText(self.tr("An Excel file (.xlsx) with a 姓名 column"))
        choose = QPushButton(self.tr("Choose…"))
        choose.clicked.connect(self.choose_path)
        self.check_button = QPushButton(self.tr("Check file"))
        self.check_button.setObjectName("roster_check")
        self.check_button.clicked.connect(self.start_check)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(self.tr("File")))
        file_row.addWidget(self.path, 1)
        file_row.addWidget(choose)
        file_row.addWidget(self.check_button)
        self.error = error_label("roster_error")
        self.bar = QProgressBar()
        self.bar.setObjectName("roster_progress")
        self.state = QLabel(self.tr("Nothing is saved until you press Import."))
        self.state.setObjectName("roster_state")
        self.state.setWordWrap(True)
        self.report = QTableWidget(0, 4)
        self.report.setObjectName("roster_report")
        self.report.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Column"), self.tr("Value"), self.tr("Problem")]
        )
        self.report.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.report.verticalHeader().hide()
        self.report.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("roster_import_valid")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.report_button = QPushButton(self.tr("Save report…"))
        self.report_button.setObjectName("roster_save_report")
        self.report_button.setEnabled(False)
        self.report_button.clicked.connect(self.choose_report_path)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("roster_cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.error)
        layout.addWidget(self.bar)
        layout.addWidget(self.state)
        layout.addWidget(self.report, 1)
        layout.addLayout(buttons)
        self.resize(860, 560)
        self.finished.connect(lambda _result: self._closed())

    def choose_path(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a roster"), self.path.text(), "Excel (*.xlsx)"
        )
        if chosen:
            self.path.setText(chosen)

    def _roster_path(self) -> Path:
        text = self.path.text().strip()
        if not text:
            raise InvalidValue("roster_path", "请选择花名册文件。", "Choose the roster file.")
        path = Path(text)
        if not path.is_file():
            raise InvalidValue("roster_missing", f"文件不存在：{path}", f"The file does not exist: {path}")
        return path

    def start_check(self) -> Task | None:
        try:
            path = self._roster_path()
        except TongxinError as bad:
            show_error(self.error, bad)
            return None
        show_error(self.error, None)
        self._forget_check()
        self.report.setRowCount(0)
        today = calendar_day.local_today()
        return self._run(
            lambda context: self._check(context, path, today),
            self._checked,
            self.tr("Checking…"),
            self.tr("Check cancelled; nothing was saved."),
        )

    def _check(self, context: TaskContext, path: Path, today: date) -> RosterCheck:
        def progress(done: int, total: int) -> None:
            context.progress(done, total)
            context.check()

        with self.open_store() as store:
            return check_roster(store, self.session, path, today=today, progress=progress)

    def _checked(self, checked: RosterCheck) -> None:
        if not self.isVisible():
            checked.close()
            return
        self._full_bar()
        self.checked = checked
        self.report.setRowCount(len(checked.problems))
        for index, problem in enumerate(checked.problems):
            cells = (str(problem.row), problem.column, problem.value, in_language(problem.zh, problem.en))
            for column, text in enumerate(cells):
                self.report.setItem(index, column, QTableWidgetItem(text))
        self.report.resizeColumnsToContents()
        self.report.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        summary = self.tr("%1 rows read: %2 can be imported, %3 have problems. Nothing is saved yet.")
        self.state.setText(
            summary.replace("%1", str(checked.rows))
            .replace("%2", str(checked.valid))
            .replace("%3", str(len(checked.bad_rows)))
        )
        self.import_button.setText(self.tr("Import %1 good rows").replace("%1", str(checked.valid)))
        self.import_button.setEnabled(checked.valid > 0)
        self.report_button.setEnabled(bool(checked.problems))

    def choose_report_path(self) -> Task | None:
        """The report beside the roster unless the person picks another place."""
        if self.checked is None:
            return None
        suggested = self.checked.path.with_name(f"{self.checked.path.stem}_检查结果.xlsx")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the report as"), str(suggested), "Excel (*.xlsx)"
        )
        return self.start_report(Path(chosen)) if chosen else None

    def start_report(self, target: Path) -> Task | None:
        checked = self.checked
        if checked is None:
            return None
        target = target if target.suffix.lower() == ".xlsx" else target.with_suffix(".xlsx")

        def work(context: TaskContext) -> int:
            def progress(done: int, total: int) -> None:
                context.progress(done, total)
                context.check()

            return write_report(checked, target, progress=progress)

        def saved(_bad_rows: int) -> None:
            self._full_bar()
            self.state.setText(self.tr("Report saved: %1").replace("%1", str(target)))

        return self._run(work, saved, self.tr("Saving the report…"), self.tr("Not saved."))

    def start_import(self) -> Task | None:
        checked = self.checked
        if checked is None:
            return None
        self.import_button.setEnabled(False)
        return self._run(
            lambda context: self._import(context, checked),
            self._imported,
            self.tr("Importing…"),
            self.tr("Import cancelled; nothing was saved."),
            changes={"volunteers"},
        )

    def _import(self, context: TaskContext, checked: RosterCheck) -> int:
        def progress(done: int, total: int) -> None:
            context.progress(done, total)
            context.check()

        with self.open_store() as store:
            store.guard = self.session.admit
            return checked.import_valid(store, progress=progress)

    def _imported(self, saved: int) -> None:
        left_out = len(self.checked.bad_rows) if self.checked is not None else 0
        self._forget_check()
        self._full_bar()
        text = self.tr("Imported %1 volunteers; the %2 rows listed below were not imported.")
        self.state.setText(text.replace("%1", str(saved)).replace("%2", str(left_out)))
        self.import_button.setText(self.tr("Import"))

    def _run(
        self,
        work: Callable[[TaskContext], object],
        done: Callable[..., None],
        running: str,
        cancelled: str,
        *,
        changes: set[str] | None = None,
    ) -> Task:
        task = Task(work, self, changes=changes or ())
        task.progressed.connect(self._progressed)
        task.succeeded.connect(done)
        task.failed.connect(self._failed)
        task.cancelled.connect(lambda: self.state.setText(cancelled))
        task.finished.connect(self._ended)
        self.task = task
        self.check_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, 0)
        self.state.setText(running)
        task.start()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _progressed(self, done: int, total: int, _text: str) -> None:
        """A file that does not say how many rows it has keeps the bar busy until the end."""
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def _full_bar(self) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1)

    def _failed(self, error: Exception) -> None:
        show_error(self.error, error if isinstance(error, TongxinError) else str(error))
        self.state.setText(self.tr("Nothing was saved."))

    def _ended(self) -> None:
        self.task = None
        self.check_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.import_button.setEnabled(self.checked is not None and self.checked.valid > 0)
        self.report_button.setEnabled(self.checked is not None and bool(self.checked.problems))
        if self.bar.maximum() == 0:
            self.bar.setRange(0, 1)

    def _closed(self) -> None:
        """Closing imports nothing: a check still running stops, a finished one is dropped."""
        self.cancel()
        self._forget_check()

    def _forget_check(self) -> None:
        if self.checked is not None:
            self.checked.close()
            self.checked = None
