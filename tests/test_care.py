"""Care groups: visit-frequency rules across month, quarter and year ends (an injected today,
never the real date), the machine config's own rules, floating residents and life events."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.errors import InvalidValue
from app.models import (
    CareGroup,
    CareMembership,
    Gender,
    Household,
    LifeEvent,
    LifeEventKind,
    Presence,
    Residence,
    Resident,
    Role,
    VisitFrequency,
)
from app.services import care, workbench
from app.services.session import Session
from app.store import Store
from tests.conftest import GRID, make_household, make_resident, make_visit

pytestmark = pytest.mark.dates

WORKER = Session("worker101", "王芳", Role.WORKER, (GRID,))
ZONE = ZoneInfo("Asia/Shanghai")
F = VisitFrequency


def _member(store: Store, group: CareGroup, *, since: date | None = None, name: str = "其其格") -> Household:
    household = store.save(make_household(head_name=name))
    resident = store.save(make_resident(household, name=name))
    store.save(
        CareMembership(
            grid=GRID,
            author="worker101",
            household_id=household.id,
            resident_id=resident.id,
            care_group=group,
            since=since,
        )
    )
    return household


def _visit(store: Store, household: Household, local: datetime) -> None:
    store.save(make_visit(household, visited_at=local.replace(tzinfo=ZONE).astimezone(UTC)))


def _due(store: Store, today: date) -> dict[str, bool]:
    return {d.name: d.overdue for d in care.care_due(store, (GRID,), today=today, zone=ZONE)}


@pytest.mark.parametrize(
    ("frequency", "today", "start", "end"),
    [
        (F.MONTHLY, date(2026, 1, 31), date(2026, 1, 1), date(2026, 2, 1)),
        (F.MONTHLY, date(2026, 12, 31), date(2026, 12, 1), date(2027, 1, 1)),
        (F.MONTHLY, date(2028, 2, 29), date(2028, 2, 1), date(2028, 3, 1)),
        (F.QUARTERLY, date(2026, 3, 31), date(2026, 1, 1), date(2026, 4, 1)),
        (F.QUARTERLY, date(2026, 4, 1), date(2026, 4, 1), date(2026, 7, 1)),
        (F.QUARTERLY, date(2026, 12, 31), date(2026, 10, 1), date(2027, 1, 1)),
        (F.YEARLY, date(2026, 12, 31), date(2026, 1, 1), date(2027, 1, 1)),
        (F.YEARLY, date(2027, 1, 1), date(2027, 1, 1), date(2028, 1, 1)),
    ],
)
def test_periods_are_calendar_months_quarters_and_years(
    frequency: VisitFrequency, today: date, start: date, end: date
) -> None:
    assert care.period(frequency, today) == (start, end)


def test_monthly_rule_across_a_month_end_in_local_time(store: Store) -> None:
    household = _member(store, CareGroup.ELDERLY_ALONE, since=date(2026, 1, 1))
    # 00:30 on 1 December in Hohhot is still 30 November in UTC: it counts for December
    _visit(store, household, datetime(2026, 12, 1, 0, 30))
    assert _due(store, date(2026, 11, 30)) == {"其其格": True}
    assert _due(store, date(2026, 12, 1)) == {}
    assert _due(store, date(2026, 12, 31)) == {}
    # a new month, nobody came yet: due, not overdue, December was visited
    assert _due(store, date(2027, 1, 1)) == {"其其格": False}
    # and a month later with January missed: overdue
    assert _due(store, date(2027, 2, 1)) == {"其其格": True}


def test_a_visit_on_the_last_evening_of_a_month_counts_for_that_month(store: Store) -> None:
    household = _member(store, CareGroup.ELDERLY_ALONE, since=date(2026, 1, 1))
    _visit(store, household, datetime(2026, 11, 30, 23, 50))
    assert _due(store, date(2026, 11, 30)) == {}
    assert _due(store, date(2026, 12, 1)) == {"其其格": False}


def test_quarterly_rule_across_a_quarter_end(store: Store) -> None:
    household = _member(store, CareGroup.MONITORED, since=date(2025, 1, 1))
    _visit(store, household, datetime(2026, 2, 10, 10, 0))
    assert _due(store, date(2026, 3, 31)) == {}
    assert _due(store, date(2026, 4, 1)) == {"其其格": False}
    assert _due(store, date(2026, 6, 30)) == {"其其格": False}
    assert _due(store, date(2026, 7, 1)) == {"其其格": True}


def test_yearly_rule_across_a_year_end(store: Store) -> None:
    household = _member(store, CareGroup.VETERAN, since=date(2020, 1, 1))
    _visit(store, household, datetime(2026, 12, 31, 23, 0))
    assert _due(store, date(2026, 12, 31)) == {}
    assert _due(store, date(2027, 1, 1)) == {"其其格": False}
    assert _due(store, date(2027, 12, 31)) == {"其其格": False}
    assert _due(store, date(2028, 1, 1)) == {"其其格": True}


def test_someone_who_joined_this_period_is_due_not_overdue(store: Store) -> None:
    _member(store, CareGroup.ELDERLY_ALONE, since=date(2026, 12, 5))
    assert _due(store, date(2026, 12, 4)) == {}
    assert _due(store, date(2026, 12, 5)) == {"其其格": False}


def test_the_machine_config_sets_its_own_rules(store: Store) -> None:
    _member(store, CareGroup.VETERAN, since=date(2020, 1, 1))
    rules = care.frequencies_from({"veteran": "monthly", "elderly_alone": ""})
    assert rules[CareGroup.VETERAN] is F.MONTHLY and CareGroup.ELDERLY_ALONE not in rules
    assert [
        d.frequency
        for d in care.care_due(store, (GRID,), today=date(2026, 12, 1), zone=ZONE, frequencies=rules)
    ] == [F.MONTHLY]
    with pytest.raises(InvalidValue, match="weekly"):
        care.frequencies_from({"veteran": "weekly"})
    with pytest.raises(InvalidValue, match="未知的关爱对象类别"):
        care.frequencies_from({"astronaut": "monthly"})


def test_ended_memberships_and_people_who_left_are_not_due(store: Store) -> None:
    household = _member(store, CareGroup.ELDERLY_ALONE, since=date(2020, 1, 1))
    [membership] = store.find(CareMembership)
    store.save(membership.model_copy(update={"until": date(2026, 11, 30)}))
    assert _due(store, date(2026, 12, 1)) == {}
    other = _member(store, CareGroup.ELDERLY_ALONE, name="巴特尔")
    [resident] = store.find(Resident, "household_id = ?", [str(other.id)])
    assert _due(store, date(2026, 12, 1)) == {"巴特尔": True}
    care.record_life_event(
        store,
        LifeEvent(
            grid=GRID,
            author="worker101",
            household_id=other.id,
            resident_id=resident.id,
            kind=LifeEventKind.DEATH,
            happened_on=date(2026, 11, 20),
        ),
        today=date(2026, 12, 1),
    )
    assert _due(store, date(2026, 12, 1)) == {}
    assert store.get(Resident, resident.id).presence is Presence.DECEASED
    assert [e.kind for e in care.life_events_of(store, other.id)] == [LifeEventKind.DEATH]
    assert household.id != other.id


def test_coverage_per_group_counts_the_same_members(store: Store) -> None:
    visited = _member(store, CareGroup.ELDERLY_ALONE, since=date(2020, 1, 1), name="其其格")
    _member(store, CareGroup.ELDERLY_ALONE, since=date(2020, 1, 1), name="巴特尔")
    _member(store, CareGroup.MONITORED, since=date(2020, 1, 1), name="乌云")
    _visit(store, visited, datetime(2026, 12, 3, 9, 0))
    [elderly, monitored] = care.coverage(store, (GRID,), today=date(2026, 12, 10), zone=ZONE)
    assert (elderly.care_group, elderly.members, elderly.visited, elderly.rate) == (
        CareGroup.ELDERLY_ALONE,
        2,
        1,
        0.5,
    )
    assert (monitored.care_group, monitored.members, monitored.visited) == (CareGroup.MONITORED, 1, 0)


def test_a_floating_resident_needs_their_native_place_and_leaves_by_an_event(store: Store) -> None:
    household = store.save(make_household(head_name="马明"))
    with pytest.raises(ValueError, match="户籍地"):
        make_resident(household, name="马明", gender=Gender.MALE, residence=Residence.FLOATING)
    with pytest.raises(ValueError, match="离开日期不能早于到达日期"):
        make_resident(
            household,
            name="马明",
            gender=Gender.MALE,
            residence=Residence.FLOATING,
            native_place="甘肃省临夏州",
            arrived_on=date(2026, 3, 1),
            departed_on=date(2026, 2, 1),
        )
    floating = store.save(
        make_resident(
            household,
            name="马明",
            gender=Gender.MALE,
            residence=Residence.FLOATING,
            native_place="甘肃省临夏州",
            arrived_on=date(2026, 3, 1),
            arrival_reason="务工",
            permit_number="152501202600123",
            permit_expires=date(2027, 3, 1),
        )
    )
    assert [r.name for r in care.floating_residents(store, (GRID,))] == ["马明"]
    with pytest.raises(InvalidValue, match="迁往何处"):
        care.record_life_event(
            store,
            LifeEvent(
                grid=GRID,
                author="worker101",
                household_id=household.id,
                resident_id=floating.id,
                kind=LifeEventKind.MOVED_OUT,
                happened_on=date(2026, 11, 1),
            ),
            today=date(2026, 12, 1),
        )
    care.record_life_event(
        store,
        LifeEvent(
            grid=GRID,
            author="worker101",
            household_id=household.id,
            resident_id=floating.id,
            kind=LifeEventKind.MOVED_OUT,
            happened_on=date(2026, 11, 1),
            place="甘肃省临夏州",
        ),
        today=date(2026, 12, 1),
    )
    left = store.get(Resident, floating.id)
    assert (left.presence, left.departed_on) == (Presence.MOVED_OUT, date(2026, 11, 1))
    with pytest.raises(InvalidValue, match="日期不能晚于今天"):
        care.record_life_event(
            store,
            LifeEvent(
                grid=GRID,
                author="worker101",
                household_id=household.id,
                resident_id=floating.id,
                kind=LifeEventKind.MOVED_IN,
                happened_on=date(2026, 12, 2),
            ),
            today=date(2026, 12, 1),
        )


def test_a_disability_grade_needs_its_certificate_and_a_confirmed_membership_is_checked(store: Store) -> None:
    household = store.save(make_household(head_name="朝鲁"))
    resident = store.save(make_resident(household, name="朝鲁", gender=Gender.MALE))
    membership = CareMembership(
        grid=GRID,
        author="worker101",
        household_id=household.id,
        resident_id=resident.id,
        care_group=CareGroup.DISABLED,
        grade="二级",
        needs_check=True,
    )
    with pytest.raises(InvalidValue, match="残疾证号"):
        care.save_membership(store, membership)
    saved = care.save_membership(
        store, membership.model_copy(update={"certificate_no": "15252219700101123X42"})
    )
    assert not saved.needs_check and care.to_check(store, (GRID,)) == []
    assert [m.care_group for m in care.memberships_of(store, resident.id)] == [CareGroup.DISABLED]


def test_the_workbench_lists_who_is_due_this_month_by_the_kept_rules(store: Store) -> None:
    _member(store, CareGroup.ELDERLY_ALONE, since=date(2026, 12, 1), name="其其格")
    _member(store, CareGroup.VETERAN, since=date(2020, 1, 1), name="巴特尔")
    day = workbench.day_for(store, WORKER, date(2026, 12, 15), zone=ZONE)
    assert [(e.title, e.kind, e.when, e.alert) for e in day.care.entries] == [
        ("巴特尔", CareGroup.VETERAN, date(2026, 12, 31), True),
        ("其其格", CareGroup.ELDERLY_ALONE, date(2026, 12, 31), False),
    ]
    care.keep_configured(store, {"veteran": ""})
    day = workbench.day_for(store, WORKER, date(2026, 12, 15), zone=ZONE)
    assert [e.title for e in day.care.entries] == ["其其格"] and day.care.alerts == 0


def test_ticking_and_unticking_care_groups_keeps_the_history(store: Store) -> None:
    household = store.save(make_household(head_name="其其格"))
    resident = store.save(make_resident(household, name="其其格"))
    care.set_groups(
        store, resident, [CareGroup.ELDERLY_ALONE, CareGroup.LOW_INCOME], today=date(2026, 3, 1), by="w1"
    )
    assert care.current_groups(store, resident.id, today=date(2026, 3, 1)) == [
        CareGroup.ELDERLY_ALONE,
        CareGroup.LOW_INCOME,
    ]
    # a group left later ends the day before; one ticked by mistake today is taken back
    care.set_groups(store, resident, [CareGroup.VETERAN], today=date(2026, 6, 1), by="w1")
    care.set_groups(store, resident, [], today=date(2026, 6, 1), by="w1")
    assert care.current_groups(store, resident.id, today=date(2026, 6, 1)) == []
    kept = {(m.care_group, m.since, m.until) for m in store.find(CareMembership)}
    assert kept == {
        (CareGroup.ELDERLY_ALONE, date(2026, 3, 1), date(2026, 5, 31)),
        (CareGroup.LOW_INCOME, date(2026, 3, 1), date(2026, 5, 31)),
    }
