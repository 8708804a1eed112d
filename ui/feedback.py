"""How a screen says something went wrong: a red line beside the field or button concerned."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.errors import TongxinError
from ui.i18n import in_language

ERROR_STYLE = "color: #b3261e;"


def error_label(name: str = "") -> QLabel:
    """Hidden until there is something to say; ``name`` is its object name, for tests."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, error: TongxinError | str | None) -> None:
    """Show an error (its message in the UI's language) or, with None, hide the label."""
    if isinstance(error, TongxinError):
        error = in_language(error.zh, error.en)
    label.setText(error or "")
    label.setVisible(bool(error))
