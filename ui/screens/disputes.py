"""纠纷: disputes and where their mediation stands, with the timeline of every step; and the
dispute's whole case file (一案一卷) saved as one PDF to the documents folder, printed off the UI
thread."""

from __future__ import annotations

import re
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.models import Dispute, DisputeCategory, DisputeStatus, DisputeStep, RiskLevel
from app.services import disputes as flow
from app.services.dispute_file import dispute_file
from app.services.lists import EthnicFactors, local_zone
from app.services.screening import finding_of, period_words
from ui import calendar_day, palette
from ui.dispute_file_pdf import write_case_file
from ui.feedback import error_label, show_error
from ui.forms.dispute_form import DisputeForm
from ui.forms.fields import EnumChoice
from ui.i18n import current_language, enum_label, in_language, join_list, with_note
from ui.list_model import ColumnView, labels_of, local_time
from ui.screens.detail_html import detail
from ui.screens.dispute_steps import DISPUTE_KINDS, DisputeSteps
from ui.screens.exports_screen import documents_folder
from ui.screens.list_screen import ListScreen
from ui.tasks import Task


def overdue(due: str | None) -> bool:
    return due is not None and due != "" and date.fromisoformat(due) < calendar_day.local_today()


class DisputesScreen(ListScreen[Dispute]):
    record_type = Dispute
    shows = DISPUTE_KINDS | {"reviews"}
    default_sort = "updated_at"
    form = DisputeForm

    def columns(self) -> list[ColumnView]:
        return [
            ColumnView("title", self.tr("Title"), width=200),
            ColumnView("category", self.tr("Category"), labels_of(DisputeCategory), width=130),
            ColumnView("risk_level", self.tr("Risk"), labels_of(RiskLevel), width=60),
            ColumnView("ethnic_factors", self.tr("Ethnic factors"), self.ethnic_mark, width=70, alert=bool),
            ColumnView("status", self.tr("Status"), labels_of(DisputeStatus), width=90),
            ColumnView("next_follow_up", self.tr("Next follow-up"), width=100, alert=overdue),
            ColumnView("location", self.tr("Location"), width=160),
            ColumnView("occurred_on", self.tr("Occurred on"), width=100),
            ColumnView("updated_at", self.tr("Updated"), local_time, width=140),
        ]

    def choice_filters(self) -> dict[str, tuple[str, EnumChoice]]:
        return {
            "status": (self.tr("Status"), EnumChoice(DisputeStatus, optional=True)),
            "category": (self.tr("Category"), EnumChoice(DisputeCategory, optional=True)),
            "ethnic_factors": (self.tr("Ethnic factors"), EnumChoice(EthnicFactors, optional=True)),
        }

    def ethnic_mark(self, value: object) -> str:
        return self.tr("Yes") if value else ""

    def new_label(self) -> str:
        return self.tr("New dispute")

    def detail_actions(self) -> QWidget:
        self.steps = DisputeSteps(self.store, self.session)
        self.case_button = QPushButton(self.tr("Save case file (PDF)"))
        self.case_button.setObjectName("case_file")
        self.case_button.setToolTip(
            self.tr("One PDF with the registration, parties, sessions, agreement, follow-ups and every step")
        )
        self.case_button.setEnabled(False)
        self.case_button.clicked.connect(self.save_case_file)
        self.case_state = QLabel()
        self.case_state.setObjectName("case_file_state")
        self.case_state.setWordWrap(True)
        self.case_error = error_label("case_file_error")
        self.case_task: Task | None = None
        self.selected_dispute: Dispute | None = None
        row = QHBoxLayout()
        row.addWidget(self.case_button)
        row.addWidget(self.case_state, 1)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.steps)
        layout.addLayout(row)
        layout.addWidget(self.case_error)
        return box

    def on_selected(self, record: Dispute | None) -> None:
        self.steps.show_for(record)
        self.case_button.setEnabled(record is not None and self.case_task is None)
        self.selected_dispute = record
        self.case_state.clear()
        show_error(self.case_error, None)

    def case_file_path(self, record: Dispute, today: date) -> Path:
        """一案一卷_草场边界纠纷_2026-03-05.pdf in the documents folder; (2), (3)… if one is there."""
        title = re.sub(r'[\\/:*?"<>|\s]+', "_", record.title).strip("_")
        folder = documents_folder()
        path = folder / f"一案一卷_{title}_{today.isoformat()}.pdf"
        number = 2
        while path.exists():
            path = folder / f"一案一卷_{title}_{today.isoformat()}({number}).pdf"
            number += 1
        return path

    def save_case_file(self) -> Task | None:
        """Gather the case here (a few reads), print it on a worker thread."""
        record = self.selected_dispute
        if record is None:
            return None
        today = calendar_day.local_today()
        case = dispute_file(self.store, self.session, record.id)
        path = self.case_file_path(record, today)
        printed = f"{today.year}年{today.month}月{today.day}日"
        zone = local_zone()
        task = Task(lambda _context: write_case_file(path, case, zone, printed), self)
        task.succeeded.connect(self._case_saved)
        task.failed.connect(self._case_failed)
        task.finished.connect(self._case_ended)
        self.case_task = task
        self.case_button.setEnabled(False)
        self.case_state.setText(self.tr("Printing the case file…"))
        task.start()
        return task

    def _case_saved(self, path: Path) -> None:
        self.case_state.setText(self.tr("Saved %1").replace("%1", str(path)))

    def _case_failed(self, error: Exception) -> None:
        self.case_state.clear()
        show_error(self.case_error, self.tr("Could not save the case file: %1").replace("%1", str(error)))

    def _case_ended(self) -> None:
        self.case_task = None
        self.case_button.setEnabled(self.selected_dispute is not None)

    def _step_line(self, step: DisputeStep) -> str:
        moved = enum_label(step.to_status)
        if step.from_status is not None and step.from_status is not step.to_status:
            moved = f"{enum_label(step.from_status)} → {moved}"
        parts = [local_time(step.at.isoformat()), moved, step.by, step.reason]
        if step.referred_to is not None:
            parts.append(
                self.tr("to %1").replace("%1", enum_label(step.referred_to)) + f" {step.reference_no}"
            )
        if step.track_from is not None and step.track_to is not None:
            parts.append(f"{enum_label(step.track_from)} → {enum_label(step.track_to)}")
        return " · ".join(part for part in parts if part)

    def describe(self, record: Dispute) -> str:
        today = calendar_day.local_today()
        parties = [
            enum_label(p.role) + in_language("：", ": ") + (with_note(p.name, p.phone) if p.phone else p.name)
            for p in flow.parties_of(self.store, record.id)
        ]
        sessions = [
            f"{local_time(s.held_at.isoformat())} {enum_label(s.track)} · {enum_label(s.method)} · "
            f"{join_list(s.mediators)} {s.notes}"
            for s in flow.sessions_of(self.store, record.id)
        ]
        follow_ups = []
        for f in flow.follow_ups_of(self.store, record.id):
            state = (
                self.tr("done") if f.done_at else self.tr("overdue") if f.due_on < today else self.tr("due")
            )
            follow_ups.append(f"{f.due_on.isoformat()} {state}")
        html = detail(
            record.title,
            [
                (self.tr("Category"), enum_label(record.category)),
                (self.tr("Risk"), enum_label(record.risk_level)),
                (self.tr("Status"), enum_label(record.status)),
                (self.tr("Occurred on"), record.occurred_on.isoformat() if record.occurred_on else ""),
                (self.tr("Location"), record.location),
                (self.tr("Mediator"), record.mediator or ""),
                (self.tr("Description"), record.description),
                (self.tr("Outcome"), record.outcome),
                (self.tr("Agreement"), record.agreement),
                (
                    self.tr("Ethnic factors"),
                    self.tr("Involves ethnic factors") if record.ethnic_factors else "",
                ),
                (self.tr("Judicial confirmation"), self.judicial_line(record)),
                (self.tr("From screening"), self.screening_line(record)),
                (self.tr("Attachments"), str(len(record.attachments)) if record.attachments else ""),
            ],
            (self.tr("Parties"), parties),
            (self.tr("Timeline"), [self._step_line(s) for s in flow.timeline(self.store, record.id)]),
            (self.tr("Mediation sessions"), sessions),
            (self.tr("Follow-ups"), follow_ups),
        )
        return html.replace(
            escape(self.tr("overdue")), f"<b style='color:{palette.ALERT}'>{escape(self.tr('overdue'))}</b>"
        )

    def judicial_line(self, record: Dispute) -> str:
        if record.judicial_applied_on is None:
            return ""
        line = self.tr("applied to %1 on %2").replace("%1", record.judicial_court)
        line = line.replace("%2", record.judicial_applied_on.isoformat())
        if record.judicial_result is None:
            return line + in_language("，", ", ") + self.tr("pending")
        decided = record.judicial_decided_on.isoformat() if record.judicial_decided_on else ""
        return line + in_language("；", "; ") + f"{enum_label(record.judicial_result)} {decided}"

    def screening_line(self, record: Dispute) -> str:
        """The screening round this dispute was found on, if it was."""
        found = finding_of(self.store, "disputes", record.id)
        if found is None:
            return ""
        _finding, round_ = found
        return (
            self.tr("%1, screened on %2 by %3")
            .replace("%1", period_words(round_.period_start, round_.period_end, current_language()))
            .replace("%2", round_.screened_on.isoformat())
            .replace("%3", round_.screener)
        )
