"""Dashboard figures equal the same facts counted independently, in Python, from the records."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.demo.seed import seed
from app.models import (
    Dispute,
    DisputeStatus,
    DisputeStep,
    FollowUp,
    Household,
    Participation,
    RiskLevel,
    Role,
    Visit,
    VolunteerActivity,
    VolunteerTeam,
)
from app.services import grids
from app.services.dashboard import figures
from app.services.disputes import OPEN
from app.services.session import session_for
from app.store import Store

ZONE = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.dates
# The demo is made as of each moment and the figures asked for its local day, so no verdict
# depends on the day the test runs. Mid-month every figure has something to count; the others are
# the edges: a month an hour and a half old in Hohhot (still February in UTC), New Year's Eve,
# 29 February.
MOMENTS = {
    "mid-month": datetime(2026, 3, 17, 6, 0, tzinfo=UTC),
    "first-of-month": datetime(2026, 2, 28, 17, 30, tzinfo=UTC),
    "new-years-eve": datetime(2025, 12, 31, 15, 30, tzinfo=UTC),
    "leap-day": datetime(2024, 2, 29, 4, 0, tzinfo=UTC),
}


@pytest.fixture(scope="module", params=sorted(MOMENTS))
def dated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, str]]:
    store = Store.open(Path(tmp_path_factory.mktemp("dash")) / "demo.db")
    seed(store, households=600, now=MOMENTS[request.param])
    yield store, request.param
    store.close()


def _local_day(moment: datetime) -> date:
    return moment.astimezone(ZONE).date()


@pytest.mark.parametrize("who", ["supervisor1", "admin"])
def test_figures_match_an_independent_count(dated: tuple[Store, str], who: str) -> None:
    demo, moment = dated
    today = MOMENTS[moment].astimezone(ZONE).date()
    role, codes = (Role.SUPERVISOR, ("15250001",)) if who != "admin" else (Role.ADMIN, ())
    session = session_for(demo, who, who, role, codes)
    scope = set(session.grids)
    shown = figures(demo, session, today=today, zone=ZONE)

    visits = [v for v in demo.find(Visit) if v.grid in scope]
    this_month = Counter(
        v.grid for v in visits if _local_day(v.visited_at).replace(day=1) == today.replace(day=1)
    )
    # Named as people know them: two villages of one name carry their township's.
    names = grids.labels(demo)
    assert dict(shown.visits_by_grid) == {names[g]: n for g, n in this_month.items()}

    households = [h for h in demo.find(Household) if h.grid in scope]
    cutoff = datetime.combine(today - timedelta(days=89), time(), ZONE)
    recent = {v.household_id for v in visits if v.visited_at >= cutoff}
    assert shown.households == len(households)
    assert shown.unvisited_households == sum(h.id not in recent for h in households)

    disputes = [d for d in demo.find(Dispute) if d.grid in scope]
    assert dict(shown.disputes_by_category) == Counter(d.category.value for d in disputes)
    assert dict(shown.disputes_by_status) == Counter(d.status.value for d in disputes)
    reached = {s.dispute_id for s in demo.find(DisputeStep) if s.to_status is DisputeStatus.RESOLVED}
    resolved = [d for d in disputes if d.id in reached]
    ended = [d for d in disputes if d.id in reached or d.status is DisputeStatus.UNRESOLVED_CLOSED]
    assert (shown.resolved, shown.concluded) == (len(resolved), len(ended))
    assert shown.resolution_rate == (len(resolved) / len(ended) if ended else None)
    ids = {d.id for d in disputes}
    overdue = [
        f for f in demo.find(FollowUp) if f.dispute_id in ids and f.done_at is None and f.due_on < today
    ]
    # Counted as 工作台 counts them: return visits asked for in the last 90 days and not yet made too.
    made = defaultdict(list)
    for v in demo.find(Visit):
        made[v.household_id].append(v.visited_at)
    lapsed = [
        v
        for v in visits
        if v.follow_up_due is not None
        and today - timedelta(days=90) <= v.follow_up_due < today
        and not any(later > v.visited_at for later in made[v.household_id])
    ]
    assert shown.overdue_follow_ups == len(overdue) + len(lapsed)
    assert shown.major_risk_open == sum(
        d.risk_level is RiskLevel.MAJOR and d.status in OPEN for d in disputes
    )

    teams = {t.id: t.name for t in demo.find(VolunteerTeam)}
    start = today.replace(day=1)
    for _ in range(5):
        start = (start - timedelta(days=1)).replace(day=1)
    activities = {
        a.id: a for a in demo.find(VolunteerActivity) if a.grid in scope and _local_day(a.started_at) >= start
    }
    hours: dict[tuple[str, str], float] = defaultdict(float)
    for p in demo.find(Participation):
        if p.activity_id in activities:
            a = activities[p.activity_id]
            hours[(teams.get(a.team_id, ""), a.started_at.astimezone(ZONE).strftime("%Y-%m"))] += p.hours
    assert {(t, m): h for t, m, h in shown.hours_by_team_month} == pytest.approx(dict(hours))
    if who == "admin" and moment == "mid-month":  # the whole demo banner exercises every figure
        assert shown.visits_this_month and shown.resolved and shown.overdue_follow_ups and hours
