"""同步: where this laptop stands with the server — reachable or not, what waits to be sent, what
the running sync has moved (changes and bytes), the last success and the last error in plain words,
and what needs a person: changes the server refused (send again or discard), pulled changes this
laptop cannot apply, records a merge left breaking a rule. Enrollment (server address and
one-time code) happens here once."""

from __future__ import annotations

import platform
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import TongxinError
from app.services import grids as grid_labels
from app.validation.normalize import normalize_enrollment_code
from sync.refusals import Refusal
from sync.waiting import Flagged, Parked
from ui import palette
from ui.changes import Follower
from ui.feedback import error_label
from ui.i18n import in_language, join_list
from ui.page_scroll import PageScroll
from ui.screens.sync_stick import StickPanel
from ui.status_bar import describe_last_sync, describe_online, describe_waiting
from ui.sync_controller import SyncController
from ui.tasks import Task

# A laptop clock this far from the server's is worth the worker's attention (seconds).
CLOCK_TOLERANCE_S = 10 * 60
HOUR_S = 3600
DAY_S = 24 * HOUR_S


def kilobytes(count: int) -> str:
    return f"{count / 1024:.1f} KB"


def named(label: tuple[str, str], title: str) -> str:
    """住户“巴图”, or just 回访安排 for a record without a name."""
    kind = in_language(*label)
    return in_language(f"{kind}“{title}”", f"{kind} “{title}”") if title else kind


class SyncScreen(QWidget):
    def __init__(
        self, controller: SyncController, *, may_enroll: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.may_enroll = may_enroll
        self.online = QLabel()
        self.pending = QLabel()
        self.last = QLabel()
        self.error = QLabel()
        self.error.setObjectName("sync_error")
        self.error.setStyleSheet(palette.ERROR_STYLE)
        self.error.setWordWrap(True)
        self.clock = error_label("sync_clock")
        self.activity = QLabel()
        self.activity.setObjectName("sync_activity")
        self.bar = QProgressBar()
        self.bar.setObjectName("sync_progress")
        self.bar.hide()  # until a sync runs: an idle 0% reads as a sync that failed
        self.start_button = QPushButton(self.tr("Sync now"))
        self.start_button.setObjectName("sync_start")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("sync_cancel")
        self.start_button.clicked.connect(self.controller.start)
        self.cancel_button.clicked.connect(self.controller.cancel)
        state = QFormLayout()
        state.addRow(self.tr("Server"), self.online)
        state.addRow(self.tr("This laptop"), self.pending)
        state.addRow(self.tr("Last sync"), self.last)
        state.addRow(self.tr("Last problem"), self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        # In a scroll area: with large text the stick and problem panels would otherwise make the
        # window taller than a 1280×800 screen.
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(state)
        layout.addWidget(self.clock)
        layout.addWidget(self.bar)
        layout.addWidget(self.activity)
        layout.addLayout(buttons)
        self.stick = StickPanel(controller)
        layout.addWidget(self.stick)
        layout.addWidget(self._problems())
        layout.addWidget(self._enrollment())
        layout.addStretch(1)
        QVBoxLayout(self).addWidget(PageScroll(content))
        controller.changed.connect(self.refresh)
        controller.progressed.connect(self.show_progress)
        controller.finished.connect(self.show_finished)
        controller.finished.connect(lambda _ok: self._show_enrolled())
        Follower(self, None, self.refresh)
        self.refresh()

    def _problems(self) -> QGroupBox:
        self.problems_box = QGroupBox(self.tr("Needs your attention"))
        self.refused_heading = QLabel()
        self.refused_heading.setObjectName("refused_heading")
        self.refused_heading.setStyleSheet(palette.ERROR_STYLE)
        self.refused_list = QListWidget()
        self.refused_list.setObjectName("refused_list")
        self.refused_list.setWordWrap(True)
        self.resend_button = QPushButton(self.tr("Send again"))
        self.resend_button.setObjectName("refused_resend")
        self.discard_button = QPushButton(self.tr("Discard…"))
        self.discard_button.setObjectName("refused_discard")
        self.resend_button.clicked.connect(self.resend)
        self.discard_button.clicked.connect(self.discard)
        self.refused_list.currentRowChanged.connect(lambda _row: self._enable_actions())
        actions = QHBoxLayout()
        actions.addWidget(self.resend_button)
        actions.addWidget(self.discard_button)
        actions.addStretch(1)
        self.waiting_heading = QLabel(self.tr("Received but not applied, or to be checked"))
        self.waiting_list = QListWidget()
        self.waiting_list.setObjectName("waiting_list")
        self.waiting_list.setWordWrap(True)
        layout = QVBoxLayout(self.problems_box)
        layout.addWidget(self.refused_heading)
        layout.addWidget(self.refused_list)
        layout.addLayout(actions)
        layout.addWidget(self.waiting_heading)
        layout.addWidget(self.waiting_list)
        return self.problems_box

    def _enrollment(self) -> QGroupBox:
        box = QGroupBox(self.tr("Enroll this laptop with the server"))
        self.server_url = QLineEdit(self.controller.server_url() or "")
        self.server_url.setPlaceholderText("https://tongxin.example.gov.cn")
        self.code = QLineEdit()
        self.code.setObjectName("enrollment_code")
        self.code.setPlaceholderText(self.tr("As printed: any case, dashes and spaces allowed"))
        self.enroll_button = QPushButton(self.tr("Enroll"))
        self.enroll_button.clicked.connect(self.enroll)
        self.enroll_result = QLabel()
        self.enroll_result.setWordWrap(True)
        # The grids the last enrollment was for, until the laptop can name them all.
        self._enrolled_for: list[str] = []
        form = QFormLayout(box)
        form.addRow(self.tr("Server address"), self.server_url)
        form.addRow(self.tr("One-time code"), self.code)
        form.addRow("", self.enroll_button)
        form.addRow("", self.enroll_result)
        if not self.may_enroll:
            for widget in (self.server_url, self.code, self.enroll_button):
                widget.setEnabled(False)
            self.enroll_result.setText(self.tr("Only an administrator enrolls this laptop."))
        return box

    def refresh(self) -> None:
        controller = self.controller
        self.online.setText(describe_online(controller))
        self.pending.setText(describe_waiting(controller.records_waiting()))
        self.last.setText(describe_last_sync(controller.last_success()))
        refused = controller.refused()
        self.error.setText(
            self.tr("%1 changes were refused by the server: see below.").replace("%1", str(refused))
            if refused
            else controller.last_error()
        )
        self._show_clock(controller.clock_offset())
        self._show_problems(refused)
        running = controller.running
        self.start_button.setEnabled(not running and controller.enrolled())
        self.cancel_button.setEnabled(running)
        if running:
            self.bar.setRange(0, 0)
            self.bar.show()
            self.activity.setText(self.tr("Syncing…"))

    def _show_clock(self, offset: float | None) -> None:
        """A laptop clock far from the server's, said with what to do: ordering does not rest on
        it, but a slow clock's edit loses to an older one from another laptop."""
        off = abs(offset or 0)
        if off < CLOCK_TOLERANCE_S:
            self.clock.hide()
            return
        if off >= DAY_S:
            amount = self.tr("%1 days").replace("%1", f"{off / DAY_S:.0f}")
        elif off >= HOUR_S:
            amount = self.tr("%1 hours").replace("%1", f"{off / HOUR_S:.0f}")
        else:
            amount = self.tr("%1 minutes").replace("%1", f"{off / 60:.0f}")
        text = (
            self.tr(
                "This laptop's clock is about %1 behind the server's. Set the date and time right: "
                "with a slow clock, a later change can lose to an earlier one from another laptop."
            )
            if (offset or 0) > 0
            else self.tr(
                "This laptop's clock is about %1 ahead of the server's. Set the date and time right: "
                "the server corrects its changes, but times shown here are off."
            )
        )
        self.clock.setText(text.replace("%1", amount))
        self.clock.show()

    def show_finished(self, ok: bool) -> None:
        """A finished sync shows full; one that stopped short hides its bar (the reason is above)."""
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.bar.setVisible(ok)

    def _show_problems(self, refused: int) -> None:
        records = self.controller.refused_records()
        self.refused_heading.setText(
            self.tr("%1 changes were refused by the server").replace("%1", str(refused))
        )
        self.refused_list.clear()
        for refusal in records:
            item = QListWidgetItem(self.describe_refusal(refusal))
            item.setData(Qt.ItemDataRole.UserRole, refusal.record_id)
            self.refused_list.addItem(item)
        waiting = [*map(self.describe_parked, self.controller.parked())]
        waiting += map(self.describe_flagged, self.controller.flagged())
        self.waiting_list.clear()
        self.waiting_list.addItems(waiting)
        for widget in (self.refused_heading, self.refused_list, self.resend_button, self.discard_button):
            widget.setVisible(bool(records))
        for widget in (self.waiting_heading, self.waiting_list):
            widget.setVisible(bool(waiting))
        self.problems_box.setVisible(bool(records or waiting))
        if records and self.refused_list.currentRow() < 0:
            self.refused_list.setCurrentRow(0)
        self._enable_actions()

    def _enable_actions(self) -> None:
        chosen = self.refused_list.currentItem() is not None
        self.resend_button.setEnabled(chosen)
        self.discard_button.setEnabled(chosen)

    def describe_refusal(self, refusal: Refusal) -> str:
        if refusal.whole_record:
            fields = self.tr("the whole new record")
        else:
            fields = join_list([in_language(*label) for label in refusal.field_labels])
        return (
            self.tr("%1 — %2: %3\nWhat to do: %4")
            .replace("%1", named(refusal.entity_label, refusal.record_title))
            .replace("%2", fields)
            .replace("%3", in_language(refusal.reason_zh, refusal.reason_en))
            .replace("%4", in_language(*refusal.what_to_do))
        )

    def describe_parked(self, parked: Parked) -> str:
        return (
            self.tr("Not applied: %1 — %2")
            .replace("%1", named(parked.entity_label, parked.record_title))
            .replace("%2", in_language(parked.reason.zh, parked.reason.en))
        )

    def describe_flagged(self, flagged: Flagged) -> str:
        return (
            self.tr("To check: %1 — %2")
            .replace("%1", named(flagged.entity_label, flagged.record_title))
            .replace("%2", in_language(flagged.reason.zh, flagged.reason.en))
        )

    def _chosen(self) -> str | None:
        item = self.refused_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def resend(self) -> None:
        if record_id := self._chosen():
            self.controller.resend(record_id)

    def discard(self) -> None:
        record_id = self._chosen()
        if record_id and self.confirm_discard(self.refused_list.currentItem().text()):
            self.controller.discard(record_id)

    def confirm_discard(self, described: str) -> bool:
        """Asked every time: a discarded change is gone from this laptop and never reached the server."""
        box = QMessageBox(self)
        box.setObjectName("confirm_discard")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Discard refused changes"))
        box.setText(
            self.tr(
                "Discard these changes? This laptop takes the server's values instead, and a record "
                "the server never accepted disappears from this laptop. This cannot be undone."
            )
        )
        box.setInformativeText(described)
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        discard.setObjectName("confirm_discard_yes")
        keep = box.addButton(self.tr("Keep"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("confirm_discard_keep")
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is discard

    def show_progress(self, report: Any) -> None:
        if report.phase in ("export", "import"):
            self._show_bundle_progress(report)
            return
        if report.phase == "push" and report.to_push:
            self.bar.setRange(0, report.to_push)
            self.bar.setValue(min(report.pushed, report.to_push))
        else:
            self.bar.setRange(0, 0)
        self.activity.setText(
            self.tr("Sent %1 changes, received %2; %3 up, %4 down")
            .replace("%1", str(report.pushed))
            .replace("%2", str(report.pulled))
            .replace("%3", kilobytes(report.bytes_sent))
            .replace("%4", kilobytes(report.bytes_received))
        )

    def _show_bundle_progress(self, report: Any) -> None:
        """A bundle's bar follows the bytes of its file once they are known."""
        if report.file_size:
            self.bar.setRange(0, report.file_size)
            self.bar.setValue(report.file_done)
        else:
            self.bar.setRange(0, 0)
        if report.phase == "export":
            text = self.tr("Sync bundle: %1 changes, %2 photos, %3 of %4 written")
            text = text.replace("%1", str(report.pushed)).replace("%2", str(report.attachments))
        else:
            text = self.tr("Reply bundle (%3 of %4): %1 changes received, %2 confirmed")
            text = text.replace("%1", str(report.pulled)).replace("%2", str(report.recovered))
        self.activity.setText(
            text.replace("%3", kilobytes(report.file_done)).replace("%4", kilobytes(report.file_size))
        )

    def enroll(self) -> None:
        url, code = self.server_url.text().strip(), normalize_enrollment_code(self.code.text())
        if not url or not code:
            self.enroll_result.setText(self.tr("Enter the server address and the one-time code."))
            return
        controller = self.controller

        def work(_context: object) -> list[str]:
            from sync.engine import SyncEngine

            with controller.open_store() as store:
                return SyncEngine(store).enroll(url, code, platform.node() or "laptop")

        task = Task(work, self)
        task.succeeded.connect(self._enrolled)
        task.failed.connect(self._enroll_failed)
        self.enroll_button.setEnabled(False)
        task.start()

    def _enrolled(self, grids: list[str]) -> None:
        self.enroll_button.setEnabled(True)
        self.code.clear()
        self._enrolled_for = grids
        self._show_enrolled()
        self.refresh()
        self.controller.start()

    def _show_enrolled(self) -> None:
        """The villages enrolled for, by name. A new laptop learns the names with its first sync
        (started at once), so until that has brought them it says so rather than show codes."""
        if not self._enrolled_for:
            return
        named = grid_labels.labels(self.controller.store, self._enrolled_for)
        if grid_labels.UNKNOWN_GRID in named.values():
            self.enroll_result.setText(self.tr("Enrolled. Its grids are named here after the first sync."))
            return
        self._enrolled_for = []
        self.enroll_result.setText(
            self.tr("Enrolled for grids: %1").replace("%1", join_list(sorted(named.values())))
        )

    def _enroll_failed(self, error: Exception) -> None:
        """The server's own words: a mistyped, an expired and a used code each say what to do,
        and a revoked device is told apart from all three."""
        self.enroll_button.setEnabled(True)
        self._enrolled_for = []
        message = in_language(error.zh, error.en) if isinstance(error, TongxinError) else str(error)
        self.enroll_result.setText(message)
