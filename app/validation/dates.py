"""Dates and times: stored in UTC with an offset, never naive, never in the future."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.errors import InvalidValue

# A laptop's clock can be a few minutes fast relative to the worker's watch; more than that is a
# mistyped date, not a clock skew.
FUTURE_TOLERANCE = timedelta(minutes=10)


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
