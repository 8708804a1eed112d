"""Report periods (报告期): what a supervisor reports upward by — the month, the quarter, the
half-year, the year, or the year so far — as local calendar days, the first included and the
last excluded.

>>> bounds(ReportPeriod.QUARTER, date(2026, 5, 1))
(datetime.date(2026, 4, 1), datetime.date(2026, 7, 1))
>>> bounds(ReportPeriod.YEAR_TO_DATE, date(2026, 5, 1))
(datetime.date(2026, 1, 1), datetime.date(2026, 5, 2))
"""

from __future__ import annotations

from datetime import date, timedelta

from app.models.labels import LabeledEnum


class ReportPeriod(LabeledEnum):
    MONTH = "month", "本月", "This month"
    QUARTER = "quarter", "本季度", "This quarter"
    HALF_YEAR = "half_year", "本半年", "This half-year"
    YEAR = "year", "本年度", "This year"
    YEAR_TO_DATE = "year_to_date", "年初至今", "Year to date"


# How many months each calendar period spans, starting in January.
_MONTHS = {ReportPeriod.MONTH: 1, ReportPeriod.QUARTER: 3, ReportPeriod.HALF_YEAR: 6, ReportPeriod.YEAR: 12}


def _add_months(first: date, months: int) -> date:
    index = first.month - 1 + months
    return date(first.year + index // 12, index % 12 + 1, 1)


def bounds(period: ReportPeriod, today: date) -> tuple[date, date]:
    """The period holding ``today``: its first day and the day after its last."""
    if period is ReportPeriod.YEAR_TO_DATE:
        return date(today.year, 1, 1), today + timedelta(days=1)
    span = _MONTHS[period]
    start = date(today.year, (today.month - 1) // span * span + 1, 1)
    return start, _add_months(start, span)


_HALVES = ("上半年", "下半年")
_QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")


_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def period_name(period: ReportPeriod, today: date, language: str = "zh") -> str:
    """The period as a report's title names it: 2026年3月, 2026年第一季度, 2026年上半年, 2026年度,
    2026年1月1日至3月31日 (the year so far). Reports upward are Chinese whatever the window's
    language; an English window shows its own words for the same days."""
    start, end = bounds(period, today)
    last = end - timedelta(days=1)
    if not language.startswith("zh"):
        return _english_name(period, start, last)
    if period is ReportPeriod.MONTH:
        return f"{start.year}年{start.month}月"
    if period is ReportPeriod.QUARTER:
        return f"{start.year}年{_QUARTERS[(start.month - 1) // 3]}"
    if period is ReportPeriod.HALF_YEAR:
        return f"{start.year}年{_HALVES[(start.month - 1) // 6]}"
    if period is ReportPeriod.YEAR:
        return f"{start.year}年度"
    return f"{start.year}年1月1日至{last.month}月{last.day}日"


def _english_name(period: ReportPeriod, start: date, last: date) -> str:
    if period is ReportPeriod.MONTH:
        return f"{_MONTH_NAMES[start.month - 1]} {start.year}"
    if period is ReportPeriod.QUARTER:
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if period is ReportPeriod.HALF_YEAR:
        return f"{('First', 'Second')[(start.month - 1) // 6]} half of {start.year}"
    if period is ReportPeriod.YEAR:
        return f"Year {start.year}"
    return f"{start.year} to {last.day} {_MONTH_NAMES[last.month - 1]}"


def span_text(first: date | None, last: date | None, language: str = "zh") -> str:
    """Days from the first to the last, both included, as a report's header prints them."""
    joint = "至" if language.startswith("zh") else " – "
    return f"{first or '…'}{joint}{last or '…'}"


# Open ends of days typed without a first or a last: every record a laptop can hold lies between.
EARLIEST, LATEST = date(1900, 1, 1), date(9999, 1, 1)


def typed_bounds(first: date | None, last: date | None) -> tuple[date, date]:
    """Days the supervisor typed ("Days I choose", either end may be left open) as a period's
    bounds: the first day and the day after the last.

    >>> typed_bounds(date(2025, 12, 31), date(2026, 1, 1))
    (datetime.date(2025, 12, 31), datetime.date(2026, 1, 2))
    """
    return first or EARLIEST, last + timedelta(days=1) if last else LATEST


def bounds_text(start: date, end: date) -> str:
    """A period's bounds as a report prints them, its open ends as "…": 2025-12-31至2026-01-01,
    …至2026-01-01, or 全部日期 when both ends are open (as a ledger's title says it)."""
    if (start, end) == (EARLIEST, LATEST):
        return "全部日期"
    return span_text(start if start != EARLIEST else None, end - timedelta(days=1) if end != LATEST else None)
