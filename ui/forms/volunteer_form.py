"""The volunteer form (志愿者): a resident picked from the registry — their name, phone and ID number
filled in from it — or an outside person typed in; their team; and whether they are still active
(an inactive volunteer is not offered for new activities but keeps their hours). A volunteer
registered twice (two laptops, offline) can be edited as usual; the form says so and where to merge."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import QLabel, QWidget

from app.models import Resident, Volunteer, VolunteerTeam
from app.services import grids
from app.services.drafts import Draft
from app.services.session import Permission, Session
from app.services.volunteering import check_volunteer, register_volunteer, teams_for, twins_of
from app.store import Store
from ui.forms.fields import Choice, Flag, IdNumberLine, TextLine
from ui.forms.grid_choice import grid_choice
from ui.forms.picker import RecordPicker
from ui.forms.record_form import RecordForm

# The row that picks a resident: it fills the others and names the resident, but is no field.
RESIDENT_ROW = "resident"


class VolunteerForm(RecordForm[Volunteer]):
    kind = "volunteer"
    changes = frozenset({"volunteers"})
    error_fields: ClassVar[dict[str, str]] = {
        "volunteer_resident_twice": RESIDENT_ROW,
        "volunteer_id_twice": "id_number",
    }

    def __init__(
        self,
        store: Store,
        session: Session,
        record: Volunteer | None = None,
        *,
        draft: Draft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, session, record, draft=draft, parent=parent)
        self.setWindowTitle(self.tr("Volunteer"))
        offered = teams_for(store, session)
        if record is not None and record.team_id and record.team_id not in {t.id for t in offered}:
            offered.append(store.get(VolunteerTeam, record.team_id, include_deleted=True))  # kept as saved
        self.add_field("grid", self.tr("Grid"), grid_choice(store, session, record), required=True)
        self.resident = self.add_field(
            RESIDENT_ROW,
            self.tr("From the residents"),
            RecordPicker(
                store, session, "residents", placeholder=self.tr("Type a resident's name, or leave empty")
            ),
        )
        self.resident.changed.connect(self._resident_picked)
        self.add_field("name", self.tr("Name"), TextLine(), required=True)
        self.add_field("phone", self.tr("Phone"), TextLine(optional=True))
        masked = not session.may(Permission.SEE_ID_NUMBERS)
        self.add_field("id_number", self.tr("ID number"), IdNumberLine(masked=masked))
        self.add_field(
            "team_id", self.tr("Team"), Choice([(str(t.id), t.name) for t in offered], optional=True)
        )
        active = self.add_field(
            "active", self.tr("Standing"), Flag(self.tr("Active: offered for new activities"))
        )
        active.set_value(True)  # a new volunteer serves; a saved one or a draft says otherwise
        self.twice = QLabel(
            self.tr("The same resident is registered twice: merge the two in the volunteer list.")
        )
        self.twice.setObjectName("registered_twice")
        self.twice.setWordWrap(True)
        self.twice.setVisible(record is not None and bool(twins_of(store, record)))
        self.extra.addWidget(self.twice)
        self.finish_setup(draft)

    def _resident_picked(self) -> None:
        """A resident chosen: their name, phone and ID number as the registry has them."""
        picked = self.resident.value()
        if picked is None:
            return
        resident = self.store.get(Resident, picked)
        for name in ("name", "phone", "id_number"):
            self.rows[name].editor.set_value(getattr(resident, name))
            self.rows[name].touched = True
        if self.record is None and resident.grid in self.session.grids:
            self.rows["grid"].editor.set_value(resident.grid)
        self.validate()

    def load(self, record: Volunteer) -> None:
        for name, row in self.rows.items():
            if name != RESIDENT_ROW:
                row.editor.set_value(getattr(record, name))
        if record.resident_id is not None:
            resident = self.store.get(Resident, record.resident_id, include_deleted=True)
            village = grids.labels(self.store, [resident.grid]).get(resident.grid, "")
            self.resident.set_value(record.resident_id, " · ".join(p for p in (resident.name, village) if p))

    def title(self) -> str:
        return self.tr("Volunteer: %1").replace("%1", self.rows["name"].editor.raw() or self.tr("untitled"))

    def build(self) -> Volunteer:
        values = {name: value for name, value in self.values().items() if name != RESIDENT_ROW}
        return Volunteer.model_validate(
            {**self.base_values(), "resident_id": self.resident.value(), **values}
        )

    def base_values(self) -> dict[str, Any]:
        base = super().base_values()
        return {name: value for name, value in base.items() if name not in ("resident_id", RESIDENT_ROW)}

    def check(self, record: Volunteer) -> None:
        check_volunteer(self.store, record)

    def commit(self, record: Volunteer) -> Volunteer:
        return register_volunteer(self.store, record)
