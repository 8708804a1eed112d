"""志愿服务: volunteer activities, teams and hours."""

from __future__ import annotations

from app.models import Volunteer, VolunteerActivity, VolunteerTeam
from app.services.volunteering import participations_of
from ui.forms.activity_form import ActivityForm
from ui.list_model import ColumnView, local_time
from ui.screens.detail_html import detail
from ui.screens.list_screen import ListScreen


class ActivitiesScreen(ListScreen[VolunteerActivity]):
    record_type = VolunteerActivity
    shows = frozenset({"volunteer_activities", "participations", "volunteers", "volunteer_teams", "reviews"})
    default_sort = "started_at"
    form = ActivityForm

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
        return detail(
            record.title,
            [
                (self.tr("Team"), team),
                (self.tr("Started at"), local_time(record.started_at.isoformat())),
                (self.tr("Ended at"), local_time(record.ended_at.isoformat())),
                (self.tr("Location"), record.location),
                (self.tr("Description"), record.description),
                (self.tr("Photos"), str(len(record.attachments)) if record.attachments else ""),
            ],
            (self.tr("Volunteers and hours"), people),
        )
