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
# A Chinese font first when the desktop has one: a line's height then fits Chinese glyphs, which a
# Latin default font (DejaVu) measures too short — group titles had their tops cut off.
CHINESE_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
)
_families: list[str] = []


def install_fonts() -> list[str]:
    """Register the bundled fonts (once per process) and name them after the application font's
    own family, so a character the desktop's font lacks is drawn from them before any box is; put
    the desktop's Chinese font, if it has one, before them all."""
    if not _families:
        for path in sorted(FONTS.glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                log.warning("cannot load the bundled font %s", path)
                continue
            _families.extend(QFontDatabase.applicationFontFamilies(font_id))
    font = QGuiApplication.font()
    installed = set(QFontDatabase.families())
    chinese = [family for family in CHINESE_FAMILIES if family in installed][:1]
    wanted = list(dict.fromkeys([*chinese, *font.families(), *_families]))
    if wanted != font.families():
        font.setFamilies(wanted)
        QGuiApplication.setFont(font)
    return list(_families)
