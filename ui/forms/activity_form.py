"""The volunteer activity form (志愿服务活动): what, when, which team, who took part for how long."""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar
from uuid import UUID, uuid4

from pydantic import ValidationError
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton, QWidget

from app.errors import InvalidValue
from app.models import ActivityKind, Participation, Volunteer, VolunteerActivity, VolunteerTeam
from app.models.community import MAX_HEAD_COUNT
from app.models.volunteers import MAX_HOURS_PER_ACTIVITY
from app.services.drafts import Draft
from app.services.session import Session
from app.services.volunteering import participations_of, record_activity, teams_for
from app.store import Store
from ui import palette
from ui.feedback import error_label
from ui.forms.fields import Choice, Count, DateTimeField, EnumChoice, TextArea, TextLine
from ui.forms.grid_choice import grid_choice
from ui.forms.photos import PhotoList
from ui.forms.picked_records import PickedHouseholds
from ui.forms.picker import RecordPicker
from ui.forms.record_form import RecordForm
from ui.i18n import join_list


class ParticipantRow(QWidget):
    """A volunteer who took part and their hours: one participation, known by its id, so that of
    two rows for one volunteer (two laptops each added them offline) exactly one can be removed."""

    def __init__(
        self, form: ActivityForm, participation_id: UUID, volunteer_id: UUID, name: str, hours: float
    ) -> None:
        super().__init__()
        self.participation_id = participation_id
        self.volunteer_id = volunteer_id
        self.name = name
        self.hours = QDoubleSpinBox()
        self.hours.setRange(0, MAX_HOURS_PER_ACTIVITY)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(self.tr(" h"))
        self.hours.setValue(hours)
        self.hours.valueChanged.connect(lambda _v: form.edited())
        self.twice = error_label("listed_twice")
        self.twice.setText(self.tr("Listed twice"))
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(lambda: form.remove_participant(self))
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(QLabel(name), 1)
        line.addWidget(self.twice)
        line.addWidget(self.hours)
        line.addWidget(remove)


class ActivityForm(RecordForm[VolunteerActivity]):
    kind = "activity"
    changes = frozenset({"volunteer_activities", "participations"})
    error_fields: ClassVar[dict[str, str]] = {"activity_end_before_start": "ended_at"}

    def __init__(
        self,
        store: Store,
        session: Session,
        record: VolunteerActivity | None = None,
        *,
        draft: Draft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, session, record, draft=draft, parent=parent)
        self.setWindowTitle(self.tr("Volunteer activity"))
        self._new_id = uuid4()
        self.participants: list[ParticipantRow] = []
        self.stored = participations_of(store, record) if record else []
        offered = teams_for(store, session)
        if record is not None and record.team_id and record.team_id not in {t.id for t in offered}:
            offered.append(store.get(VolunteerTeam, record.team_id, include_deleted=True))  # kept as saved
        teams = [(str(t.id), t.name) for t in offered]
        self.add_field("grid", self.tr("Grid"), grid_choice(store, session, record), required=True)
        self.add_field("title", self.tr("Title"), TextLine(), required=True)
        self.add_field("kind", self.tr("Type"), EnumChoice(ActivityKind), required=True)
        self.add_field("team_id", self.tr("Team"), Choice(teams, optional=True))
        self.add_field("started_at", self.tr("Started at"), DateTimeField(), required=True)
        self.add_field("ended_at", self.tr("Ended at"), DateTimeField(), required=True)
        self.add_field("location", self.tr("Location"), TextLine())
        self.add_field("participant_count", self.tr("Participants (人次)"), Count(MAX_HEAD_COUNT))
        self.add_field("beneficiary_count", self.tr("Beneficiaries"), Count(MAX_HEAD_COUNT))
        self.add_field(
            "households_served",
            self.tr("Households served"),
            PickedHouseholds(store, session),
        )
        self.add_field("description", self.tr("Description"), TextArea())
        self.add_field("attachments", self.tr("Photos"), PhotoList(store))
        # Only active volunteers are offered; one made inactive stays on activities they were on.
        self.volunteer = RecordPicker(
            store, session, "active_volunteers", placeholder=self.tr("Add a volunteer: type a name")
        )
        self.volunteer.changed.connect(self._volunteer_picked)
        self.extra.addWidget(QLabel(self.tr("Volunteers and hours")))
        self.extra.addWidget(self.volunteer)
        self.participant_problem = QLabel()
        self.participant_problem.setWordWrap(True)
        self.participant_problem.setStyleSheet(palette.ERROR_STYLE)
        self.extra.addWidget(self.participant_problem)
        if record is not None and draft is None:
            for p in self.stored:
                self._add_participant(p.id, p.volunteer_id, p.hours)
        self.finish_setup(draft)

    @property
    def activity_id(self) -> UUID:
        return self.record.id if self.record else self._new_id

    def _volunteer_picked(self) -> None:
        picked = self.volunteer.value()
        if picked is None:
            return
        self.volunteer.set_value(None)
        if all(row.volunteer_id != picked for row in self.participants):
            self._add_participant(self._participation_id(picked), picked, self._duration_hours())
            self.edited()

    def _participation_id(self, volunteer_id: UUID) -> UUID:
        """A volunteer removed and added again in this form keeps their stored participation (its
        author and date); anyone else gets a new one."""
        shown = {row.participation_id for row in self.participants}
        again = (p.id for p in self.stored if p.volunteer_id == volunteer_id and p.id not in shown)
        return next(again, uuid4())

    def _duration_hours(self) -> float:
        values = self.values()
        hours = (values["ended_at"] - values["started_at"]).total_seconds() / 3600
        return min(max(hours, 0.5), MAX_HOURS_PER_ACTIVITY)

    def _add_participant(self, participation_id: UUID, volunteer_id: UUID, hours: float) -> None:
        name = self.store.get(Volunteer, volunteer_id, include_deleted=True).name
        row = ParticipantRow(self, participation_id, volunteer_id, name, hours)
        self.participants.append(row)
        self.extra.insertWidget(self.extra.count() - 1, row)
        row.show()

    def remove_participant(self, row: ParticipantRow) -> None:
        self.participants.remove(row)
        row.deleteLater()
        self.edited()

    def title(self) -> str:
        return self.tr("Activity: %1").replace("%1", self.rows["title"].editor.raw() or self.tr("untitled"))

    def payload(self) -> dict[str, Any]:
        return {
            **super().payload(),
            "activity_id": str(self.activity_id),
            "participants": [
                [str(row.volunteer_id), row.hours.value(), str(row.participation_id)]
                for row in self.participants
            ],
        }

    def restore(self, payload: dict[str, Any]) -> None:
        super().restore(payload)
        if payload.get("activity_id") and self.record is None:
            self._new_id = UUID(payload["activity_id"])
        for volunteer_id, hours, *participation_id in payload.get("participants", []):
            # A draft written before rows carried their participation takes the stored one.
            known = (
                UUID(participation_id[0]) if participation_id else self._participation_id(UUID(volunteer_id))
            )
            self._add_participant(known, UUID(volunteer_id), hours)

    def build(self) -> VolunteerActivity:
        return VolunteerActivity.model_validate(
            {**self.base_values(), "id": self.activity_id, **self.values()}
        )

    def participations(self, activity: VolunteerActivity) -> list[Participation]:
        existing = {p.id: p for p in self.stored}
        built = []
        for row in self.participants:
            base = existing[row.participation_id].model_dump() if row.participation_id in existing else {}
            built.append(
                Participation.model_validate(
                    {
                        "author": activity.author,
                        **base,
                        "id": row.participation_id,
                        "grid": activity.grid,
                        "activity_id": activity.id,
                        "volunteer_id": row.volunteer_id,
                        "hours": row.hours.value(),
                    }
                )
            )
        return built

    def validate_parts(self) -> tuple[bool, list[str]]:
        try:
            self.participations(self.build())
        except (ValidationError, InvalidValue) as exc:
            cause = exc if isinstance(exc, InvalidValue) else exc.errors()[0].get("ctx", {}).get("error")
            if isinstance(cause, InvalidValue) and cause.code == "hours_range":
                self.participant_problem.setText(self.message(cause))
                return False, []
        self.participant_problem.setText(self._listed_twice())
        return True, []

    def _listed_twice(self) -> str:
        """Mark the rows of a volunteer listed more than once (a sync of two laptops that each
        added them) and say which to do; the save is not held up by it, nothing is lost."""
        listed = Counter(row.volunteer_id for row in self.participants)
        names = []
        for row in self.participants:
            row.twice.setVisible(listed[row.volunteer_id] > 1)
            if listed[row.volunteer_id] > 1 and row.name not in names:
                names.append(row.name)
        if not names:
            return ""
        return self.tr(
            "%1 listed more than once (two computers each added them): remove the extra rows."
        ).replace("%1", join_list(names))

    def commit(self, record: VolunteerActivity) -> VolunteerActivity:
        kept = {row.participation_id for row in self.participants}
        withdrawn = [p for p in self.stored if p.id not in kept]
        return record_activity(self.store, record, self.participations(record), withdrawn=withdrawn)
