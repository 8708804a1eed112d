"""Volunteers, volunteer activities (志愿服务) and the hours each volunteer gave to them.

A volunteer is a resident of the registry (name, phone and ID number taken from them) or an
outside person typed in. One who stops serving is made inactive, not deleted: they are no longer
offered for new activities, and the hours they gave stay on the ledgers::

    volunteer = register_volunteer(store, from_resident(resident, team=team, author="worker101"))
    set_active(store, volunteer, active=False)
    hours_of(store, volunteer)  # what they gave before, unchanged

Two laptops working offline can each register the same resident, or each add one volunteer to
the same activity; a sync then brings both. Neither twin blocks editing the other, and a person
repairs them: ``merge_volunteers`` makes two registrations one, keeping every hour, and an
activity's extra participation is withdrawn by its id.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from uuid import UUID

from app.errors import InvalidValue, RecordNotFound
from app.models import Participation, Resident, Volunteer, VolunteerActivity, VolunteerTeam
from app.services.headcounts import counted
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


# One volunteer's activities not deleted, each once, as every report counts them (headcounts).
_ONCE_PER_ACTIVITY = (
    "SELECT p.activity_id, a.started_at, p.hours FROM participations p "
    "JOIN volunteer_activities a ON a.id = p.activity_id "
    f"WHERE p.volunteer_id = ? AND a.deleted = 0 AND {counted('p')}"
)

# The fields that name one person: a second volunteer with either is the same person again.
TWIN_FIELDS = ("resident_id", "id_number")


def check_volunteer(store: Store, volunteer: Volunteer) -> None:
    """The same resident, or the same ID number, is one volunteer, never two: a save that would
    make a second is refused. A field the save leaves as stored is not checked, so a twin a sync
    brought (two laptops registered the person offline) blocks editing neither of them."""
    before = _live(store, volunteer.id)
    for field, code in zip(TWIN_FIELDS, ("volunteer_resident_twice", "volunteer_id_twice"), strict=True):
        value = getattr(volunteer, field)
        if value is None or (before is not None and getattr(before, field) == value):
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


def twins_of(store: Store, volunteer: Volunteer) -> list[Volunteer]:
    """The other live volunteers with this one's resident or ID number, oldest first: what two
    laptops registering one person offline leave after a sync."""
    found: dict[UUID, Volunteer] = {}
    for field in TWIN_FIELDS:
        value = getattr(volunteer, field)
        if value is not None:
            for twin in store.find(Volunteer, f"{field} = ? AND id != ?", [str(value), str(volunteer.id)]):
                found.setdefault(twin.id, twin)
    return sorted(found.values(), key=lambda twin: twin.created_at)


def merge_volunteers(store: Store, keep: Volunteer, twin: Volunteer) -> Volunteer:
    """Make two registrations of one person one, in one transaction, and return ``keep`` as saved.

    The twin's participations move to ``keep`` and the twin is deleted; a field ``keep`` left
    empty takes the twin's value, and ``keep`` stays active if either was. No hour is lost: on an
    activity where the person is listed more than once, the one participation kept carries the
    largest of their hours there (the same person was there once)."""
    with store.transaction():
        keep = store.get(Volunteer, keep.id)  # both as stored now: a list may hold older copies
        if twin.id not in {t.id for t in twins_of(store, keep)}:
            raise InvalidValue(
                "volunteer_not_twins",
                f"{twin.name}与{keep.name}不是同一人的两次登记，不能合并。",
                f"{twin.name} and {keep.name} are not two registrations of one person and cannot be merged.",
            )
        twin = store.get(Volunteer, twin.id)
        by_activity: dict[UUID, list[Participation]] = {}
        for owner in (keep, twin):
            for p in store.find(Participation, "volunteer_id = ?", [str(owner.id)], order_by="created_at"):
                by_activity.setdefault(p.activity_id, []).append(p)
        for first, *others in by_activity.values():
            hours = max(p.hours for p in (first, *others))
            store.save(first.model_copy(update={"volunteer_id": keep.id, "hours": hours}))
            for other in others:
                store.delete(Participation, other.id)
        store.delete(Volunteer, twin.id)
        filled = {
            name: getattr(twin, name)
            for name in ("team_id", "resident_id", "phone", "id_number")
            if getattr(keep, name) is None
        }
        # Stored values as they are: input rules are for what a person types, not for a merge.
        return store.save(keep.model_copy(update={**filled, "active": keep.active or twin.active}))


def set_active(store: Store, volunteer: Volunteer, *, active: bool) -> Volunteer:
    """Make a volunteer active again or inactive; their participations are untouched."""
    return store.save(Volunteer.model_validate({**volunteer.model_dump(), "active": active}))


def hours_of(store: Store, volunteer: Volunteer) -> float:
    """Every hour a volunteer gave, on activities not deleted: once per activity, the larger
    hours where a sync left them on one twice (as the ledgers and reports count them)."""
    row = store.db.execute(
        f"SELECT coalesce(sum(hours), 0) FROM ({_ONCE_PER_ACTIVITY})", [str(volunteer.id)]
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
    removed. A volunteer is counted once per activity, so hours are never double-booked.

    What is checked is what the save newly names: a participation that is new, moved to another
    volunteer, or brought back after it was withdrawn is refused if its volunteer is inactive or
    already on the activity (stored, or twice in ``participations``). Participations saved as they
    are pass, so an activity a sync left with one volunteer twice (two laptops each added them
    offline) stays editable, and withdrawing the extra one by its id repairs it."""
    with store.transaction():  # checked against what is stored when it is saved, a sync or not
        _check_newly_named(store, activity, participations, withdrawn)
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


def _check_newly_named(
    store: Store,
    activity: VolunteerActivity,
    participations: Sequence[Participation],
    withdrawn: Sequence[Participation],
) -> None:
    """Of the participations that name their volunteer anew (new, moved from another volunteer,
    or withdrawn before), none may name an inactive volunteer or one the activity would then list
    twice; those saved as stored are not checked (what a sync left stays editable)."""
    stored = {p.id: p for p in participations_of(store, activity)}
    taken = {p.id for p in withdrawn}
    after = {pid: p for pid, p in stored.items() if pid not in taken}
    after |= {p.id: p for p in participations if p.id not in taken}
    newly = [
        p
        for p in participations
        if p.id not in taken and (p.id not in stored or stored[p.id].volunteer_id != p.volunteer_id)
    ]
    _no_newly_inactive(store, newly)
    listed = Counter(p.volunteer_id for p in after.values())
    for twice in (p for p in newly if listed[p.volunteer_id] > 1):
        name = store.get(Volunteer, twice.volunteer_id, include_deleted=True).name
        raise InvalidValue(
            "participant_twice",
            f"{name}已登记在这次活动中，同一名志愿者在一次活动中只能登记一次。",
            f"{name} is already listed on this activity; a volunteer can be listed only once per activity.",
        )


def participations_of(store: Store, activity: VolunteerActivity) -> list[Participation]:
    return store.find(Participation, "activity_id = ?", [str(activity.id)], order_by="created_at")


def _no_newly_inactive(store: Store, newly: Sequence[Participation]) -> None:
    """An inactive volunteer keeps the activities they took part in but joins no new one."""
    for participation in newly:
        volunteer = store.get(Volunteer, participation.volunteer_id, include_deleted=True)
        if not volunteer.active:
            raise InvalidValue(
                "volunteer_inactive",
                f"志愿者{volunteer.name}已停用，不能登记到新的活动中。",
                f"{volunteer.name} is an inactive volunteer and cannot join a new activity.",
            )


def _live(store: Store, volunteer_id: UUID) -> Volunteer | None:
    """The volunteer as stored, or None for one never saved or deleted."""
    try:
        return store.get(Volunteer, volunteer_id)
    except RecordNotFound:
        return None


def service_of(store: Store, volunteer: Volunteer) -> list[tuple[VolunteerActivity, float]]:
    """The activities a volunteer took part in, newest first, each once with the hours they gave."""
    rows = store.db.execute(
        f"SELECT activity_id, hours FROM ({_ONCE_PER_ACTIVITY}) ORDER BY started_at DESC", [str(volunteer.id)]
    ).fetchall()
    return [(store.get(VolunteerActivity, activity_id), float(hours)) for activity_id, hours in rows]
