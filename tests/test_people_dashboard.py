"""The dashboard's people figures — care-group coverage this period, 办结率 and 满意率 — equal the
same facts counted independently, in Python, from the records of a 600-household demo."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.demo.database import open_demo
from app.models import (
    CareMembership,
    Household,
    Presence,
    Resident,
    Role,
    Satisfaction,
    ServiceItem,
    ServiceStatus,
    Visit,
)
from app.services import care, service_items
from app.services.session import session_for
from app.store import Store

pytestmark = pytest.mark.dates

ZONE = ZoneInfo("Asia/Shanghai")
# The demo is made around the real date, so the figures are read for that date; what is compared
# is two counts of the same records, which agree whatever the day.
TODAY = datetime.now(ZONE).date()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_demo(Path(tmp_path_factory.mktemp("people")) / "demo.db", households=600)
    yield store
    store.close()


def _period_start(months: int, today: date) -> date:
    return date(today.year, (today.month - 1) // months * months + 1, 1)


@pytest.mark.parametrize("who", ["supervisor1", "admin"])
def test_service_rates_match_an_independent_count(demo: Store, who: str) -> None:
    role, grids = (Role.SUPERVISOR, ("15250001",)) if who != "admin" else (Role.ADMIN, ())
    session = session_for(demo, who, who, role, grids)
    items = [i for i in demo.find(ServiceItem) if i.grid in set(session.grids)]
    shown = service_items.service_figures(demo, session.grids, TODAY)
    done = [i for i in items if i.status is ServiceStatus.DONE]
    rated = [i for i in done if i.satisfaction is not None]
    pleased = [i for i in rated if i.satisfaction in (Satisfaction.SATISFIED, Satisfaction.FAIRLY_SATISFIED)]
    assert (shown.registered, shown.done, shown.rated, shown.satisfied) == (
        len(items),
        len(done),
        len(rated),
        len(pleased),
    )
    assert shown.cannot_be_done == sum(i.status is ServiceStatus.CANNOT_BE_DONE for i in items)
    assert shown.overdue == sum(
        i.status in service_items.OPEN and i.due_on is not None and i.due_on < TODAY for i in items
    )
    assert shown.completion_rate == (len(done) / len(items) if items else None)
    assert shown.satisfaction_rate == (len(pleased) / len(rated) if rated else None)
    if who == "admin":
        assert shown.registered > 50 and 0 < shown.satisfied < shown.rated and shown.overdue


@pytest.mark.parametrize("who", ["supervisor1", "admin"])
def test_care_coverage_matches_an_independent_count(demo: Store, who: str) -> None:
    role, grids = (Role.SUPERVISOR, ("15250001",)) if who != "admin" else (Role.ADMIN, ())
    session = session_for(demo, who, who, role, grids)
    households = {h.id: h for h in demo.find(Household) if h.grid in set(session.grids)}
    present = {r.id for r in demo.find(Resident) if r.presence is Presence.PRESENT}
    visits: dict[object, list[datetime]] = {}
    for visit in demo.find(Visit):
        visits.setdefault(visit.household_id, []).append(visit.visited_at)
    months = {"monthly": 1, "quarterly": 3, "yearly": 12}
    members: Counter[str] = Counter()
    visited: Counter[str] = Counter()
    for m in demo.find(CareMembership):
        live = (m.since is None or m.since <= TODAY) and (m.until is None or m.until >= TODAY)
        if m.household_id not in households or not live or (m.resident_id and m.resident_id not in present):
            continue
        frequency = care.DEFAULT_FREQUENCIES.get(m.care_group)
        if frequency is None:
            continue
        start = datetime.combine(_period_start(months[frequency.value], TODAY), time(), ZONE)
        members[m.care_group.value] += 1
        visited[m.care_group.value] += any(v >= start for v in visits.get(m.household_id, []))
    shown = care.coverage(demo, session.grids, today=TODAY, zone=ZONE)
    assert {c.care_group.value: (c.members, c.visited) for c in shown} == {
        g: (members[g], visited[g]) for g in members
    }
    if who == "admin":
        assert sum(members.values()) > 100 and 0 < sum(visited.values()) < sum(members.values())
