"""Report periods: the dashboard's visits and activities for the month, quarter, half-year, year
and year to date equal an independent count, at pinned days (a first of the month among them)
and with records on every boundary, in local time."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from app.models import ActivityKind, Role, VolunteerActivity
from app.services.dashboard import figures
from app.services.periods import ReportPeriod, bounds, period_name, span_text
from app.services.session import Session
from app.store import Store
from tests.conftest import GRID, make_household, make_visit

pytestmark = pytest.mark.dates

ZONE = ZoneInfo("Asia/Shanghai")
SESSION = Session("supervisor1", "张伟", Role.SUPERVISOR, (GRID,), {GRID: "巴彦嘎查"})
# The periods written out by hand for each pinned day: [first day, day after the last).
EXPECTED = {
    date(2025, 5, 1): {
        ReportPeriod.MONTH: (date(2025, 5, 1), date(2025, 6, 1)),
        ReportPeriod.QUARTER: (date(2025, 4, 1), date(2025, 7, 1)),
        ReportPeriod.HALF_YEAR: (date(2025, 1, 1), date(2025, 7, 1)),
        ReportPeriod.YEAR: (date(2025, 1, 1), date(2026, 1, 1)),
        ReportPeriod.YEAR_TO_DATE: (date(2025, 1, 1), date(2025, 5, 2)),
    },
    date(2025, 12, 31): {
        ReportPeriod.MONTH: (date(2025, 12, 1), date(2026, 1, 1)),
        ReportPeriod.QUARTER: (date(2025, 10, 1), date(2026, 1, 1)),
        ReportPeriod.HALF_YEAR: (date(2025, 7, 1), date(2026, 1, 1)),
        ReportPeriod.YEAR: (date(2025, 1, 1), date(2026, 1, 1)),
        ReportPeriod.YEAR_TO_DATE: (date(2025, 1, 1), date(2026, 1, 1)),
    },
    date(2025, 8, 15): {
        ReportPeriod.MONTH: (date(2025, 8, 1), date(2025, 9, 1)),
        ReportPeriod.QUARTER: (date(2025, 7, 1), date(2025, 10, 1)),
        ReportPeriod.HALF_YEAR: (date(2025, 7, 1), date(2026, 1, 1)),
        ReportPeriod.YEAR: (date(2025, 1, 1), date(2026, 1, 1)),
        ReportPeriod.YEAR_TO_DATE: (date(2025, 1, 1), date(2025, 8, 16)),
    },
}
# Local times on and around every boundary above; all long past, so no input rule reads today.
MOMENTS = [
    datetime(2024, 12, 31, 23, 59, tzinfo=ZONE),
    datetime(2025, 1, 1, 0, 0, tzinfo=ZONE),
    datetime(2025, 3, 31, 23, 30, tzinfo=ZONE),
    datetime(2025, 4, 1, 0, 30, tzinfo=ZONE),
    datetime(2025, 4, 30, 23, 59, tzinfo=ZONE),
    datetime(2025, 5, 1, 0, 1, tzinfo=ZONE),  # 2025-04-30 16:01 in UTC
    datetime(2025, 5, 1, 20, 0, tzinfo=ZONE),
    datetime(2025, 5, 2, 8, 0, tzinfo=ZONE),
    datetime(2025, 6, 30, 23, 0, tzinfo=ZONE),
    datetime(2025, 7, 1, 7, 0, tzinfo=ZONE),
    datetime(2025, 8, 15, 23, 59, tzinfo=ZONE),
    datetime(2025, 8, 16, 0, 0, tzinfo=ZONE),
    datetime(2025, 9, 30, 23, 59, tzinfo=ZONE),
    datetime(2025, 10, 1, 0, 0, tzinfo=ZONE),
    datetime(2025, 12, 31, 23, 59, tzinfo=ZONE),
    datetime(2026, 1, 1, 0, 0, tzinfo=ZONE),
]
KINDS = list(ActivityKind)


@pytest.fixture
def filled(store: Store) -> Store:
    household = store.save(make_household())
    for number, moment in enumerate(MOMENTS):
        for _ in range(number % 3 + 1):
            store.save(make_visit(household, visited_at=moment))
        store.save(
            VolunteerActivity(
                grid=GRID,
                author="worker101",
                title=f"活动{number}",
                started_at=moment,
                ended_at=moment,
                kind=KINDS[number % len(KINDS)],
                participant_count=10 * number,
            )
        )
    return store


def _within(moment: datetime, first: date, after: date) -> bool:
    return first <= moment.astimezone(ZONE).date() < after


@pytest.mark.parametrize("today", list(EXPECTED))
@pytest.mark.parametrize("period", list(ReportPeriod))
def test_each_period_counts_what_an_independent_count_finds(
    filled: Store, today: date, period: ReportPeriod
) -> None:
    first, after = EXPECTED[today][period]
    assert bounds(period, today) == (first, after)
    shown = figures(filled, SESSION, today=today, zone=ZONE, period=period)
    assert (shown.period, shown.period_start, shown.period_end) == (period, first, after)

    visits = sum(number % 3 + 1 for number, moment in enumerate(MOMENTS) if _within(moment, first, after))
    assert shown.visits_this_month == visits
    assert dict(shown.visits_by_grid) == ({"巴彦嘎查": visits} if visits else {})

    sessions: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for number, moment in enumerate(MOMENTS):
        if _within(moment, first, after):
            sessions[KINDS[number % len(KINDS)].value] += 1
            people[KINDS[number % len(KINDS)].value] += 10 * number
    assert {kind: (count, heads) for kind, count, heads in shown.activities_by_kind} == {
        kind: (sessions[kind], people[kind]) for kind in sessions
    }


def test_on_the_first_of_a_month_the_quarter_is_not_empty(filled: Store) -> None:
    today = date(2025, 5, 1)
    month = figures(filled, SESSION, today=today, zone=ZONE)
    quarter = figures(filled, SESSION, today=today, zone=ZONE, period=ReportPeriod.QUARTER)
    assert month.period is ReportPeriod.MONTH
    assert quarter.visits_this_month > month.visits_this_month > 0


@pytest.mark.parametrize(
    ("period", "today", "chinese", "english"),
    [
        (ReportPeriod.MONTH, date(2028, 2, 29), "2028年2月", "February 2028"),
        (ReportPeriod.QUARTER, date(2026, 3, 31), "2026年第一季度", "Q1 2026"),
        (ReportPeriod.QUARTER, date(2026, 12, 31), "2026年第四季度", "Q4 2026"),
        (ReportPeriod.HALF_YEAR, date(2026, 7, 1), "2026年下半年", "Second half of 2026"),
        (ReportPeriod.YEAR, date(2027, 1, 1), "2027年度", "Year 2027"),
        (ReportPeriod.YEAR_TO_DATE, date(2028, 2, 29), "2028年1月1日至2月29日", "2028 to 29 February"),
    ],
)
def test_a_period_is_named_in_the_windows_language_for_the_same_days(
    period: ReportPeriod, today: date, chinese: str, english: str
) -> None:
    assert period_name(period, today) == chinese
    assert period_name(period, today, "en") == english
    start, end = bounds(period, today)
    assert span_text(start, end, "en") == f"{start} – {end}"
