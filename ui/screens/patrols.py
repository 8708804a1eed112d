"""巡查: patrol logs and the incidents found on them, followed to closure; an open incident can be
escalated to the township (上报乡镇) from the detail pane."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.errors import TongxinError
from app.models import Incident, IncidentStatus, Patrol
from app.services.patrols import escalate_incident, incidents_of
from ui.changes import announce
from ui.feedback import error_label, show_error
from ui.forms.patrol_form import PatrolForm
from ui.i18n import enum_label
from ui.list_model import ColumnView, local_time
from ui.screens.detail_html import detail
from ui.screens.list_screen import ListScreen


class PatrolsScreen(ListScreen[Patrol]):
    record_type = Patrol
    shows = frozenset({"patrols", "incidents"})
    default_sort = "started_at"
    form = PatrolForm

    def columns(self) -> list[ColumnView]:
        return [
            ColumnView("started_at", self.tr("Started at"), local_time, width=140),
            ColumnView("route", self.tr("Route or places"), width=260),
            ColumnView("patroller", self.tr("Patroller"), width=100),
            ColumnView("incidents", self.tr("Incidents"), width=70),
            ColumnView("open_incidents", self.tr("Open"), width=60),
        ]

    def new_label(self) -> str:
        return self.tr("New patrol")

    def incidents(self, patrol: Patrol) -> list[Incident]:
        return incidents_of(self.store, patrol)

    def describe(self, record: Patrol) -> str:
        lines = []
        for incident in self.incidents(record):
            parts = [
                enum_label(incident.category),
                enum_label(incident.status),
                incident.place,
                incident.summary,
            ]
            line = " · ".join(part for part in parts if part)
            if incident.escalated_at is not None:
                line += " · " + self.tr("escalated to the township %1").replace(
                    "%1", local_time(incident.escalated_at.isoformat())
                )
            lines.append(line)
        return detail(
            record.route,
            [
                (self.tr("Patroller"), record.patroller),
                (self.tr("Started at"), local_time(record.started_at.isoformat())),
                (self.tr("Ended at"), local_time(record.ended_at.isoformat()) if record.ended_at else ""),
                (self.tr("Findings"), record.findings),
                (self.tr("Photos"), str(len(record.attachments)) if record.attachments else ""),
            ],
            (self.tr("Incidents"), lines),
        )

    def detail_actions(self) -> QWidget:
        box = QWidget()
        self.escalate_button = QPushButton(self.tr("Escalate to the township"))
        self.escalate_button.setObjectName("escalate")
        self.escalate_button.setEnabled(False)
        self.escalate_button.clicked.connect(self.escalate)
        self.action_error = error_label("patrol_error")
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.escalate_button)
        line.addWidget(self.action_error, 1)
        self.selected_patrol: Patrol | None = None
        return box

    def _open_incident(self) -> Incident | None:
        if self.selected_patrol is None:
            return None
        waiting = [
            i
            for i in self.incidents(self.selected_patrol)
            if i.status is not IncidentStatus.CLOSED and i.escalated_at is None
        ]
        return waiting[0] if waiting else None

    def on_selected(self, record: Patrol | None) -> None:
        self.selected_patrol = record
        show_error(self.action_error, None)
        self.escalate_button.setEnabled(self._open_incident() is not None)

    def escalate(self) -> None:
        """The first open incident of the selected patrol goes on to the township."""
        incident = self._open_incident()
        if incident is None:
            return
        try:
            escalate_incident(self.store, incident, now=datetime.now(UTC))
        except TongxinError as error:
            show_error(self.action_error, error)
            return
        announce({"incidents"})
        self.escalate_button.setEnabled(self._open_incident() is not None)
