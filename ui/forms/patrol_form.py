"""The patrol log form (巡查日志): the route, the times, what was found, photos — and an incident
found on the way (事件上报), saved with the patrol in one transaction."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID, uuid4

from pydantic import ValidationError
from PySide6.QtWidgets import QLabel, QWidget

from app.errors import InvalidValue
from app.models import Incident, IncidentCategory, Patrol
from app.services.drafts import Draft
from app.services.patrols import log_patrol
from app.services.session import Session
from app.store import Store
from ui.feedback import scaled_font
from ui.forms.fields import DateTimeField, EnumChoice, TextArea, TextLine
from ui.forms.grid_choice import grid_choice
from ui.forms.photos import PhotoList
from ui.forms.record_form import RecordForm

# Field rows that describe the incident, by the incident field each fills.
INCIDENT_ROWS = {"incident_category": "category", "incident_place": "place", "incident_summary": "summary"}


class PatrolForm(RecordForm[Patrol]):
    kind = "patrol"
    changes = frozenset({"patrols", "incidents"})
    error_fields: ClassVar[dict[str, str]] = {"patrol_end_before_start": "ended_at"}

    def __init__(
        self,
        store: Store,
        session: Session,
        record: Patrol | None = None,
        *,
        draft: Draft | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(store, session, record, draft=draft, parent=parent)
        self.setWindowTitle(self.tr("Patrol log"))
        self._new_id = uuid4()
        self.add_field("grid", self.tr("Grid"), grid_choice(store, session, record), required=True)
        self.add_field("route", self.tr("Route or places"), TextLine(), required=True)
        self.add_field("started_at", self.tr("Started at"), DateTimeField(), required=True)
        self.add_field("ended_at", self.tr("Ended at"), DateTimeField(), required=True)
        self.add_field("findings", self.tr("Findings"), TextArea())
        self.add_field("attachments", self.tr("Photos"), PhotoList(store))
        heading = QLabel(self.tr("An incident found on this patrol (leave the type empty if none)"))
        heading.setFont(scaled_font(heading, 1.1, bold=True))
        self._grid.addWidget(heading, self._grid.rowCount(), 0, 1, 3)
        self.add_field(
            "incident_category", self.tr("Incident type"), EnumChoice(IncidentCategory, optional=True)
        )
        self.add_field("incident_place", self.tr("Incident place"), TextLine())
        self.add_field("incident_summary", self.tr("What happened"), TextArea())
        self.finish_setup(draft)

    @property
    def patrol_id(self) -> UUID:
        return self.record.id if self.record else self._new_id

    def load(self, record: Patrol) -> None:
        for name, row in self.rows.items():
            if name not in INCIDENT_ROWS:
                row.editor.set_value(getattr(record, name))

    def title(self) -> str:
        return self.tr("Patrol: %1").replace("%1", self.rows["route"].editor.raw() or self.tr("untitled"))

    def payload(self) -> dict[str, Any]:
        return {**super().payload(), "patrol_id": str(self.patrol_id)}

    def restore(self, payload: dict[str, Any]) -> None:
        super().restore(payload)
        if payload.get("patrol_id") and self.record is None:
            self._new_id = UUID(payload["patrol_id"])

    def build(self) -> Patrol:
        values = {name: value for name, value in self.values().items() if name not in INCIDENT_ROWS}
        patroller = self.record.patroller if isinstance(self.record, Patrol) else self.session.username
        return Patrol.model_validate(
            {**self.base_values(), "patroller": patroller, "id": self.patrol_id, **values}
        )

    def base_values(self) -> dict[str, Any]:
        base = super().base_values()
        return {name: value for name, value in base.items() if name not in INCIDENT_ROWS}

    def incident(self, patrol: Patrol) -> Incident | None:
        """The incident the lower rows describe, or None when no type is chosen."""
        values = self.values()
        if values["incident_category"] is None:
            return None
        return Incident.model_validate(
            {
                "grid": patrol.grid,
                "author": self.session.username,
                "patrol_id": patrol.id,
                "reported_at": patrol.ended_at or patrol.started_at,
                "attachments": patrol.attachments,
                **{field: values[row] for row, field in INCIDENT_ROWS.items()},
            }
        )

    def field_errors(self) -> tuple[dict[str, str], str]:
        """The patrol's errors, and the incident's beside its own rows."""
        by_field, general = super().field_errors()
        rows_of = {field: row for row, field in INCIDENT_ROWS.items()}
        try:
            self.incident(self.build())
        except ValidationError as exc:
            for item in exc.errors():
                row = rows_of.get(str(item["loc"][0])) if item["loc"] else None
                if row is not None:
                    by_field.setdefault(row, self.describe(item))
        except InvalidValue:
            pass  # the patrol itself is not valid yet; its rows say why
        return by_field, general

    def commit(self, record: Patrol) -> Patrol:
        found = self.incident(record)
        return log_patrol(self.store, record, [found] if found else [])
