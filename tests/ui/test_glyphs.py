"""Names draw as letters, not boxes: a Mongolian-script name and a rare CJK name character, laid out
offscreen with the app's fonts, each come out as real glyphs of some font — never glyph 0, the
font's missing-glyph box, and never a glyph whose outline is that box's."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGlyphRun, QGuiApplication, QTextLayout

from ui.fonts import install_fonts

MONGOLIAN_NAME = "ᠪᠠᠲᠦ ᠰᠠᠷᠠᠨ"  # Batu Saran, as the demo's residents are written
RARE_HAN_NAME = "刘䶮"  # 䶮 (U+4DAE, CJK Extension A), the given name of the founder of Southern Han


def glyph_runs(text: str) -> list[QGlyphRun]:
    layout = QTextLayout(text, QGuiApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return layout.glyphRuns()


@pytest.mark.parametrize("text", [MONGOLIAN_NAME, RARE_HAN_NAME])
def test_a_name_is_drawn_with_real_glyphs(qapp, text: str) -> None:
    install_fonts()
    runs = glyph_runs(text)
    assert runs
    for run in runs:
        font = run.rawFont()
        box = font.pathForGlyph(0)
        for glyph in run.glyphIndexes():
            outline = font.pathForGlyph(glyph)
            assert glyph != 0, f"{text!r}: a missing-glyph box from {font.familyName()}"
            if not outline.isEmpty():  # a space has no outline, and is no box either
                assert outline != box, f"{text!r}: glyph {glyph} of {font.familyName()} is the box"
    inked = [g for run in runs for g in run.glyphIndexes() if not run.rawFont().pathForGlyph(g).isEmpty()]
    assert inked, f"{text!r} drew nothing"


def test_the_mongolian_font_comes_with_the_app(qapp) -> None:
    assert "Noto Sans Mongolian" in install_fonts()
    for word in MONGOLIAN_NAME.split():  # the space between is the Chinese font's
        assert {run.rawFont().familyName() for run in glyph_runs(word)} == {"Noto Sans Mongolian"}
