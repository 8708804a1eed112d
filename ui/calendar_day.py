"""The laptop's calendar day, asked in one place: what "today" means to a date field, the 工作台 and
the lists, and what a test pins."""

from __future__ import annotations

from datetime import date, datetime


def local_today() -> date:
    """Today where the laptop is (at 07:00 in Hohhot it is still yesterday in UTC)."""
    return datetime.now().astimezone().date()
