"""Service items (服务事项) move 登记 → 办理中 → 已上报乡镇 → 已办结 / 无法办理; the rest is
refused, in Chinese."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from app.errors import InvalidValue
from app.models import (
    CareGroup,
    CareMembership,
    Gender,
    Grid,
    GridLevel,
    Household,
    ReviewState,
    Role,
    Satisfaction,
    ServiceCategory,
    ServiceChannel,
    ServiceItem,
    ServiceStatus,
    Visit,
    VisitType,
)
from app.services import care, transfers, workbench
from app.services import service_items as items
from app.services.service_items import TRANSITIONS, InvalidServiceMove
from app.services.session import Session
from app.store import Store, archive
from tests.conftest import GRID, make_household, make_resident, make_visit

pytestmark = pytest.mark.dates

WORKER = Session("worker101", "王芳", Role.WORKER, (GRID,))
S = ServiceStatus
TODAY = date(2026, 11, 30)


@pytest.fixture
def household(store: Store) -> Household:
    return store.save(make_household(head_name="其其格"))


def _item(household: Household, **overrides: object) -> ServiceItem:
    values: dict[str, object] = {
        "grid": GRID,
        "author": "worker101",
        "household_id": household.id,
        "category": ServiceCategory.ID_CARD,
        "channel": ServiceChannel.AT_HOME,
        "need": "老人行动不便，需上门办理身份证换领",
        "due_on": TODAY + timedelta(days=10),
    }
    return ServiceItem(**{**values, **overrides})


def _at(status: ServiceStatus, store: Store, household: Household) -> ServiceItem:
    item = items.open_item(store, _item(household))
    path = {
        S.OPENED: [],
        S.IN_PROGRESS: [S.IN_PROGRESS],
        S.ESCALATED: [S.IN_PROGRESS, S.ESCALATED],
        S.DONE: [S.IN_PROGRESS, S.DONE],
        S.CANNOT_BE_DONE: [S.CANNOT_BE_DONE],
    }[status]
    for step in path:
        item = _do(store, item, step)
    return item


def _do(store: Store, item: ServiceItem, target: ServiceStatus) -> ServiceItem:
    if target is S.IN_PROGRESS:
        return items.start(store, item.id, by="worker101")
    if target is S.ESCALATED:
        return items.escalate(store, item.id, by="worker101", to="苏木政务服务中心", on=TODAY, today=TODAY)
    if target is S.DONE:
        return items.close(store, item.id, outcome="已办好", satisfaction=Satisfaction.SATISFIED)
    return items.cannot_be_done(store, item.id, reason="本人户籍不在本地")


# Sorted: the moves are a set, whose order changes with each process's string hashing, and every
# pytest-xdist worker must collect the same tests in the same order.
ALLOWED = [(a, b) for a, onward in TRANSITIONS.items() for b in sorted(onward)]
REFUSED = [(a, b) for a in S for b in S if b is not S.OPENED and b not in TRANSITIONS[a]]


@pytest.mark.parametrize(("current", "target"), ALLOWED, ids=[f"{a}->{b}" for a, b in ALLOWED])
def test_each_allowed_move(
    store: Store, household: Household, current: ServiceStatus, target: ServiceStatus
) -> None:
    item = _at(current, store, household)
    moved = _do(store, item, target)
    assert moved.status is target
    assert store.get(ServiceItem, item.id).status is target


@pytest.mark.parametrize(("current", "target"), REFUSED, ids=[f"{a}->{b}" for a, b in REFUSED])
def test_each_refused_move_says_why_in_chinese(
    store: Store, household: Household, current: ServiceStatus, target: ServiceStatus
) -> None:
    item = _at(current, store, household)
    with pytest.raises(InvalidServiceMove) as refused:
        _do(store, item, target)
    assert f"服务事项当前为“{current.zh}”，不能转为“{target.zh}”" in refused.value.zh
    if current in items.CLOSED:
        assert "该事项已结束" in refused.value.zh
    else:
        assert "可以转为：" in refused.value.zh
    assert store.get(ServiceItem, item.id).status is current


def test_a_finished_item_names_no_way_onward(store: Store, household: Household) -> None:
    done = _at(S.DONE, store, household)
    with pytest.raises(InvalidServiceMove) as refused:
        items.start(store, done.id, by="worker101")
    assert refused.value.zh == "服务事项当前为“已办结”，不能转为“办理中”；该事项已结束，不能再变更状态。"


def test_moves_that_need_words_refuse_without_them(store: Store, household: Household) -> None:
    item = _at(S.IN_PROGRESS, store, household)
    with pytest.raises(InvalidValue, match="上报给谁"):
        items.escalate(store, item.id, by="worker101", to="  ", on=TODAY, today=TODAY)
    with pytest.raises(InvalidValue) as no_rating:
        items.close(store, item.id, outcome="已办好", satisfaction=None)
    assert no_rating.value.zh == "办结需要记录群众满意度。"
    with pytest.raises(InvalidValue, match="办理结果"):
        items.close(store, item.id, outcome="", satisfaction=Satisfaction.SATISFIED)
    with pytest.raises(InvalidValue, match="说明原因"):
        items.cannot_be_done(store, item.id, reason="")
    assert store.get(ServiceItem, item.id).status is S.IN_PROGRESS


def test_a_new_item_starts_opened_and_takes_its_households_grid(store: Store, household: Household) -> None:
    with pytest.raises(InvalidValue, match="只能以“登记”开始"):
        items.open_item(store, _item(household, status=S.DONE))
    opened = items.open_item(store, _item(household))
    assert opened.status is S.OPENED and opened.grid == GRID and opened.handled_by == "worker101"


def test_a_resident_of_another_household_is_refused(store: Store, household: Household) -> None:
    other = store.save(make_household(head_name="巴特尔"))
    stranger = store.save(make_resident(other, name="巴特尔", gender=Gender.MALE))
    with pytest.raises(InvalidValue, match="不属于这一户"):
        items.open_item(store, _item(household, resident_id=stranger.id))


def test_opened_during_a_home_visit_escalated_and_closed_on_a_later_visit(
    store: Store, household: Household
) -> None:
    elder = store.save(make_resident(household, name="其其格"))
    first = store.save(
        make_visit(
            household, visit_type=VisitType.HOME_SERVICE, visited_at=datetime.now(UTC) - timedelta(days=3)
        )
    )
    item = items.open_item(store, _item(household, resident_id=elder.id), visit=first)
    assert item.opened_visit_id == first.id
    items.start(store, item.id, by="worker101")
    items.escalate(store, item.id, by="worker101", to="苏木派出所户籍室", on=TODAY, today=TODAY)
    later = make_visit(household, summary="送回新身份证", visited_at=datetime.now(UTC) - timedelta(hours=2))
    closed = items.close_on_visit(
        store, item.id, later, outcome="新身份证已送到老人手中", satisfaction=Satisfaction.SATISFIED
    )
    assert closed.status is S.DONE and closed.closed_visit_id == later.id
    assert closed.satisfaction is Satisfaction.SATISFIED and closed.escalated_to == "苏木派出所户籍室"
    assert store.get(Visit, later.id).summary == "送回新身份证"


def test_a_visit_to_another_household_cannot_close_an_item(store: Store, household: Household) -> None:
    item = _at(S.IN_PROGRESS, store, household)
    other = store.save(make_household(head_name="巴特尔"))
    with pytest.raises(InvalidValue, match="同一户"):
        items.close_on_visit(
            store, item.id, make_visit(other), outcome="x", satisfaction=Satisfaction.SATISFIED
        )
    assert store.count(Visit) == 0


def test_due_and_overdue_items_and_the_rates(store: Store, household: Household) -> None:
    overdue = items.open_item(store, _item(household, due_on=TODAY - timedelta(days=1)))
    soon = items.open_item(store, _item(household, due_on=TODAY + timedelta(days=3)))
    items.open_item(store, _item(household, due_on=TODAY + timedelta(days=30)))
    done = _at(S.DONE, store, household)
    refused = _at(S.CANNOT_BE_DONE, store, household)
    unhappy = items.start(store, items.open_item(store, _item(household)).id, by="worker101")
    items.close(store, unhappy.id, outcome="已办", satisfaction=Satisfaction.DISSATISFIED)
    assert [i.id for i in items.due_items(store, (GRID,), TODAY)] == [overdue.id, soon.id]
    figures = items.service_figures(store, (GRID,), TODAY)
    assert (figures.registered, figures.done, figures.cannot_be_done, figures.open, figures.overdue) == (
        6,
        2,
        1,
        3,
        1,
    )
    assert figures.completion_rate == pytest.approx(2 / 6)
    assert figures.satisfaction_rate == pytest.approx(1 / 2)
    assert done.id != refused.id


def test_the_workbench_lists_items_due_and_overdue(store: Store, household: Household) -> None:
    overdue = items.open_item(store, _item(household, due_on=TODAY - timedelta(days=2)))
    items.open_item(store, _item(household, due_on=TODAY + timedelta(days=30)))
    day = workbench.day_for(store, WORKER, TODAY)
    assert [(e.record_id, e.alert, e.kind) for e in day.services.entries] == [
        (str(overdue.id), True, S.OPENED)
    ]
    assert day.services.alerts == 1


def test_a_household_moved_to_another_grid_takes_its_items_groups_and_events(
    store: Store, household: Household
) -> None:
    store.save(
        Grid(
            grid="152500101002", code="152500101002", name="乌兰嘎查", level=GridLevel.VILLAGE, author="admin"
        )
    )
    item = items.open_item(store, _item(household))
    elder = store.save(make_resident(household, name="其其格"))
    care.set_groups(store, elder, [CareGroup.ELDERLY_ALONE], today=TODAY, by="worker101")
    supervisor = Session("leader", "张伟", Role.SUPERVISOR, (GRID, "152500101002"))
    transfers.transfer_household(store, supervisor, household.id, "152500101002", reason="搬迁到乌兰嘎查")
    assert store.get(ServiceItem, item.id).grid == "152500101002"
    assert {m.grid for m in store.find(CareMembership)} == {"152500101002"}


def test_a_visit_a_service_item_names_stays_on_the_laptop_when_old_visits_are_archived(
    store: Store, household: Household
) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=1000)
    named = store.save(make_visit(household, visited_at=long_ago, review_state=ReviewState.APPROVED))
    alone = store.save(make_visit(household, visited_at=long_ago, review_state=ReviewState.APPROVED))
    items.open_item(store, _item(household), visit=named)
    with store.transaction():
        store.set_meta("server_grids", json.dumps([GRID]))
    roots = {root for _entity, root in archive._roots(store.db, datetime.now(UTC).isoformat())}
    assert str(alone.id) in roots and str(named.id) not in roots
