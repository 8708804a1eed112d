"""What a figure counts, in words shown under it: 工作台 and 数据看板 show the same figures, so they
say the same thing in the same words (and the services count them by one definition)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def overdue_definition() -> str:
    """What "overdue" counts, in the same words on 工作台 and 数据看板, for the same definition."""
    return QCoreApplication.translate(
        "Definitions",
        "Overdue: dispute follow-ups and return visits (asked for in the last 90 days) whose date has "
        "passed and that are not yet made, in your grids.",
    )


def major_definition() -> str:
    return QCoreApplication.translate("Definitions", "Major-risk disputes of your grids not yet closed.")
