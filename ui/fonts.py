"""Fonts the app brings with it.

Names are written in traditional Mongolian script as often as in Chinese, and no Debian, Kylin,
UOS or Windows desktop is sure to have a Mongolian font: without one every such name is a row of
empty boxes. So the app carries Noto Sans Mongolian (SIL OFL, ``resources/fonts/OFL.txt``) and
registers it at start, behind the desktop's own font, for every platform alike. Chinese, rare
characters of CJK Extension A (䶮) included, comes from the system's CJK font (Noto Sans CJK on
Debian/Kylin/UOS, Microsoft YaHei on Windows).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication

log = logging.getLogger(__name__)
FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
_families: list[str] = []


def install_fonts() -> list[str]:
    """Register the bundled fonts (once per process) and name them after the application font's
    own family, so a character the desktop's font lacks is drawn from them before any box is."""
    if not _families:
        for path in sorted(FONTS.glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                log.warning("cannot load the bundled font %s", path)
                continue
            _families.extend(QFontDatabase.applicationFontFamilies(font_id))
    font = QGuiApplication.font()
    wanted = [*font.families(), *(f for f in _families if f not in font.families())]
    if wanted != font.families():
        font.setFamilies(wanted)
        QGuiApplication.setFont(font)
    return list(_families)
