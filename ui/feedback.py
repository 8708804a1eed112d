"""How a screen says something: a red line beside the field or button concerned when something went
wrong, and headings and figures larger than the text around them, in proportion to it."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from app.errors import TongxinError
from ui import palette
from ui.i18n import in_language


def error_label(name: str = "") -> QLabel:
    """Hidden until there is something to say; ``name`` is its object name, for tests."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(palette.ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    """The widget's font made larger (a heading, a figure) in proportion, so it follows the text
    size setting instead of staying at a fixed pixel size."""
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def show_error(label: QLabel, error: TongxinError | str | None) -> None:
    """Show an error (its message in the UI's language) or, with None, hide the label."""
    if isinstance(error, TongxinError):
        error = in_language(error.zh, error.en)
    label.setText(error or "")
    label.setVisible(bool(error))
