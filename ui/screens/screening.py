"""排查: dispute screening rounds by grid and month, a nil report (零报告) filed in two clicks, and
each finding turned into a dispute or an incident from the detail pane. A supervisor also sees
which villages have filed neither findings nor a nil report for a month they choose (this one
unless told), and everyone sees what two offline laptops filed the two ways at once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.errors import TongxinError
from app.models import Dispute, Incident, IncidentCategory, ScreeningFinding, ScreeningRound
from app.services.screening import (
    contradicted_periods,
    findings_of,
    month_of,
    period_words,
    turn_into_dispute,
    turn_into_incident,
    turned_both_ways,
    unreported_grids,
    withdraw_nil_report,
)
from app.services.session import Permission
from ui import calendar_day
from ui.changes import announce
from ui.feedback import error_label, show_error
from ui.flow_layout import FlowLayout
from ui.forms.fields import EnumChoice
from ui.forms.record_form import RecordForm
from ui.forms.screening_form import ScreeningForm, months_before
from ui.i18n import current_language, enum_label, in_language, join_list
from ui.list_model import ColumnView
from ui.screens.detail_html import detail
from ui.screens.list_screen import ListScreen


class ScreeningScreen(ListScreen[ScreeningRound]):
    record_type = ScreeningRound
    shows = frozenset({"screening_rounds", "screening_findings", "disputes", "incidents", "grids"})
    default_sort = "period_start"
    form = ScreeningForm

    def columns(self) -> list[ColumnView]:
        return [
            ColumnView("period_start", self.tr("Month"), self.month_words, width=90),
            ColumnView("screened_on", self.tr("Screened on"), width=90),
            ColumnView("screener", self.tr("Screener"), width=80),
            ColumnView("nil_report", self.tr("Nil report"), self.nil_mark, width=60),
            ColumnView("findings", self.tr("Findings"), width=60),
            ColumnView("turned", self.tr("Turned into records"), width=60),
            ColumnView("places_covered", self.tr("Places covered"), width=200),
        ]

    def month_words(self, value: object) -> str:
        if not value:
            return ""
        first = datetime.fromisoformat(str(value)).date()
        return period_words(*month_of(first), current_language())

    def nil_mark(self, value: object) -> str:
        return self.tr("Nil report") if value else ""

    def new_label(self) -> str:
        return self.tr("New screening")

    def top_actions(self) -> list[QWidget]:
        nil = QPushButton(self.tr("File a nil report"))
        nil.setObjectName("file_nil")
        nil.setToolTip(self.tr("No dispute found this month (零报告)"))
        nil.clicked.connect(self.file_nil_report)
        return [nil]

    def file_nil_report(self) -> RecordForm[ScreeningRound]:
        form = ScreeningForm(self.store, self.session, None, parent=self, nil=True)
        form.show()
        form.activateWindow()
        self.form_opened.emit(form)
        return form

    def _turned_words(self, finding: ScreeningFinding) -> str:
        """What the finding became; both, when two offline laptops each turned it."""
        words = []
        if finding.dispute_id is not None:
            dispute = self.store.get(Dispute, finding.dispute_id, include_deleted=True)
            words.append(
                self.tr("→ dispute “%1” (%2)")
                .replace("%1", dispute.title)
                .replace("%2", enum_label(dispute.status))
            )
        if finding.incident_id is not None:
            incident = self.store.get(Incident, finding.incident_id, include_deleted=True)
            words.append(
                self.tr("→ incident: %1 (%2)")
                .replace("%1", enum_label(incident.category))
                .replace("%2", enum_label(incident.status))
            )
        return " ".join(words)

    def describe(self, record: ScreeningRound) -> str:
        lines = []
        for finding in findings_of(self.store, record.id):
            parts = [
                enum_label(finding.category),
                finding.place,
                finding.summary,
                self._turned_words(finding),
            ]
            lines.append(" · ".join(part for part in parts if part))
        households = len(record.households_covered)
        title = (
            period_words(record.period_start, record.period_end, current_language())
            + " "
            + self.tr("dispute screening")
        )
        return detail(
            title,
            [
                (
                    self.tr("Nil report"),
                    self.tr("No dispute found in this period") if record.nil_report else "",
                ),
                (self.tr("Screener"), record.screener),
                (self.tr("Screened on"), record.screened_on.isoformat()),
                (self.tr("Households covered"), str(households) if households else ""),
                (self.tr("Places covered"), record.places_covered),
                (self.tr("Notes"), record.notes),
            ],
            *([] if record.nil_report else [(self.tr("Findings"), lines)]),
        )

    def detail_actions(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.unreported = QLabel()
        self.unreported.setObjectName("unreported")
        self.unreported.setWordWrap(True)
        self.unreported_month = QComboBox()
        self.unreported_month.setObjectName("unreported_month")
        self.unreported_month.setToolTip(self.tr("The month the notice is about"))
        language = current_language()
        for first in months_before(calendar_day.local_today()):
            self.unreported_month.addItem(period_words(*month_of(first), language), first.isoformat())
        self.unreported_month.currentIndexChanged.connect(lambda _index: self.show_unreported())
        notice = QHBoxLayout()
        notice.addWidget(self.unreported, 1)
        notice.addWidget(self.unreported_month)
        layout.addLayout(notice)
        if not self.session.may(
            Permission.REVIEW
        ):  # hidden once placed: shown parentless, a window would flash
            self.unreported.hide()
            self.unreported_month.hide()
        self.contradicted = error_label("contradicted")
        layout.addWidget(self.contradicted)
        self.turned_twice = error_label("turned_both_ways")
        layout.addWidget(self.turned_twice)
        self.finding_choice = QComboBox()
        self.finding_choice.setObjectName("finding_choice")
        self.to_dispute = QPushButton(self.tr("Turn into a dispute"))
        self.to_dispute.setObjectName("to_dispute")
        self.to_dispute.clicked.connect(self.turn_into_dispute)
        self.incident_kind = EnumChoice(IncidentCategory)
        self.to_incident = QPushButton(self.tr("Report as an incident"))
        self.to_incident.setObjectName("to_incident")
        self.to_incident.clicked.connect(self.turn_into_incident)
        self.withdraw_nil = QPushButton(self.tr("Withdraw the nil report"))
        self.withdraw_nil.setObjectName("withdraw_nil")
        self.withdraw_nil.setToolTip(self.tr("Filed by mistake: take it back, then file the findings"))
        self.withdraw_nil.clicked.connect(self.withdraw_nil_report)
        # Wraps under the detail pane: on one line its English at 150% left the list 200 px.
        line = FlowLayout()
        for widget in (
            self.withdraw_nil,
            self.finding_choice,
            self.to_dispute,
            self.incident_kind,
            self.to_incident,
        ):
            line.addWidget(widget)
        layout.addLayout(line)
        self.action_error = error_label("screening_error")
        layout.addWidget(self.action_error)
        self.selected_round: ScreeningRound | None = None
        self.show_unreported()
        self.show_contradictions()
        self._show_findings()
        return box

    def show_unreported(self) -> None:
        """The villages that have filed neither findings nor a nil report for the chosen month: on
        1 April the supervisor looks back at March."""
        if not self.session.may(Permission.REVIEW):
            return
        chosen = self.unreported_month.currentData()
        start, end = month_of(date.fromisoformat(chosen) if chosen else calendar_day.local_today())
        missing = unreported_grids(self.store, self.session, start, end)
        month = period_words(start, end, current_language())
        if missing:
            self.unreported.setText(
                self.tr("Not yet reported for %1 (%2): %3")
                .replace("%1", month)
                .replace("%2", str(len(missing)))
                .replace("%3", join_list(name for _code, name in missing))
            )
        else:
            self.unreported.setText(self.tr("Every village has reported for %1.").replace("%1", month))

    def show_contradictions(self) -> None:
        """Village months where two laptops, offline, filed a nil report and findings: both were
        kept by the sync, and someone has to withdraw the nil report that is no longer true."""
        periods = contradicted_periods(self.store, self.session)
        language = current_language()
        months = ((label, period_words(start, end, language)) for label, start, end in periods)
        where = join_list(in_language(f"{label}{month}", f"{label} {month}") for label, month in months)
        self.contradicted.setText(
            self.tr(
                "Both a nil report and findings (filed on two devices while offline): %1. "
                "Check with the workers, then withdraw the nil report."
            ).replace("%1", where)
        )
        self.contradicted.setVisible(bool(periods))
        twice = turned_both_ways(self.store, self.session)
        named = join_list(
            in_language(f"{label}：{summary}", f"{label}: {summary}")
            for label, summary in (
                (label, f.summary.splitlines()[0][:30].rstrip("。.；;，,")) for label, f in twice
            )
        )
        self.turned_twice.setText(
            self.tr(
                "Turned into both a dispute and an incident (on two devices while offline): %1. "
                "Check with the workers, then delete the one not needed."
            ).replace("%1", named)
        )
        self.turned_twice.setVisible(bool(twice))

    def refresh(self) -> None:
        super().refresh()
        self.show_unreported()
        self.show_contradictions()

    def _open_findings(self) -> list[ScreeningFinding]:
        if self.selected_round is None:
            return []
        return [
            f
            for f in findings_of(self.store, self.selected_round.id)
            if f.dispute_id is None and f.incident_id is None
        ]

    def _show_findings(self) -> None:
        self.finding_choice.clear()
        for finding in self._open_findings():
            self.finding_choice.addItem(finding.summary.splitlines()[0][:30], str(finding.id))
        waiting = self.finding_choice.count() > 0
        for widget in (self.finding_choice, self.to_dispute, self.incident_kind, self.to_incident):
            widget.setEnabled(waiting)
        nil = self.selected_round is not None and self.selected_round.nil_report
        self.withdraw_nil.setVisible(nil)
        for widget in (self.finding_choice, self.to_dispute, self.incident_kind, self.to_incident):
            widget.setVisible(not nil)

    def on_selected(self, record: ScreeningRound | None) -> None:
        self.selected_round = record
        show_error(self.action_error, None)
        self._show_findings()

    def _turn(self, make: str) -> None:
        finding_id = self.finding_choice.currentData()
        if finding_id is None:
            return
        try:
            if make == "dispute":
                turn_into_dispute(self.store, finding_id, by=self.session.username)
            else:
                kind = self.incident_kind.value()
                assert isinstance(kind, IncidentCategory)
                turn_into_incident(
                    self.store, finding_id, by=self.session.username, category=kind, now=datetime.now(UTC)
                )
        except TongxinError as error:
            show_error(self.action_error, error)
            return
        announce({"screening_findings", "disputes", "dispute_steps", "incidents"})

    def withdraw_nil_report(self) -> None:
        """A nil report filed by mistake is taken back (a delete that syncs), so findings can be filed."""
        if self.selected_round is None:
            return
        try:
            withdraw_nil_report(self.store, self.selected_round.id)
        except TongxinError as error:
            show_error(self.action_error, error)
            return
        self.selected_round = None
        announce({"screening_rounds"})
        self.show_nothing()

    def turn_into_dispute(self) -> None:
        """The chosen finding becomes a registered dispute, linked back to this round."""
        self._turn("dispute")

    def turn_into_incident(self) -> None:
        """The chosen finding is reported as an incident of the chosen kind, linked back."""
        self._turn("incident")
