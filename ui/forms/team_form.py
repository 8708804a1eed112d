"""The volunteer team form (志愿服务队): a team's name, grid and what it does, so activities and
roster imports can name it."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.models import VolunteerTeam
from app.services.drafts import Draft
from app.services.session import Session
from app.store import Store
from ui.forms.fields import TextArea, TextLine
from ui.forms.grid_choice import grid_choice
from ui.forms.record_form import RecordForm


class TeamForm(RecordForm[VolunteerTeam]):
    kind = "team"
    changes = frozenset({"volunteer_teams"})

    def __init__(
        self,
        store: Store,
        session: Session,
        record: VolunteerTeam | None = None,
        *,
        draft: Draft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, session, record, draft=draft, parent=parent)
        self.setWindowTitle(self.tr("Volunteer team"))
        self.add_field("grid", self.tr("Grid"), grid_choice(store, session, record), required=True)
        self.add_field("name", self.tr("Team name"), TextLine(), required=True)
        self.add_field("description", self.tr("What the team does"), TextArea())
        self.finish_setup(draft)

    def title(self) -> str:
        return self.tr("Team: %1").replace("%1", self.rows["name"].editor.raw() or self.tr("untitled"))

    def build(self) -> VolunteerTeam:
        return VolunteerTeam.model_validate({**self.base_values(), **self.values()})

    def commit(self, record: VolunteerTeam) -> VolunteerTeam:
        return self.store.save(record)
