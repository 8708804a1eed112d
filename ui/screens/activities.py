"""志愿服务: volunteer activities, teams and hours."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QWidget

from app.models import Household, Volunteer, VolunteerActivity, VolunteerTeam
from app.services.session import Session
from app.services.volunteering import participations_of
from app.store import Store
from ui.forms.activity_form import ActivityForm
from ui.forms.team_form import TeamForm
from ui.i18n import enum_label
from ui.list_model import ColumnView, local_time
from ui.screens.detail_html import detail
from ui.screens.list_screen import ListScreen
from ui.screens.roster_import import RosterImportDialog


class ActivitiesScreen(ListScreen[VolunteerActivity]):
    record_type = VolunteerActivity
    shows = frozenset({"volunteer_activities", "participations", "volunteers", "volunteer_teams", "reviews"})
    default_sort = "started_at"
    form = ActivityForm

    def __init__(
        self,
        store: Store,
        session: Session,
        parent: QWidget | None = None,
        *,
        open_store: Callable[[], Store] | None = None,
    ) -> None:
        self.open_store = open_store
        self.roster_dialog: RosterImportDialog | None = None
        super().__init__(store, session, parent)

    def top_actions(self) -> list[QWidget]:
        team = QPushButton(self.tr("New team…"))
        team.setObjectName("new_team")
        team.clicked.connect(self.open_team_form)
        if self.open_store is None:
            return [team]
        roster = QPushButton(self.tr("Import volunteer roster…"))
        roster.setObjectName("import_roster")
        roster.clicked.connect(self.open_roster_import)
        return [team, roster]

    def open_team_form(self) -> TeamForm:
        """A team of its own window, like every record form; its draft is kept while typing."""
        form = TeamForm(self.store, self.session, parent=self)
        form.show()
        form.activateWindow()
        self.form_opened.emit(form)
        return form

    def open_roster_import(self) -> RosterImportDialog:
        """A window of its own, not modal: the lists stay usable while a long roster is checked."""
        if self.open_store is None:
            raise RuntimeError("this activities screen was made without a way to open the store")
        if self.roster_dialog is None:
            self.roster_dialog = RosterImportDialog(self.session, self.open_store, self)
        self.roster_dialog.show()
        self.roster_dialog.raise_()
        return self.roster_dialog

    def columns(self) -> list[ColumnView]:
        return [
            ColumnView("started_at", self.tr("Started at"), local_time, width=140),
            ColumnView("title", self.tr("Title"), width=220),
            ColumnView("team", self.tr("Team"), width=200),
            ColumnView("location", self.tr("Location"), width=140),
            ColumnView("volunteers", self.tr("Volunteers"), width=70),
            ColumnView("hours", self.tr("Hours"), lambda h: f"{h:g}", width=60),
        ]

    def new_label(self) -> str:
        return self.tr("New activity")

    def describe(self, record: VolunteerActivity) -> str:
        team = (
            self.store.get(VolunteerTeam, record.team_id, include_deleted=True).name if record.team_id else ""
        )
        people = [
            f"{self.store.get(Volunteer, p.volunteer_id, include_deleted=True).name} · {p.hours:g}"
            for p in participations_of(self.store, record)
        ]
        served = [
            f"{household.head_name} · {household.address}"
            for household in (
                self.store.get(Household, i, include_deleted=True) for i in record.households_served
            )
        ]
        return detail(
            record.title,
            [
                (self.tr("Type"), enum_label(record.kind)),
                (self.tr("Team"), team),
                (self.tr("Started at"), local_time(record.started_at.isoformat())),
                (self.tr("Ended at"), local_time(record.ended_at.isoformat())),
                (self.tr("Location"), record.location),
                (
                    self.tr("Participants (人次)"),
                    str(record.participant_count) if record.participant_count else "",
                ),
                (self.tr("Beneficiaries"), str(record.beneficiary_count) if record.beneficiary_count else ""),
                (self.tr("Description"), record.description),
                (self.tr("Photos"), str(len(record.attachments)) if record.attachments else ""),
            ],
            (self.tr("Volunteers and hours"), people),
            *([(self.tr("Households served"), served)] if served else []),
        )
