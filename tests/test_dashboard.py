"""Dashboard figures equal the same facts counted independently, in Python, from the records."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.demo.database import open_demo
from app.models import (
    Dispute,
    DisputeStatus,
    DisputeStep,
    FollowUp,
    Grid,
    Household,
    Participation,
    RiskLevel,
    Role,
    Visit,
    VolunteerActivity,
    VolunteerTeam,
)
from app.services.dashboard import figures
from app.services.disputes import OPEN
from app.services.session import session_for
from app.store import Store

ZONE = ZoneInfo("Asia/Shanghai")
TODAY = date.today()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = open_demo(Path(tmp_path_factory.mktemp("dash")) / "demo.db", households=600)
    yield store
    store.close()


def _local_day(moment: datetime) -> date:
    return moment.astimezone(ZONE).date()


@pytest.mark.parametrize("who", ["supervisor1", "admin"])
def test_figures_match_an_independent_count(demo: Store, who: str) -> None:
    role, grids = (Role.SUPERVISOR, ("15250001",)) if who != "admin" else (Role.ADMIN, ())
    session = session_for(demo, who, who, role, grids)
    scope = set(session.grids)
    shown = figures(demo, session, today=TODAY, zone=ZONE)

    visits = [v for v in demo.find(Visit) if v.grid in scope]
    this_month = Counter(
        v.grid for v in visits if _local_day(v.visited_at).replace(day=1) == TODAY.replace(day=1)
    )
    names = {g.code: g.name for g in demo.find(Grid)}
    assert dict(shown.visits_by_grid) == {names[g]: n for g, n in this_month.items()}

    households = [h for h in demo.find(Household) if h.grid in scope]
    cutoff = datetime.combine(TODAY - timedelta(days=89), time(), ZONE)
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
        f for f in demo.find(FollowUp) if f.dispute_id in ids and f.done_at is None and f.due_on < TODAY
    ]
    # Counted as 工作台 counts them: return visits asked for in the last 90 days and not yet made too.
    made = defaultdict(list)
    for v in demo.find(Visit):
        made[v.household_id].append(v.visited_at)
    lapsed = [
        v
        for v in visits
        if v.follow_up_due is not None
        and TODAY - timedelta(days=90) <= v.follow_up_due < TODAY
        and not any(later > v.visited_at for later in made[v.household_id])
    ]
    assert shown.overdue_follow_ups == len(overdue) + len(lapsed)
    assert shown.major_risk_open == sum(
        d.risk_level is RiskLevel.MAJOR and d.status in OPEN for d in disputes
    )

    teams = {t.id: t.name for t in demo.find(VolunteerTeam)}
    start = TODAY.replace(day=1)
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
    if who == "admin":  # the whole demo banner exercises every figure
        assert shown.visits_this_month and shown.resolved and shown.overdue_follow_ups and hours
