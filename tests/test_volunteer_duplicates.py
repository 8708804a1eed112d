"""One person, one volunteer; one volunteer, once per activity; an inactive volunteer joins nothing
new. On one laptop these are refused whatever way a save would break them; what two laptops
working offline leave after a sync (the same resident registered twice, one volunteer added twice
to an activity) blocks no later edit, and a worker repairs it without losing an hour."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InvalidValue
from app.models import Participation, Resident, Volunteer, VolunteerActivity
from app.services.lists import page
from app.services.session import default_session
from app.services.volunteering import (
    from_resident,
    hours_of,
    merge_volunteers,
    participations_of,
    record_activity,
    register_volunteer,
    service_of,
    set_active,
    twins_of,
)
from app.store import Store
from app.store.listing import ListFilter
from tests.conftest import GRID, make_household, make_resident, valid_id_number

START = datetime(2025, 5, 1, 1, tzinfo=UTC)


def _activity(title: str = "植树") -> VolunteerActivity:
    return VolunteerActivity(
        grid=GRID, author="worker101", title=title, started_at=START, ended_at=START + timedelta(hours=3)
    )


def _took_part(activity: VolunteerActivity, volunteer: Volunteer | UUID, hours: float = 2) -> Participation:
    volunteer_id = volunteer if isinstance(volunteer, UUID) else volunteer.id
    return Participation(
        grid=GRID, author="worker101", activity_id=activity.id, volunteer_id=volunteer_id, hours=hours
    )


def _volunteer(store: Store, name: str) -> Volunteer:
    return register_volunteer(store, Volunteer(grid=GRID, author="worker101", name=name))


def _resident(store: Store, *, with_id_number: bool = True) -> Resident:
    household = store.save(make_household())
    id_number = valid_id_number(male=False) if with_id_number else None
    return store.save(make_resident(household, name="其其格", id_number=id_number))


def _live(store: Store, activity: VolunteerActivity) -> dict[UUID, tuple[UUID, float]]:
    return {p.id: (p.volunteer_id, p.hours) for p in participations_of(store, activity)}


def test_a_volunteer_already_on_an_activity_is_not_added_again_by_any_later_save(store: Store) -> None:
    batu, sarnai = _volunteer(store, "巴特尔"), _volunteer(store, "萨仁")
    planting = _activity()
    first = _took_part(planting, batu, 3)
    withdrawn = _took_part(planting, sarnai, 1)
    record_activity(store, planting, [first, withdrawn])
    record_activity(store, planting, [first], withdrawn=[withdrawn])
    stored = _live(store, planting)

    attempts = {
        "a second save adds them again": [_took_part(planting, batu, 5)],
        "another's participation moved to them": [_took_part(planting, sarnai, 1)],
        "a withdrawn participation moved to them and brought back": [
            withdrawn.model_copy(update={"volunteer_id": batu.id})
        ],
        "two new ones in one save": [_took_part(planting, sarnai), _took_part(planting, sarnai)],
    }
    for what, participations in attempts.items():
        if what == "another's participation moved to them":
            record_activity(store, planting, participations)
            stored = _live(store, planting)
            participations = [participations[0].model_copy(update={"volunteer_id": batu.id})]
        with pytest.raises(InvalidValue, match="已登记在这次活动中") as refused:
            record_activity(store, planting, participations)
        assert refused.value.code == "participant_twice", what
        assert _live(store, planting) == stored, f"{what}: nothing saved"

    # Withdrawing the stored one and adding them anew in the same save is a change of row, not a double.
    again = _took_part(planting, batu, 4)
    record_activity(store, planting, [again], withdrawn=[first])
    assert hours_of(store, batu) == 4


def test_an_inactive_volunteer_is_named_on_no_activity_anew_but_keeps_what_they_were_on(
    store: Store,
) -> None:
    batu, sarnai = _volunteer(store, "巴特尔"), _volunteer(store, "萨仁")
    planting = _activity()
    kept = _took_part(planting, batu, 3)
    withdrawn = _took_part(planting, batu, 1)
    other = _took_part(planting, sarnai, 2)
    record_activity(store, planting, [withdrawn, other])
    record_activity(store, planting, [], withdrawn=[withdrawn])
    record_activity(store, planting, [kept])
    batu = set_active(store, batu, active=False)
    record_activity(store, planting, [kept], withdrawn=[])

    attempts = {
        "another's participation moved to them": other.model_copy(update={"volunteer_id": batu.id}),
        "their withdrawn participation brought back": withdrawn.model_copy(update={"hours": 1.5}),
        "a new participation on a new activity": _took_part(later := _activity("宣讲"), batu),
    }
    for what, participation in attempts.items():
        activity = later if participation.activity_id == later.id else planting
        before = _live(store, activity)
        with pytest.raises(InvalidValue, match="已停用") as refused:
            record_activity(store, activity, [participation])
        assert refused.value.code == "volunteer_inactive", what
        assert _live(store, activity) == before, what

    # What they were on stays theirs and stays editable: their hours can be corrected.
    record_activity(
        store, planting.model_copy(update={"title": "植树（补记）"}), [kept.model_copy(update={"hours": 2.5})]
    )
    assert hours_of(store, batu) == 2.5


@dataclass
class _Laptop:
    """What one activity's participations should be, kept beside the store by the test alone."""

    active: list[bool]
    live: dict[UUID, tuple[int, float]] = field(default_factory=dict)
    withdrawn: dict[UUID, tuple[int, float]] = field(default_factory=dict)
    synced_twice: bool = False

    def others_of(self, volunteer: int, but: UUID | None = None) -> bool:
        return any(v == volunteer and pid != but for pid, (v, _h) in self.live.items())


# (what, which volunteer, which participation among those that exist, hours, whole form or one row)
_step = st.tuples(
    st.sampled_from(["add", "remove", "repoint", "revive", "hours", "deactivate", "activate", "sync twin"]),
    st.integers(0, 2),
    st.integers(0, 5),
    st.sampled_from([0.5, 1.0, 2.5, 3.0]),
    st.booleans(),
)


@settings(
    max_examples=60,
    deadline=None,
    # Each example makes its own activity and volunteers in the one store, so they do not meet.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(_step, min_size=1, max_size=14))
def test_no_sequence_of_saves_on_one_laptop_lists_a_volunteer_twice_or_adds_an_inactive_one(
    store: Store, steps: list[tuple[str, int, int, float, bool]]
) -> None:
    """Add, remove, move a row to another volunteer, bring a withdrawn row back, change hours,
    make volunteers inactive and back, and let a sync deliver a second row for a volunteer: each
    save is accepted exactly when it names nobody anew who is inactive or already on the activity,
    a refused one changes nothing, and every accepted hour is where it was put."""
    volunteers = [_volunteer(store, name) for name in ("巴特尔", "萨仁", "乌云")]
    activity = _activity()
    record_activity(store, activity)
    laptop = _Laptop(active=[True] * 3)
    for what, who, which, hours, whole in steps:
        live, gone = list(laptop.live), list(laptop.withdrawn)
        if what in ("deactivate", "activate"):
            volunteers[who] = set_active(store, volunteers[who], active=what == "activate")
            laptop.active[who] = what == "activate"
            continue
        if what == "sync twin":  # a sync writes rows as they come, with no service in between
            row = store.save(_took_part(activity, volunteers[who], hours))
            laptop.live[row.id] = (who, hours)
            laptop.synced_twice = laptop.synced_twice or laptop.others_of(who, but=row.id)
            continue
        rows = {pid: _row(activity, volunteers, pid, v, h) for pid, (v, h) in laptop.live.items()}
        withdrawn: list[Participation] = []
        if what == "add":
            changed = _took_part(activity, volunteers[who], hours)
            allowed = laptop.active[who] and not laptop.others_of(who)
            after = (changed.id, who, hours)
        elif what == "remove" and live:
            pid = live[which % len(live)]
            withdrawn, changed, allowed, after = [rows.pop(pid)], None, True, None
        elif what == "repoint" and live:
            pid = live[which % len(live)]
            changed = rows[pid].model_copy(update={"volunteer_id": volunteers[who].id})
            same = laptop.live[pid][0] == who
            allowed = same or (laptop.active[who] and not laptop.others_of(who))
            after = (pid, who, laptop.live[pid][1])
        elif what == "revive" and gone:
            pid = gone[which % len(gone)]
            v = laptop.withdrawn[pid][0]
            changed = _row(activity, volunteers, pid, v, hours)
            allowed = laptop.active[v] and not laptop.others_of(v)
            after = (pid, v, hours)
        elif what == "hours" and live:
            pid = live[which % len(live)]
            changed = rows[pid].model_copy(update={"hours": hours})
            allowed, after = True, (pid, laptop.live[pid][0], hours)
        else:
            continue
        if changed is not None:
            rows[changed.id] = changed
        sent = list(rows.values()) if whole else [changed] if changed else []
        try:
            record_activity(store, activity, sent, withdrawn=withdrawn)
        except InvalidValue as refused:
            assert not allowed, f"{what} refused: {refused}"
            assert refused.code in ("participant_twice", "volunteer_inactive")
        else:
            assert allowed, f"{what} accepted"
            for row in withdrawn:
                laptop.withdrawn[row.id] = laptop.live.pop(row.id)
            if after is not None:
                pid, v, h = after
                laptop.withdrawn.pop(pid, None)
                laptop.live[pid] = (v, h)
        stored = {
            pid: (volunteers.index(next(x for x in volunteers if x.id == v)), h)
            for pid, (v, h) in _live(store, activity).items()
        }
        assert stored == laptop.live
        for n, volunteer in enumerate(volunteers):
            # Counted once: a row a sync added beside theirs is not more hours (the larger counts).
            assert hours_of(store, volunteer) == max(
                (h for v, h in laptop.live.values() if v == n), default=0
            )
        if not laptop.synced_twice:
            listed = [v for v, _h in laptop.live.values()]
            assert len(listed) == len(set(listed)), "a volunteer listed twice without any sync"


def _row(
    activity: VolunteerActivity, volunteers: list[Volunteer], pid: UUID, v: int, hours: float
) -> Participation:
    return _took_part(activity, volunteers[v], hours).model_copy(update={"id": pid})


def test_one_resident_registered_on_two_laptops_stays_editable_and_merges_into_one_with_every_hour(
    store: Store,
) -> None:
    resident = _resident(store)
    here = register_volunteer(store, from_resident(resident, team_id=None, author="worker101"))
    # The other laptop's registration, as a sync writes it; it had a phone this one lacks.
    there = store.save(
        from_resident(resident, team_id=None, author="worker102").model_copy(update={"phone": "13947912345"})
    )
    assert [t.id for t in twins_of(store, here)] == [there.id]
    assert [t.id for t in twins_of(store, there)] == [here.id]

    # Neither twin blocks an edit of the other …
    here = register_volunteer(store, here.model_copy(update={"name": "其其格（队长）"}))
    there = register_volunteer(store, there.model_copy(update={"phone": "13947912346"}))
    # … but a third registration of her, or someone else turned into her, is still refused.
    with pytest.raises(InvalidValue, match="已登记为志愿者"):
        register_volunteer(store, from_resident(resident, team_id=None, author="worker101"))
    outsider = _volunteer(store, "斯琴")
    for change in ({"resident_id": resident.id}, {"id_number": resident.id_number}):
        with pytest.raises(InvalidValue, match="已登记为志愿者"):
            register_volunteer(store, outsider.model_copy(update=change))

    # Each laptop recorded activities with its own registration, one of them with both.
    planting, lecture, patrol = _activity("植树"), _activity("宣讲"), _activity("巡河")
    record_activity(store, planting, [_took_part(planting, here, 3)])
    record_activity(store, lecture, [_took_part(lecture, there, 2)])
    record_activity(store, patrol, [_took_part(patrol, here, 1)])
    store.save(_took_part(patrol, there, 2.5))
    there = set_active(store, there, active=False)

    kept = merge_volunteers(store, here, there)
    assert kept.id == here.id and kept.active and kept.phone == "13947912346"
    assert twins_of(store, kept) == []
    assert store.count(Volunteer, "resident_id = ?", [str(resident.id)]) == 1
    # Every activity is hers once, with the hours given there (the larger where she was twice).
    assert hours_of(store, kept) == 3 + 2 + 2.5
    assert [len(participations_of(store, a)) for a in (planting, lecture, patrol)] == [1, 1, 1]
    # Now one, she is edited like anyone.
    register_volunteer(store, kept.model_copy(update={"name": "其其格"}))

    with pytest.raises(InvalidValue, match="不是同一人"):
        merge_volunteers(store, kept, outsider)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 3), st.sampled_from([0.5, 1.0, 2.0])), min_size=1, max_size=8))
def test_merging_twins_keeps_every_activity_and_the_most_hours_given_on_each(
    store: Store, given_hours: list[tuple[int, float]]
) -> None:
    """Two registrations of one person, each on some of four activities (some on both): after
    the merge she is on each of them once, with the largest hours recorded there."""
    resident = _resident(store, with_id_number=False)  # a resident of this example's own
    pair = [
        store.save(from_resident(resident, team_id=None, author=author))
        for author in ("worker101", "worker102")
    ]
    activities = [_activity(f"活动{n}") for n in range(4)]
    for activity in activities:
        record_activity(store, activity)
    expected: dict[UUID, float] = {}
    for n, (which, hours) in enumerate(given_hours):
        activity = activities[which]
        store.save(_took_part(activity, pair[n % 2], hours))  # as the two laptops' syncs bring them
        expected[activity.id] = max(expected.get(activity.id, 0), hours)
    merged = merge_volunteers(store, pair[1], pair[0])
    assert hours_of(store, merged) == sum(expected.values())
    got = {a.id: [p.hours for p in participations_of(store, a)] for a in activities}
    assert got == {a.id: [expected[a.id]] if a.id in expected else [] for a in activities}
    assert all(p.volunteer_id == merged.id for a in activities for p in participations_of(store, a))


def test_a_deleted_registration_brought_back_is_checked_like_a_new_one(store: Store) -> None:
    resident = _resident(store)
    first = register_volunteer(store, from_resident(resident, team_id=None, author="worker101"))
    store.delete(Volunteer, first.id)
    register_volunteer(store, from_resident(resident, team_id=None, author="worker101"))
    with pytest.raises(InvalidValue, match="已登记为志愿者"):
        register_volunteer(store, first)


def test_a_volunteer_a_sync_left_twice_on_an_activity_counts_once_in_their_hours_and_the_lists(
    store: Store,
) -> None:
    batu, sarnai = _volunteer(store, "巴特尔"), _volunteer(store, "萨仁")
    planting, lecture = _activity("植树"), _activity("宣讲")
    record_activity(store, planting, [_took_part(planting, batu, 2.5), _took_part(planting, sarnai, 1)])
    record_activity(store, lecture, [_took_part(lecture, batu, 1)])
    store.save(_took_part(planting, batu, 3))  # the other laptop's row, as the sync writes it
    store.save(_took_part(planting, batu, 2))

    assert hours_of(store, batu) == 3 + 1
    assert sorted((a.title, h) for a, h in service_of(store, batu)) == [("宣讲", 1), ("植树", 3)]
    session = default_session(store)
    [listed] = [r for r in page(store, session, "volunteers", ListFilter()) if r["id"] == str(batu.id)]
    assert (listed["activities"], listed["hours"]) == (2, 4)
    [shown] = [
        r for r in page(store, session, "volunteer_activities", ListFilter()) if r["id"] == str(planting.id)
    ]
    assert (shown["volunteers"], shown["hours"]) == (2, 3 + 1)
