"""Volunteer activities (志愿服务) and the hours each volunteer gave to them."""

from __future__ import annotations

import json
from collections.abc import Sequence

from app.errors import InvalidValue
from app.models import Participation, VolunteerActivity, VolunteerTeam
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
