"""A person's own preferences, kept with Qt's QSettings: language, text size, window layout."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.config import MachineConfig
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES

ORGANIZATION = "Tongxin"
APPLICATION = "TongxinGrid"
DEFAULT_FONT_POINTS = 11
FONT_POINTS = (10, 11, 12, 14, 16, 18)


def language(machine: MachineConfig | None = None) -> str:
    """The person's choice if IT lets them choose, else IT's, else Chinese."""
    fixed = machine.language if machine else None
    if fixed and not machine.allows_user("language"):  # type: ignore[union-attr]
        return fixed
    chosen = str(QSettings().value("language", fixed or DEFAULT_LANGUAGE))
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def set_language(code: str) -> None:
    QSettings().setValue("language", code)


def font_points() -> int:
    try:
        points = int(QSettings().value("font_points", DEFAULT_FONT_POINTS))
    except (TypeError, ValueError):
        return DEFAULT_FONT_POINTS
    return points if points in FONT_POINTS else DEFAULT_FONT_POINTS


def apply_font_points(points: int) -> None:
    """Older workers need larger text: the whole app follows one size."""
    QSettings().setValue("font_points", points)
    font = QApplication.font()
    font.setPointSize(points)
    QApplication.setFont(font)
