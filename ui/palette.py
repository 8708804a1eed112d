"""The app's colours, named for what they say, so one red means "look here" on every screen and
in every printout, and a change of shade is one line.

Strings (``#rrggbb``) fit both style sheets and ``QColor``.
"""

from __future__ import annotations

# Errors, refusals, overdue follow-ups: what needs a person.
ALERT = "#c62828"
ALERT_BACKGROUND = "#fdecea"
# Figures a screen shows, and the first series of a chart.
ACCENT = "#1565c0"
# Waiting on someone: pending review, a provisional value.
WAITING = "#8a6d00"
APPROVED = "#1b5e20"
# Text on white, strongest to faintest, and the panels and borders around it.
INK = "#222222"
INK_LABEL = "#333333"
INK_SOFT = "#555555"
INK_FAINT = "#666666"
INK_EMPTY = "#777777"
PANEL = "#f5f5f5"
BORDER = "#dddddd"
PAPER = "#ffffff"
# Chart series in order: distinguishable side by side and in greyscale print.
SERIES = ("#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", ALERT, "#5d4037", "#558b2f")

ERROR_STYLE = f"color: {ALERT};"
