"""Dispute screening (矛盾纠纷排查): findings or a nil report per grid and period, never both; a finding
turned into a dispute or an incident in one step, linked back; the grids that have not reported."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

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
    file_round,
    finding_of,
    findings_of,
    month_of,
    turn_into_dispute,
    turn_into_incident,
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
