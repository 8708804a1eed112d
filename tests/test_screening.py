"""Dispute screening (矛盾纠纷排查): findings or a nil report per grid and period, never both; a finding
turned into a dispute or an incident in one step, linked back; the grids that have not reported."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InvalidValue
from app.models import (
    Dispute,
    DisputeCategory,
    DisputeStatus,
    Grid,
    GridLevel,
    Incident,
    IncidentCategory,
    Role,
    ScreeningFinding,
    ScreeningRound,
)
from app.services.screening import (
    contradicted_periods,
    file_round,
    finding_of,
    findings_of,
    month_of,
    turn_into_dispute,
    turn_into_incident,
    turned_both_ways,
    unreported_grids,
    withdraw_nil_report,
)
from app.services.session import session_for
from app.store import Store
from tests.conftest import GRID, month_round

pytestmark = pytest.mark.dates

TODAY = date(2026, 12, 14)
NOW = datetime(2026, 12, 14, 3, 0, tzinfo=UTC)
OTHER = "152500101002"


def _round(grid: str = GRID, *, nil: bool = False, day: date = TODAY) -> ScreeningRound:
    return month_round(day, grid, nil=nil)


def _finding(round_: ScreeningRound, summary: str, **changed: object) -> ScreeningFinding:
    values: dict[str, object] = {
        "grid": round_.grid,
        "author": "worker101",
        "round_id": round_.id,
        "category": DisputeCategory.GRASSLAND,
        "summary": summary,
        "place": "北梁",
    }
    return ScreeningFinding(**{**values, **changed})


def test_the_month_holds_its_first_and_last_day() -> None:
    assert month_of(date(2028, 2, 29)) == (date(2028, 2, 1), date(2028, 2, 29))
    assert month_of(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_a_nil_report_is_a_saved_round_and_findings_for_its_period_are_refused(store: Store) -> None:
    nil = file_round(store, _round(nil=True))
    assert store.get(ScreeningRound, nil.id).nil_report
    later = _round()
    with pytest.raises(InvalidValue, match="巴彦嘎查2026年12月已报零报告") as refused:
        file_round(store, later, [_finding(later, "两户草场界桩争议")])
    assert refused.value.code == "screening_findings_after_nil"
    with pytest.raises(InvalidValue, match="不需要重复上报"):
        file_round(store, _round(nil=True))
    assert store.count(ScreeningRound) == 1 and store.count(ScreeningFinding) == 0
    january = _round(day=date(2027, 1, 3))
    file_round(store, january, [_finding(january, "新年后的邻里纠纷")])
    withdraw_nil_report(store, nil.id)
    file_round(store, later, [_finding(later, "两户草场界桩争议")])
    assert store.count(ScreeningFinding) == 2


def test_a_nil_report_after_findings_or_with_findings_is_refused(store: Store) -> None:
    found = _round()
    file_round(store, found, [_finding(found, "邻里排水沟纠纷")])
    with pytest.raises(InvalidValue, match="已登记排查发现，不能再报零报告"):
        file_round(store, _round(nil=True))
    nil = _round(OTHER, nil=True)
    with pytest.raises(InvalidValue, match="不能报为零报告"):
        file_round(store, nil, [_finding(nil, "x")])
    with pytest.raises(InvalidValue, match="请报零报告"):
        file_round(store, _round(OTHER))
    assert store.count(ScreeningRound) == 1


def test_two_findings_become_a_dispute_and_an_incident_linked_back_to_the_round(store: Store) -> None:
    round_ = _round()
    grass = _finding(round_, "巴特尔与其其格两户草场界桩位置有争议\n已口头劝解")
    fire = _finding(round_, "北梁草场边有烧荒痕迹", category=DisputeCategory.OTHER)
    file_round(store, round_, [grass, fire])

    dispute = turn_into_dispute(store, grass.id, by="worker101")
    incident = turn_into_incident(
        store, fire.id, by="worker101", category=IncidentCategory.GRASSLAND_FIRE, now=NOW
    )

    stored = store.get(Dispute, dispute.id)
    assert (stored.title, stored.category, stored.status, stored.location) == (
        "巴特尔与其其格两户草场界桩位置有争议",
        DisputeCategory.GRASSLAND,
        DisputeStatus.REGISTERED,
        "北梁",
    )
    assert store.get(Incident, incident.id).summary == "北梁草场边有烧荒痕迹"
    assert [(f.dispute_id, f.incident_id) for f in findings_of(store, round_.id)] == [
        (dispute.id, None),
        (None, incident.id),
    ]
    linked = finding_of(store, "disputes", dispute.id)
    assert linked is not None and linked[1].id == round_.id
    linked = finding_of(store, "incidents", incident.id)
    assert linked is not None and (linked[0].id, linked[1].id) == (fire.id, round_.id)
    with pytest.raises(InvalidValue, match="已经转为纠纷或事件"):
        turn_into_dispute(store, fire.id, by="worker101")
    assert store.count(Dispute) == 1


def test_the_supervisor_sees_the_villages_that_filed_neither_findings_nor_nil(store: Store) -> None:
    township = "1525001010"
    store.save(
        Grid(grid=township, code=township, name="宝力根苏木", level=GridLevel.TOWNSHIP, author="admin")
    )
    for code, name in ((GRID, "巴彦嘎查"), (OTHER, "乌兰嘎查"), ("152500101003", "查干嘎查")):
        store.save(
            Grid(
                grid=code,
                code=code,
                name=name,
                level=GridLevel.VILLAGE,
                parent_code=township,
                author="admin",
            )
        )
    supervisor = session_for(store, "leader01", "王主任", Role.SUPERVISOR, (township,))
    start, end = month_of(TODAY)
    assert {name for _c, name in unreported_grids(store, supervisor, start, end)} == {
        "巴彦嘎查",
        "查干嘎查",
        "乌兰嘎查",
    }
    file_round(store, _round(nil=True))
    found = _round(OTHER)
    file_round(store, found, [_finding(found, "邻里纠纷")])
    assert unreported_grids(store, supervisor, start, end) == [("152500101003", "查干嘎查")]
    # Last month's reports do not count for this one.
    assert len(unreported_grids(store, supervisor, *month_of(date(2026, 11, 30)))) == 3


def _period_round(start: date, end: date, *, nil: bool = False) -> ScreeningRound:
    return _round(nil=nil).model_copy(update={"period_start": start, "period_end": end, "screened_on": end})


MARCH = (date(2027, 3, 1), date(2027, 3, 31))
some_period = st.tuples(
    st.dates(date(2027, 1, 15), date(2027, 5, 15)), st.integers(min_value=0, max_value=45)
).map(lambda start_days: (start_days[0], start_days[0] + timedelta(days=start_days[1])))


def _overlaps(period: tuple[date, date], other: tuple[date, date]) -> bool:
    return period[0] <= other[1] and other[0] <= period[1]


# One store for every example; each example tombstones what it filed.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(period=some_period, nil_first=st.booleans())
def test_a_nil_report_and_findings_of_overlapping_periods_never_both_get_filed(
    store: Store, period: tuple[date, date], nil_first: bool
) -> None:
    """Half a month with findings next to that month's 零报告 says two things about the same
    days; periods that share no day say nothing about each other."""
    try:
        first = _period_round(*MARCH, nil=nil_first)
        file_round(store, first, [] if nil_first else [_finding(first, "三月邻里纠纷")])
        second = _period_round(*period, nil=not nil_first)
        filing = [] if not nil_first else [_finding(second, "半月排查发现")]
        if _overlaps(period, MARCH):
            with pytest.raises(InvalidValue, match="巴彦嘎查2027年3月") as refused:
                file_round(store, second, filing)
            assert refused.value.code in {"screening_findings_after_nil", "screening_nil_after_findings"}
        else:
            file_round(store, second, filing)
        supervisor = session_for(store, "leader01", "王主任", Role.SUPERVISOR, (GRID,))
        assert contradicted_periods(store, supervisor) == []
    finally:
        for filed in store.find(ScreeningFinding):
            store.delete(ScreeningFinding, filed.id)
        for filed in store.find(ScreeningRound):
            store.delete(ScreeningRound, filed.id)


def test_a_nil_report_contradicted_by_half_a_month_of_findings_from_another_laptop_is_shown(
    store: Store,
) -> None:
    nil = _period_round(*MARCH, nil=True)
    half = _period_round(date(2027, 3, 16), date(2027, 3, 31))
    later = _period_round(date(2027, 4, 1), date(2027, 4, 15))
    # As a sync brings them: each laptop checked its own rounds and saw none of the others.
    for round_ in (nil, half, later):
        store.save(round_)
    store.save(_finding(half, "下半月草场纠纷"))
    store.save(_finding(later, "四月纠纷"))
    supervisor = session_for(store, "leader01", "王主任", Role.SUPERVISOR, (GRID,))
    assert contradicted_periods(store, supervisor) == [("巴彦嘎查", *MARCH)]


def test_two_half_month_rounds_report_the_month_and_one_half_does_not(store: Store) -> None:
    supervisor = session_for(store, "leader01", "王主任", Role.SUPERVISOR, (GRID,))
    first_half = _period_round(date(2027, 3, 1), date(2027, 3, 15), nil=True)
    file_round(store, first_half)
    assert unreported_grids(store, supervisor, *MARCH) == [(GRID, "巴彦嘎查")]
    second_half = _period_round(date(2027, 3, 16), date(2027, 3, 31), nil=True)
    file_round(store, second_half)
    assert unreported_grids(store, supervisor, *MARCH) == []
    assert unreported_grids(store, supervisor, date(2027, 4, 1), date(2027, 4, 30)) == [(GRID, "巴彦嘎查")]


def test_a_form_opened_before_its_finding_was_turned_cannot_lose_what_it_became(store: Store) -> None:
    """The worker opens the round, a colleague at the same laptop turns a finding into a dispute
    from the screen, then the worker removes that finding or saves the round with the old copy:
    the dispute keeps its way back to the round."""
    round_ = _round()
    grass = _finding(round_, "两户草场界桩争议")
    ditch = _finding(round_, "排水沟纠纷")
    file_round(store, round_, [grass, ditch])
    opened = {f.id: f for f in findings_of(store, round_.id)}  # the form's copies
    dispute = turn_into_dispute(store, grass.id, by="worker101")

    with pytest.raises(InvalidValue, match="不能删除") as refused:
        file_round(store, round_, [opened[ditch.id]], removed=[opened[grass.id]])
    assert refused.value.code == "finding_turned_kept"
    edited = opened[grass.id].model_copy(update={"summary": "两户草场界桩争议，已劝解"})
    file_round(store, round_, [edited, opened[ditch.id]])

    linked = finding_of(store, "disputes", dispute.id)
    assert linked is not None and linked[0].summary == "两户草场界桩争议，已劝解"
    assert linked[1].id == round_.id


def test_a_round_edited_into_a_nil_report_counts_the_findings_it_still_holds(store: Store) -> None:
    round_ = _round()
    file_round(store, round_, [_finding(round_, "邻里纠纷")])
    with pytest.raises(InvalidValue, match="不能报为零报告"):
        file_round(store, round_.model_copy(update={"nil_report": True}))
    assert not store.get(ScreeningRound, round_.id).nil_report


def test_a_finding_turned_both_ways_on_two_laptops_is_named_until_one_record_is_deleted(
    store: Store,
) -> None:
    round_ = _round()
    found = _finding(round_, "草场边界争执\n双方各执一词")
    file_round(store, round_, [found])
    dispute = turn_into_dispute(store, found.id, by="worker101")
    supervisor = session_for(store, "leader01", "王主任", Role.SUPERVISOR, (GRID,))
    assert turned_both_ways(store, supervisor) == []
    # What the sync brings from the laptop that reported the same finding as an incident offline.
    incident = store.save(
        Incident(
            grid=GRID,
            author="w2",
            category=IncidentCategory.OTHER,
            place="北梁",
            summary=found.summary,
            reported_at=NOW,
        )
    )
    store.save(store.get(ScreeningFinding, found.id).model_copy(update={"incident_id": incident.id}))

    [(village, named)] = turned_both_ways(store, supervisor)
    assert (village, named.id, named.dispute_id, named.incident_id) == (
        "巴彦嘎查",
        found.id,
        dispute.id,
        incident.id,
    )
    assert finding_of(store, "disputes", dispute.id) is not None
    assert finding_of(store, "incidents", incident.id) is not None
    store.delete(Dispute, dispute.id)
    assert turned_both_ways(store, supervisor) == []
