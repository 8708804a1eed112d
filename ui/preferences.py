"""A person's own preferences, kept with Qt's QSettings: language, text size, window layout."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.config import MachineConfig
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES

ORGANIZATION = "Tongxin"
APPLICATION = "TongxinGrid"
BASE_FONT_POINTS = 11
# Text size as a share of the base size: older workers, bright sunlight, a small screen.
TEXT_SCALES = (100, 125, 150, 175)
DEFAULT_TEXT_SCALE = 100


def language(machine: MachineConfig | None = None) -> str:
    """The person's choice if IT lets them choose, else IT's, else Chinese."""
    fixed = machine.language if machine else None
    if machine and fixed and not machine.allows_user("language"):
        return fixed
    chosen = str(QSettings().value("language", fixed or DEFAULT_LANGUAGE))
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def set_language(code: str) -> None:
    QSettings().setValue("language", code)


def text_scale() -> int:
    try:
        scale = int(str(QSettings().value("text_scale", DEFAULT_TEXT_SCALE)))
    except (TypeError, ValueError):
        return DEFAULT_TEXT_SCALE
    return scale if scale in TEXT_SCALES else DEFAULT_TEXT_SCALE


def apply_text_scale(scale: int) -> None:
    """Older workers need larger text: the whole app follows one size, and every screen is laid
    out for it (the window is built again when the size changes)."""
    QSettings().setValue("text_scale", scale)
    font = QApplication.font()
    font.setPointSizeF(BASE_FONT_POINTS * scale / 100)
    QApplication.setFont(font)
