"""What Qt is told through the environment, before the application object exists.

The desktop, the screenshots and the UI benchmark start Qt the same way, so a figure measured in
the benchmark is the figure of the app a worker runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

SETTINGS = {
    # Qt splits any fill taller than about 96 lines (a list's background, a scroll bar's groove)
    # over a pool of up to four threads and waits for them all. On the two-core laptops of the
    # field, busy with a sync, waking and waiting for those threads costs more than the fill: the
    # redraw after a keystroke in a list took a fifth less CPU with the fills on the UI thread
    # (4.4 instead of 5.3 ms on 100,000 households) and stopped waiting on threads the machine had
    # no core free for.
    "QT_NO_GUI_THREADPOOL": "1",
}


def prepare() -> None:
    """Set what the environment does not already say (a developer may still override any of it)."""
    for name, value in SETTINGS.items():
        os.environ.setdefault(name, value)


# Qt platforms that draw without a display server (headless runs, kiosks, remote viewers).
HEADLESS_PLATFORMS = frozenset({"offscreen", "minimal", "vnc", "eglfs", "linuxfb"})


def display_missing(environ: Mapping[str, str] = os.environ, system: str = sys.platform) -> bool:
    """Whether a window has nowhere to go: Linux with neither an X nor a Wayland display (a
    session over SSH) and no headless platform asked for. Qt itself would abort the process there
    (SIGABRT) with a message about xcb plugins that tells IT nothing."""
    if not system.startswith("linux") or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return False
    # QT_QPA_PLATFORM may list fallbacks ("wayland;xcb") and carry options ("vnc:size=800x600").
    asked = {entry.split(":", 1)[0].strip() for entry in environ.get("QT_QPA_PLATFORM", "").split(";")}
    return not asked & HEADLESS_PLATFORMS
