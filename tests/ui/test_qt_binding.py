"""The Qt binding itself, as the app uses it all day: a build that leaks references aborts the app
hours into a working day, long after any short test has passed."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_that_return_nothing_leave_none_alone(qtbot) -> None:
    """PySide6 6.12.0 on Python 3.11 took one reference off None per such call: a few thousand
    keystrokes in a list later, Python freed None and aborted."""
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for number in range(2000):
        label.update()
        label.setText(str(number))
    assert abs(sys.getrefcount(None) - before) < 100
