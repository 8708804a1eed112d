"""Volunteers, volunteer activities (志愿服务) and the hours each volunteer gave to them.

A volunteer is a resident of the registry (name, phone and ID number taken from them) or an
outside person typed in. One who stops serving is made inactive, not deleted: they are no longer
offered for new activities, and the hours they gave stay on the ledgers::

    volunteer = register_volunteer(store, from_resident(resident, team=team, author="worker101"))
    set_active(store, volunteer, active=False)
    hours_of(store, volunteer)  # what they gave before, unchanged
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from uuid import UUID

from app.errors import InvalidValue
from app.models import Participation, Resident, Volunteer, VolunteerActivity, VolunteerTeam
from app.services.members import save_with_members
from app.services.session import Session
from app.store import Store, scope


def teams_for(store: Store, session: Session) -> list[VolunteerTeam]:
    """The teams a person can record an activity of: those of their grids and of the grids above
    them (a village worker picks their township's team), by name; no other township's."""
    near = sorted(scope.with_ancestors(store.db, session.grids))
    return store.find(
        VolunteerTeam, "grid IN (SELECT value FROM json_each(?))", [json.dumps(near)], order_by="name"
    )


def from_resident(resident: Resident, *, team_id: UUID | None, author: str) -> Volunteer:
    """A resident as a volunteer: their name, phone and ID number as the registry has them."""
    return Volunteer(
        grid=resident.grid,
        author=author,
        name=resident.name,
        resident_id=resident.id,
        phone=resident.phone,
        id_number=resident.id_number,
        team_id=team_id,
    )


def check_volunteer(store: Store, volunteer: Volunteer) -> None:
    """The same resident, or the same ID number, is one volunteer, never two."""
    for field, code in (("resident_id", "volunteer_resident_twice"), ("id_number", "volunteer_id_twice")):
        value = getattr(volunteer, field)
        if value is None:
            continue
        twins = store.find(Volunteer, f"{field} = ? AND id != ?", [str(value), str(volunteer.id)], limit=1)
        if twins:
            raise InvalidValue(
                code,
                f"{twins[0].name}已登记为志愿者，请在志愿者名单中修改。",
                f"{twins[0].name} is already a volunteer; edit them in the volunteer list.",
            )


def register_volunteer(store: Store, volunteer: Volunteer) -> Volunteer:
    """Save a volunteer, new or edited, unless they are registered already."""
    check_volunteer(store, volunteer)
    return store.save(volunteer)


def set_active(store: Store, volunteer: Volunteer, *, active: bool) -> Volunteer:
    """Make a volunteer active again or inactive; their participations are untouched."""
    return store.save(Volunteer.model_validate({**volunteer.model_dump(), "active": active}))


def hours_of(store: Store, volunteer: Volunteer) -> float:
    """Every hour a volunteer gave, on activities not deleted."""
    row = store.db.execute(
        "SELECT coalesce(sum(p.hours), 0) FROM participations p JOIN volunteer_activities a "
        "ON a.id = p.activity_id WHERE p.volunteer_id = ? AND p.deleted = 0 AND a.deleted = 0",
        [str(volunteer.id)],
    ).fetchone()
    return float(row[0])


def record_activity(
    store: Store,
    activity: VolunteerActivity,
    participations: Sequence[Participation] = (),
    *,
    withdrawn: Sequence[Participation] = (),
) -> VolunteerActivity:
    """Save an activity with who took part, all or nothing; ``withdrawn`` participations are
    removed. A volunteer is counted once per activity, so hours are never double-booked."""
    volunteers = [p.volunteer_id for p in participations]
    if len(set(volunteers)) != len(volunteers):
        raise InvalidValue(
            "participant_twice",
            "同一名志愿者在一次活动中只能登记一次。",
            "A volunteer can be listed only once per activity.",
        )
    _no_newly_inactive(store, participations)
    return save_with_members(
        store,
        activity,
        participations,
        removed=withdrawn,
        link="activity_id",
        stranger=lambda _member: InvalidValue(
            "participation_activity",
            "参与记录不属于这次活动，无法一起保存。",
            "A participation does not belong to this activity.",
        ),
    )


def participations_of(store: Store, activity: VolunteerActivity) -> list[Participation]:
    return store.find(Participation, "activity_id = ?", [str(activity.id)], order_by="created_at")


def _no_newly_inactive(store: Store, participations: Sequence[Participation]) -> None:
    """An inactive volunteer keeps the activities they took part in but joins no new one."""
    for participation in participations:
        if store.db.execute("SELECT 1 FROM participations WHERE id = ?", [str(participation.id)]).fetchone():
            continue
        volunteer = store.get(Volunteer, participation.volunteer_id, include_deleted=True)
        if not volunteer.active:
            raise InvalidValue(
                "volunteer_inactive",
                f"志愿者{volunteer.name}已停用，不能登记到新的活动中。",
                f"{volunteer.name} is an inactive volunteer and cannot join a new activity.",
            )


def service_of(store: Store, volunteer: Volunteer) -> list[tuple[VolunteerActivity, float]]:
    """The activities a volunteer took part in, newest first, each with the hours they gave."""
    rows = store.db.execute(
        "SELECT p.activity_id, p.hours FROM participations p JOIN volunteer_activities a "
        "ON a.id = p.activity_id WHERE p.volunteer_id = ? AND p.deleted = 0 AND a.deleted = 0 "
        "ORDER BY a.started_at DESC",
        [str(volunteer.id)],
    ).fetchall()
    return [(store.get(VolunteerActivity, activity_id), float(hours)) for activity_id, hours in rows]
