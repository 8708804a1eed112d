"""志愿者: the volunteers of the person's grids with the hours each gave, filtered by team and by
whether they are still active; a volunteer is made inactive (or active again) from the detail pane.
One person registered twice (two laptops, offline, each registered the same resident) is said so in
the detail pane of either, which merges the two into the one selected, keeping every hour."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from app.errors import TongxinError
from app.models import Resident, Volunteer, VolunteerTeam
from app.services.lists import Standing
from app.services.session import Permission, mask_id_number
from app.services.volunteering import hours_of, merge_volunteers, service_of, set_active, teams_for, twins_of
from ui.changes import announce
from ui.feedback import error_label, show_error
from ui.forms.fields import Choice, EnumChoice
from ui.forms.volunteer_form import VolunteerForm
from ui.list_model import ColumnView, local_time
from ui.screens.detail_html import detail
from ui.screens.list_screen import ListScreen


class VolunteersScreen(ListScreen[Volunteer]):
    record_type = Volunteer
    shows = frozenset({"volunteers", "volunteer_teams", "participations", "volunteer_activities"})
    default_sort = "created_at"
    form = VolunteerForm

    def columns(self) -> list[ColumnView]:
        return [
            ColumnView("name", self.tr("Name"), width=100),
            ColumnView("active", self.tr("Standing"), self.standing, width=60),
            ColumnView("hours", self.tr("Hours"), lambda h: f"{h:g}", width=50),
            ColumnView("activities", self.tr("Activities"), width=50),
            ColumnView("team", self.tr("Team"), width=200),
            ColumnView("phone", self.tr("Phone"), width=110),
            ColumnView("created_at", self.tr("Registered"), local_time, width=140),
        ]

    def standing(self, value: object) -> str:
        return self.tr("Active") if value else self.tr("Inactive")

    def choice_filters(self) -> Mapping[str, tuple[str, Choice]]:
        teams = [(str(t.id), t.name) for t in teams_for(self.store, self.session)]
        return {
            "team": (self.tr("Team"), Choice(teams, optional=True)),
            "active": (self.tr("Standing"), EnumChoice(Standing, optional=True)),
        }

    def new_label(self) -> str:
        return self.tr("New volunteer")

    def describe(self, record: Volunteer) -> str:
        team = (
            self.store.get(VolunteerTeam, record.team_id, include_deleted=True).name if record.team_id else ""
        )
        if record.resident_id is not None:
            resident = self.store.get(Resident, record.resident_id, include_deleted=True)
            origin = self.tr("Resident of the registry (%1)").replace("%1", resident.name)
        else:
            origin = self.tr("Outside person")
        id_number = record.id_number or ""
        if id_number and not self.session.may(Permission.SEE_ID_NUMBERS):
            id_number = mask_id_number(id_number)
        served = [
            f"{local_time(activity.started_at.isoformat())} · {activity.title} · "
            + self.tr("%1 h").replace("%1", f"{hours:g}")
            for activity, hours in service_of(self.store, record)
        ]
        twins = [
            self.tr("%1, registered %2, %3 h")
            .replace("%1", twin.name)
            .replace("%2", local_time(twin.created_at.isoformat()))
            .replace("%3", f"{hours_of(self.store, twin):g}")
            for twin in twins_of(self.store, record)
        ]
        return detail(
            record.name,
            [
                (
                    self.tr("Registered twice"),
                    self.tr("The same resident is registered twice") if twins else "",
                ),
                (self.tr("Standing"), self.standing(record.active)),
                (self.tr("Team"), team),
                (self.tr("Who"), origin),
                (self.tr("Phone"), record.phone or ""),
                (self.tr("ID number"), id_number),
                (self.tr("Total hours"), self.tr("%1 h").replace("%1", f"{hours_of(self.store, record):g}")),
            ],
            (self.tr("Activities and hours"), served),
            *([(self.tr("The other registration"), twins)] if twins else []),
        )

    def detail_actions(self) -> QWidget:
        box = QWidget()
        self.standing_button = QPushButton(self.tr("Mark inactive"))
        self.standing_button.setObjectName("toggle_active")
        self.standing_button.setEnabled(False)
        self.standing_button.clicked.connect(self.toggle_active)
        self.merge_button = QPushButton(self.tr("Merge the other registration into this one"))
        self.merge_button.setObjectName("merge_twins")
        self.merge_button.hide()
        self.merge_button.clicked.connect(self.merge_twins)
        self.action_error = error_label("volunteer_error")
        line = QHBoxLayout(box)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.standing_button)
        line.addWidget(self.merge_button)
        line.addWidget(self.action_error, 1)
        self.selected_volunteer: Volunteer | None = None
        return box

    def on_selected(self, record: Volunteer | None) -> None:
        self.selected_volunteer = record
        show_error(self.action_error, None)
        self.standing_button.setEnabled(record is not None)
        active = record is None or record.active
        self.standing_button.setText(self.tr("Mark inactive") if active else self.tr("Mark active again"))
        self.merge_button.setVisible(record is not None and bool(twins_of(self.store, record)))

    def toggle_active(self) -> None:
        """An inactive volunteer is no longer offered for new activities; the hours stay theirs."""
        volunteer = self.selected_volunteer
        if volunteer is None:
            return
        try:
            set_active(self.store, volunteer, active=not volunteer.active)
        except TongxinError as error:
            show_error(self.action_error, error)
            return
        announce({"volunteers"})

    def merge_twins(self) -> None:
        """One person registered twice becomes the volunteer selected: the other's activities and
        hours move to them and the other registration is deleted."""
        volunteer = self.selected_volunteer
        if volunteer is None:
            return
        try:
            for twin in twins_of(self.store, volunteer):
                volunteer = merge_volunteers(self.store, volunteer, twin)
        except TongxinError as error:
            show_error(self.action_error, error)
            return
        announce({"volunteers", "participations"})
