"""Dates and times: stored in UTC with an offset, never naive, never in the future."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta

from app.errors import InvalidValue

# A laptop's clock can be a few minutes fast relative to the worker's watch; more than that is a
# mistyped date, not a clock skew.
FUTURE_TOLERANCE = timedelta(minutes=10)
# The ways people write a day: 2026-12-15, 2026/12/15, 2026.12.15, 2026年12月15日, 20261215.
_SEPARATED_DAY = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_RUN_OF_DIGITS_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})")


def typed_day(text: str) -> date | None:
    """The day a person typed, in any of the ways above, full-width digits included; None when
    nothing was typed. Text that names no day raises, so a typed day is never dropped unseen:

    >>> typed_day("２０２６/１２/１５")
    datetime.date(2026, 12, 15)
    >>> typed_day("2026-02-30")
    Traceback (most recent call last):
    app.errors.InvalidValue: 没有这一天：2026年2月30日。 (There is no such day: 2026-02-30.)
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    if not folded:
        return None
    found = _SEPARATED_DAY.fullmatch(folded) or _RUN_OF_DIGITS_DAY.fullmatch(folded)
    if found is None:
        raise InvalidValue(
            "date_unreadable",
            "请按 年-月-日 填写日期，例如 2026-12-15。",
            "Type the date as year-month-day, for example 2026-12-15.",
        )
    year, month, day = (int(part) for part in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidValue(
            "date_impossible",
            f"没有这一天：{year}年{month}月{day}日。",
            f"There is no such day: {year}-{month:02}-{day:02}.",
        ) from None


def ensure_aware(moment: datetime) -> datetime:
    """The same instant in UTC; a naive time is refused because its zone would be a guess."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidValue(
            "time_naive",
            "时间缺少时区信息，无法保存。",
            "The time has no time zone and cannot be stored.",
        )
    return moment.astimezone(UTC)


def time_not_in_future(moment: datetime, *, now: datetime | None = None) -> None:
    if ensure_aware(moment) > (now or datetime.now(UTC)) + FUTURE_TOLERANCE:
        raise InvalidValue(
            "time_future",
            "时间不能晚于现在，请检查日期和时间。",
            "The time cannot be in the future; check the date and time.",
        )


def date_not_in_future(day: date, *, today: date | None = None) -> None:
    """Compared with the local calendar day: at 07:00 in Hohhot it is still yesterday in UTC."""
    if day > (today or datetime.now().astimezone().date()):
        raise InvalidValue("date_future", "日期不能晚于今天。", "The date cannot be later than today.")
