"""Volunteers, the households an activity served and deliberation meetings, below the screens: one
resident is one volunteer; an inactive volunteer is not offered and joins no new activity but keeps
the hours given; the dashboard counts each household served once per activity type in the period,
against a count made here by hand; a meeting's attendees read back by name."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.errors import InvalidValue
from app.models import (
    ActivityKind,
    Deliberation,
    MeetingKind,
    Participation,
    Role,
    Volunteer,
    VolunteerActivity,
)
from app.services.dashboard import figures
from app.services.deliberations import attendees, hold_meeting
from app.services.periods import ReportPeriod
from app.services.pickers import candidates
from app.services.session import Session
from app.services.volunteering import (
    from_resident,
    hours_of,
    record_activity,
    register_volunteer,
    service_of,
    set_active,
)
from app.store import Store
from tests.conftest import GRID, make_household, make_resident, valid_id_number

pytestmark = pytest.mark.dates

ZONE = ZoneInfo("Asia/Shanghai")
WORKER = Session("worker101", "其其格", Role.WORKER, (GRID,), {GRID: "巴彦嘎查"})


def _activity(start: datetime, kind: ActivityKind, served: list[object]) -> VolunteerActivity:
    return VolunteerActivity(
        grid=GRID,
        author="worker101",
        title=f"{kind.zh}活动",
        kind=kind,
        started_at=start,
        ended_at=start + timedelta(hours=2),
        households_served=served,
    )


def _took_part(activity: VolunteerActivity, volunteer: Volunteer, hours: float) -> Participation:
    return Participation(
        grid=GRID, author="worker101", activity_id=activity.id, volunteer_id=volunteer.id, hours=hours
    )


def test_a_resident_is_one_volunteer_with_the_registrys_name_phone_and_id(store: Store) -> None:
    household = store.save(make_household())
    resident = store.save(
        make_resident(household, name="其其格", phone="13947912345", id_number=valid_id_number(male=False))
    )
    volunteer = register_volunteer(store, from_resident(resident, team_id=None, author="worker101"))
    assert (volunteer.name, volunteer.phone, volunteer.id_number) == (
        "其其格",
        "13947912345",
        resident.id_number,
    )
    with pytest.raises(InvalidValue, match="已登记为志愿者"):
        register_volunteer(store, from_resident(resident, team_id=None, author="worker101"))
    outsider = Volunteer(grid=GRID, author="worker101", name="斯琴", id_number=resident.id_number)
    with pytest.raises(InvalidValue, match="已登记为志愿者"):
        register_volunteer(store, outsider)


def test_an_inactive_volunteer_keeps_their_hours_but_is_neither_offered_nor_added(store: Store) -> None:
    gone = register_volunteer(store, Volunteer(grid=GRID, author="worker101", name="斯琴高娃"))
    stays = register_volunteer(store, Volunteer(grid=GRID, author="worker101", name="斯琴巴特尔"))
    lecture = _activity(datetime(2025, 5, 1, 9, tzinfo=ZONE), ActivityKind.LECTURE, [])
    record_activity(store, lecture, [_took_part(lecture, gone, 2.5), _took_part(lecture, stays, 2)])

    gone = set_active(store, gone, active=False)
    assert hours_of(store, gone) == 2.5
    assert [(a.id, h) for a, h in service_of(store, gone)] == [(lecture.id, 2.5)]
    offered = [c.record_id for c in candidates(store, WORKER, "active_volunteers", "斯琴")]
    assert offered == [str(stays.id)]
    assert {c.record_id for c in candidates(store, WORKER, "volunteers", "斯琴")} == {
        str(gone.id),
        str(stays.id),
    }

    # Editing the old activity keeps them on it; a new one refuses them.
    kept = [p for p in store.find(Participation, "activity_id = ?", [str(lecture.id)])]
    record_activity(store, lecture.model_copy(update={"title": "宣讲（补记）"}), kept)
    assert hours_of(store, gone) == 2.5
    later = _activity(datetime(2025, 6, 1, 9, tzinfo=ZONE), ActivityKind.LECTURE, [])
    with pytest.raises(InvalidValue, match="斯琴高娃已停用"):
        record_activity(store, later, [_took_part(later, gone, 1)])
    assert store.count(VolunteerActivity, "id = ?", [str(later.id)]) == 0  # nothing half saved


def test_the_dashboard_counts_each_household_served_once_per_type_in_the_period(store: Store) -> None:
    homes = [store.save(make_household(address=f"巴彦嘎查1组{n}号")).id for n in range(1, 6)]
    plan = [
        (datetime(2025, 4, 30, 23, 59, tzinfo=ZONE), ActivityKind.LECTURE, homes[:3]),  # April: out
        (datetime(2025, 5, 1, 0, 1, tzinfo=ZONE), ActivityKind.LECTURE, homes[:2]),
        (datetime(2025, 5, 20, 15, tzinfo=ZONE), ActivityKind.LECTURE, homes[1:4]),
        (datetime(2025, 5, 21, 9, tzinfo=ZONE), ActivityKind.HELPING_THE_NEEDY, [homes[4]]),
        (datetime(2025, 5, 22, 9, tzinfo=ZONE), ActivityKind.PERFORMANCE, []),
    ]
    for start, kind, served in plan:
        record_activity(store, _activity(start, kind, served))
    start, end = datetime(2025, 5, 1, tzinfo=ZONE), datetime(2025, 6, 1, tzinfo=ZONE)
    by_hand: dict[str, set[object]] = {}
    for moment, kind, served in plan:
        if start <= moment < end and served:
            by_hand.setdefault(kind.value, set()).update(served)
    shown = figures(store, WORKER, today=date(2025, 5, 31), zone=ZONE, period=ReportPeriod.MONTH)
    assert shown.households_served_by_kind == {kind: len(ids) for kind, ids in by_hand.items()}
    assert shown.households_served_by_kind == {"lecture": 4, "helping_the_needy": 1}


def test_a_meeting_lists_typed_names_then_residents_picked(store: Store) -> None:
    household = store.save(make_household())
    resident = store.save(make_resident(household, name="巴特尔", gender="male"))
    meeting = hold_meeting(
        store,
        Deliberation(
            grid=GRID,
            author="worker101",
            kind=MeetingKind.EVENING,
            held_at=datetime(2025, 5, 20, 20, 30, tzinfo=ZONE),
            host="嘎查党支部书记",
            attendee_names=["其其格", "王芳"],
            attendee_resident_ids=[resident.id],
            attendee_count=20,
            topics="春季草场轮牧安排",
        ),
    )
    assert attendees(store, meeting) == ["其其格", "王芳", "巴特尔"]
    assert [hit.record_id for hit in store.search("轮牧").hits] == [str(meeting.id)]
    with pytest.raises(InvalidValue, match="不在居民名册中"):
        hold_meeting(store, meeting.model_copy(update={"attendee_resident_ids": [household.id]}))
    with pytest.raises(ValueError, match="到会人数不能少于列出的参会人"):
        Deliberation.model_validate({**meeting.model_dump(), "attendee_count": 2})
