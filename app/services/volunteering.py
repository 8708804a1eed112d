"""Volunteer activities (志愿服务) and the hours each volunteer gave to them."""

from __future__ import annotations

from collections.abc import Sequence

from app.errors import InvalidValue
from app.models import Participation, VolunteerActivity
from app.services.members import save_with_members
from app.store import Store


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
