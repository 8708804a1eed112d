"""Care groups, life events and service items travel between laptops through a real server like
any record; a service item closed differently on two laptops is a conflict for the supervisor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.models import (
    CareGroup,
    CareMembership,
    LifeEvent,
    LifeEventKind,
    Presence,
    Resident,
    Role,
    Satisfaction,
    ServiceCategory,
    ServiceChannel,
    ServiceItem,
    ServiceStatus,
)
from app.services import care, conflicts, service_items
from app.services.session import Session
from tests.conftest import make_household, make_resident
from tests.harness.devices import device, snapshot
from tests.sync.conftest import FreshGrid

TODAY = date(2026, 11, 30)


def test_people_records_arrive_whole_and_a_service_item_closed_twice_is_a_conflict(
    tmp_path: Path, fresh_grid: FreshGrid
) -> None:
    base, codes = fresh_grid
    supervisor = Session("supervisor1", "张伟", Role.SUPERVISOR, (fresh_grid.grid,))
    a, sync_a = device(tmp_path, "a", base, codes[0])
    b, sync_b = device(tmp_path, "b", base, codes[1])
    household = a.save(make_household(grid=fresh_grid.grid, head_name="其其格"))
    elder = a.save(make_resident(household, name="其其格"))
    son = a.save(make_resident(household, name="巴图"))
    care.set_groups(a, elder, [CareGroup.ELDERLY_ALONE], today=TODAY, by="worker101")
    care.record_life_event(
        a,
        LifeEvent(
            grid=fresh_grid.grid,
            author="worker101",
            household_id=household.id,
            resident_id=son.id,
            kind=LifeEventKind.MOVED_OUT,
            happened_on=TODAY,
            place="呼和浩特市",
        ),
        today=TODAY,
    )
    item = service_items.open_item(
        a,
        ServiceItem(
            grid=fresh_grid.grid,
            author="worker101",
            household_id=household.id,
            resident_id=elder.id,
            category=ServiceCategory.ID_CARD,
            channel=ServiceChannel.AT_HOME,
            need="上门办理身份证换领",
        ),
    )
    service_items.start(a, item.id, by="worker101")
    sync_a.sync()
    sync_b.sync()
    assert snapshot(b) == snapshot(a)
    assert [m.care_group for m in b.find(CareMembership)] == [CareGroup.ELDERLY_ALONE]
    assert b.get(Resident, son.id).presence is Presence.MOVED_OUT

    service_items.close(a, item.id, outcome="已办好", satisfaction=Satisfaction.SATISFIED)
    service_items.cannot_be_done(b, item.id, reason="户籍不在本地")
    sync_a.sync()
    assert sync_b.sync().conflicts >= 1
    sync_a.sync()
    for store in (a, b):
        found = [c for c in conflicts.open_conflicts(store, supervisor) if c.field == "status"]
        assert [(c.current.value, c.incoming.value) for c in found] == [("done", "cannot_be_done")]
    assert {s.get(ServiceItem, item.id).status for s in (a, b)} in (
        {ServiceStatus.DONE},
        {ServiceStatus.CANNOT_BE_DONE},
    )
