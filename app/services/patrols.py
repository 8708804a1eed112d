"""Patrols (巡查) and incidents (事件上报): a patrol is saved with what it found, all or nothing; an
incident moves 已上报 → 处置中 → 已办结, never back, and may be escalated to the township (上报乡镇)
once, while it is still open::

    log_patrol(store, patrol, [fire])  # fire.patrol_id == patrol.id
    fire = escalate_incident(store, fire, now=now)  # and now 处置中
    fire = move_incident(store, fire, IncidentStatus.CLOSED, note="已清理火种")
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from app.errors import InvalidValue
from app.models import Incident, IncidentStatus, Patrol
from app.services.disputes import InvalidTransition
from app.services.members import save_with_members
from app.store import Store

_ORDER = list(IncidentStatus)


def log_patrol(store: Store, patrol: Patrol, incidents: Sequence[Incident] = ()) -> Patrol:
    """Save a patrol with the incidents found on it, in one transaction."""
    return save_with_members(
        store,
        patrol,
        incidents,
        link="patrol_id",
        stranger=lambda _incident: InvalidValue(
            "incident_patrol",
            "事件不属于这次巡查，无法一起保存。",
            "An incident does not belong to this patrol.",
        ),
    )


def incidents_of(store: Store, patrol: Patrol) -> list[Incident]:
    """The incidents found on a patrol, in the order they were reported; they share its grid."""
    return store.find(Incident, "patrol_id = ?", [str(patrol.id)], order_by="reported_at")


def move_incident(store: Store, incident: Incident, status: IncidentStatus, *, note: str = "") -> Incident:
    """Move an incident forward; the note says what was done (处置情况) and is kept with it."""
    if incident.status is IncidentStatus.CLOSED or _ORDER.index(status) <= _ORDER.index(incident.status):
        raise InvalidTransition(
            "incident_transition",
            f"事件不能从“{incident.status.zh}”改为“{status.zh}”。",
            f"An incident cannot go from {incident.status.en} to {status.en}.",
        )
    update: dict[str, object] = {"status": status}
    if note:
        update["handling_note"] = note
    return store.save(Incident.model_validate({**incident.model_dump(), **update}))


def escalate_incident(store: Store, incident: Incident, *, now: datetime) -> Incident:
    """Report an open incident on to the township; it is then being handled there."""
    if incident.status is IncidentStatus.CLOSED or incident.escalated_at is not None:
        raise InvalidTransition(
            "incident_escalation",
            "已办结或已上报乡镇的事件不能再次上报。",
            "A closed or already escalated incident cannot be escalated again.",
        )
    status = IncidentStatus.HANDLING if incident.status is IncidentStatus.REPORTED else incident.status
    return store.save(
        Incident.model_validate({**incident.model_dump(), "escalated_at": now, "status": status})
    )
