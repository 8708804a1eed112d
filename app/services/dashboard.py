"""The supervisor's figures (数据看板) for their grids, computed from the local records.

Every figure is one query over the synced records, scoped to the session's grids, so the
dashboard, the monthly PDF and the tests all read the same numbers; overdue follow-ups are
counted as 工作台 counts them (``workbench.overdue``). Visits and activities are counted in the
report period the supervisor chose (the month unless told otherwise) or the days they typed; the
dashboard's dispute tiles and charts count every dispute and its hours the last six months, while
the report's figures for the period (``Figures.disputes``, ``Figures.hours_in_period``) count
only the period's. Hours and 人次 count a volunteer once per activity (``app.services.headcounts``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from app.models import DisputeStatus
from app.services import grids
from app.services.care import GroupCoverage, coverage, frequencies_of
from app.services.disputes import OPEN
from app.services.headcounts import counted, head_count
from app.services.periods import LATEST, ReportPeriod, bounds
from app.services.service_items import ServiceFigures, service_figures
from app.services.session import Session
from app.services.workbench import overdue
from app.store import Store
from app.store.listing import day_start_utc

COVERAGE_DAYS = 90
HOURS_MONTHS = 6


@dataclass(frozen=True)
class PeriodDisputes:
    """The disputes of a report period, as the report sends them upward.

    ``by_category`` and ``by_status`` count the disputes registered in the period (by their
    status now), and ``ethnic_factors`` (涉及民族因素), ``major`` (重大风险) and ``major_open``
    (of those, still open: not closed, withdrawn or closed unresolved) count among them. The
    mediation success rate (调解成功率) is over the disputes whose mediation ended in the period,
    whenever they were registered: ``concluded`` reached an agreement or were closed unresolved in
    it, ``resolved`` reached an agreement in it. Referred and withdrawn disputes were not decided
    by mediation here and count in neither."""

    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    ethnic_factors: int = 0
    major: int = 0
    major_open: int = 0
    resolved: int = 0
    concluded: int = 0

    @property
    def registered(self) -> int:
        return sum(count for _status, count in self.by_status)

    @property
    def success_rate(self) -> float | None:
        return self.resolved / self.concluded if self.concluded else None


@dataclass(frozen=True)
class Figures:
    month: date
    visits_by_grid: list[tuple[str, int]]
    households: int
    unvisited_households: int
    disputes_by_category: list[tuple[str, int]]
    disputes_by_status: list[tuple[str, int]]
    resolved: int
    concluded: int
    overdue_follow_ups: int
    major_risk_open: int
    hours_by_team_month: list[tuple[str, str, float]]
    # The period chosen; None for days the supervisor typed.
    period: ReportPeriod | None = ReportPeriod.MONTH
    # The period's first local day and the day after its last.
    period_start: date | None = None
    period_end: date | None = None
    # Per activity type in the period: its value, 场次 (activities) and 人次 (participants).
    activities_by_kind: list[tuple[str, int, int]] = field(default_factory=list)
    # Per activity type in the period: the registered households its activities served, each once.
    households_served_by_kind: dict[str, int] = field(default_factory=dict)
    # The period's disputes, and its volunteer hours per team and local month, for the report.
    disputes: PeriodDisputes = field(default_factory=PeriodDisputes)
    hours_in_period: list[tuple[str, str, float]] = field(default_factory=list)

    @property
    def visits_this_month(self) -> int:
        """Visits in the report period: the month unless another period was asked for."""
        return sum(count for _grid, count in self.visits_by_grid)

    @property
    def coverage(self) -> float | None:
        """Share of households visited in the last 90 days."""
        return 1 - self.unvisited_households / self.households if self.households else None

    @property
    def resolution_rate(self) -> float | None:
        """Disputes mediated to an agreement, of those whose mediation ended (agreement reached, or
        closed without one); referred and withdrawn disputes were not decided by mediation here."""
        return self.resolved / self.concluded if self.concluded else None

    @property
    def volunteer_hours(self) -> float:
        """Hours of the last six months (the dashboard's tile)."""
        return sum(hours for _team, _month, hours in self.hours_by_team_month)

    @property
    def period_volunteer_hours(self) -> float:
        """Hours of the activities that started in the period (the report's line)."""
        return sum(hours for _team, _month, hours in self.hours_in_period)


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _months_back(day: date, count: int) -> date:
    start = _month_start(day)
    for _ in range(count - 1):
        start = _month_start(start - timedelta(days=1))
    return start


class _Scoped:
    """Queries limited to the session's grids: ``{grids}`` in a query becomes their placeholders."""

    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.grids = list(session.grids)

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        marks = ",".join("?" * len(self.grids)) or "NULL"
        return self.store.db.execute(sql.format(grids=marks), [*self.grids, *params]).fetchall()

    def one(self, sql: str, params: Sequence[object] = ()) -> int:
        return int(self.rows(sql, params)[0][0])


def figures(
    store: Store,
    session: Session,
    *,
    today: date,
    zone: tzinfo,
    period: ReportPeriod = ReportPeriod.MONTH,
    days: tuple[date, date] | None = None,
) -> Figures:
    """The figures for the period holding ``today``, or for ``days`` (the first local day and the
    day after the last) when the supervisor typed them; ``today`` still dates what is "as at"
    (coverage, overdue follow-ups, the six months of hours)."""
    scoped = _Scoped(store, session)
    month = _month_start(today)
    start, end = days if days is not None else bounds(period, today)
    period_bounds = [day_start_utc(start, zone), day_start_utc(end, zone)]
    since = day_start_utc(today - timedelta(days=COVERAGE_DAYS - 1), zone)  # today and the 89 days before
    statuses = ",".join(f"'{s.value}'" for s in OPEN)
    named = grids.labels(store, session.grids)
    return Figures(
        month=month,
        visits_by_grid=[
            (named[code], count)
            for code, count in scoped.rows(
                "SELECT v.grid, count(*) FROM visits v "
                "WHERE v.grid IN ({grids}) AND v.deleted = 0 AND v.visited_at >= ? AND v.visited_at < ? "
                "GROUP BY v.grid ORDER BY count(*) DESC, v.grid",
                period_bounds,
            )
        ],
        households=scoped.one("SELECT count(*) FROM households WHERE grid IN ({grids}) AND deleted = 0"),
        unvisited_households=scoped.one(
            "SELECT count(*) FROM households h WHERE h.grid IN ({grids}) AND h.deleted = 0 AND NOT EXISTS "
            "(SELECT 1 FROM visits v WHERE v.household_id = h.id AND v.deleted = 0 AND v.visited_at >= ?)",
            [since],
        ),
        disputes_by_category=_counted(
            scoped, "SELECT category FROM disputes WHERE grid IN ({grids}) AND deleted = 0"
        ),
        disputes_by_status=_counted(
            scoped, "SELECT status FROM disputes WHERE grid IN ({grids}) AND deleted = 0"
        ),
        resolved=scoped.one(
            "SELECT count(*) FROM disputes d WHERE d.grid IN ({grids}) AND d.deleted = 0 AND EXISTS "
            "(SELECT 1 FROM dispute_steps s WHERE s.dispute_id = d.id AND s.deleted = 0 AND s.to_status = ?)",
            [DisputeStatus.RESOLVED.value],
        ),
        concluded=scoped.one(
            "SELECT count(*) FROM disputes d WHERE d.grid IN ({grids}) AND d.deleted = 0 AND (d.status = ? "
            "OR EXISTS (SELECT 1 FROM dispute_steps s WHERE s.dispute_id = d.id AND s.deleted = 0 "
            "AND s.to_status = ?))",
            [DisputeStatus.UNRESOLVED_CLOSED.value, DisputeStatus.RESOLVED.value],
        ),
        overdue_follow_ups=overdue(store, session, today),
        major_risk_open=scoped.one(
            "SELECT count(*) FROM disputes WHERE grid IN ({grids}) AND deleted = 0 AND risk_level = 'major' "
            f"AND status IN ({statuses})"
        ),
        hours_by_team_month=_hours(scoped, _months_back(today, HOURS_MONTHS), LATEST, zone),
        period=period if days is None else None,
        period_start=start,
        period_end=end,
        activities_by_kind=[
            (kind, count, people)
            for kind, count, people in scoped.rows(
                f"SELECT a.kind, count(*), coalesce(sum({head_count('a')}), 0) FROM volunteer_activities a "
                "WHERE a.grid IN ({grids}) AND a.deleted = 0 AND a.started_at >= ? AND a.started_at < ? "
                "GROUP BY a.kind ORDER BY count(*) DESC, a.kind",
                period_bounds,
            )
        ],
        # A household deleted since no longer counts; one this laptop does not hold still does.
        households_served_by_kind=dict(
            scoped.rows(
                "SELECT a.kind, count(DISTINCT h.value) FROM volunteer_activities a, "
                "json_each(a.households_served) h WHERE a.grid IN ({grids}) AND a.deleted = 0 "
                "AND a.started_at >= ? AND a.started_at < ? AND NOT EXISTS (SELECT 1 FROM households "
                "gone WHERE gone.id = h.value AND gone.deleted = 1) GROUP BY a.kind",
                period_bounds,
            )
        ),
        disputes=_period_disputes(scoped, period_bounds),
        hours_in_period=_hours(scoped, start, end, zone),
    )


def _period_disputes(scoped: _Scoped, period_bounds: list[str]) -> PeriodDisputes:
    registered = (
        "FROM disputes d WHERE d.grid IN ({grids}) AND d.deleted = 0 "
        "AND d.created_at >= ? AND d.created_at < ?"
    )

    def among_registered(condition: str, statuses: Sequence[DisputeStatus] = ()) -> int:
        return scoped.one(
            f"SELECT count(*) {registered} AND {condition}", [*period_bounds, *(s.value for s in statuses)]
        )

    def ended_as(*statuses: DisputeStatus) -> int:
        """Disputes with a step to one of ``statuses`` dated in the period, each once."""
        marks = ",".join("?" * len(statuses))
        return scoped.one(
            "SELECT count(DISTINCT d.id) FROM disputes d JOIN dispute_steps s ON s.dispute_id = d.id "
            "WHERE d.grid IN ({grids}) AND d.deleted = 0 AND s.deleted = 0 AND s.at >= ? AND s.at < ? "
            f"AND s.to_status IN ({marks})",
            [*period_bounds, *(s.value for s in statuses)],
        )

    open_marks = ",".join("?" * len(OPEN))
    return PeriodDisputes(
        by_category=_counted(scoped, f"SELECT d.category {registered}", period_bounds),
        by_status=_counted(scoped, f"SELECT d.status {registered}", period_bounds),
        ethnic_factors=among_registered("d.ethnic_factors = 1"),
        major=among_registered("d.risk_level = 'major'"),
        major_open=among_registered(f"d.risk_level = 'major' AND d.status IN ({open_marks})", list(OPEN)),
        resolved=ended_as(DisputeStatus.RESOLVED),
        concluded=ended_as(DisputeStatus.RESOLVED, DisputeStatus.UNRESOLVED_CLOSED),
    )


def _counted(scoped: _Scoped, sql: str, params: Sequence[object] = ()) -> list[tuple[str, int]]:
    return Counter(value for (value,) in scoped.rows(sql, params)).most_common()


def _hours(scoped: _Scoped, start: date, end: date, zone: tzinfo) -> list[tuple[str, str, float]]:
    """Volunteer hours per team and local month, of the activities started from the local day
    ``start`` up to (not including) ``end``."""
    totals: Counter[tuple[str, str]] = Counter()
    for team, started_at, hours in scoped.rows(
        "SELECT coalesce(t.name, ''), a.started_at, p.hours FROM participations p "
        "JOIN volunteer_activities a ON a.id = p.activity_id LEFT JOIN volunteer_teams t ON t.id = a.team_id "
        f"WHERE {counted('p')} AND a.grid IN ({{grids}}) AND a.deleted = 0 "
        "AND a.started_at >= ? AND a.started_at < ?",
        [day_start_utc(start, zone), day_start_utc(end, zone)],
    ):
        local_month = datetime.fromisoformat(started_at).astimezone(zone).strftime("%Y-%m")
        totals[(team, local_month)] += hours
    return [
        (team, month, hours)
        for (team, month), hours in sorted(totals.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]


@dataclass(frozen=True)
class PeopleFigures:
    """The people-and-services rates the dashboard shows beside the figures above: 办结率 and 满意率
    of service items, and per care group how many members were visited in their period."""

    services: ServiceFigures
    care: list[GroupCoverage]


def people_figures(store: Store, grids: tuple[str, ...], *, today: date, zone: tzinfo) -> PeopleFigures:
    """What the dashboard's second row and its care chart read, for the report to print the same."""
    return PeopleFigures(
        service_figures(store, grids, today),
        coverage(store, grids, today=today, zone=zone, frequencies=frequencies_of(store)),
    )
