"""A4 pages printed through Qt, shared by every PDF the app writes (the mediation agreement, the
case file, the work report): one page set-up, one set of print fonts, and text laid out at the
printer's resolution.

A QTextDocument lays itself out for the screen (96 dpi) unless told the page it prints on; printed
at 300 dpi its 12 pt came out a third as big, which the agreement that parties sign did for a year.
"""

from __future__ import annotations

from PySide6.QtCore import QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

# Fonts whose tables map each glyph back to one character, so the PDF's text can be searched and
# copied (some CJK fonts share glyphs with Kangxi radicals, and the copy then reads 「⼈」).
PRINT_FAMILIES = ("WenQuanYi Micro Hei", "Microsoft YaHei", "SimSun", "Noto Sans CJK SC")
RESOLUTION = 300


def a4_writer(
    target: str | QIODevice, title: str, margin_mm: float, resolution: int = RESOLUTION
) -> QPdfWriter:
    """A PDF writer for A4 portrait pages with even margins."""
    writer = QPdfWriter(target)
    writer.setTitle(title)
    margins = QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm)
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, margins)
    )
    writer.setResolution(resolution)
    return writer


def print_font(point_size: int) -> QFont:
    font = QFont()
    font.setFamilies(list(PRINT_FAMILIES))
    font.setPointSize(point_size)
    return font


def print_html(writer: QPdfWriter, html: str, point_size: int) -> None:
    """Lay ``html`` out on the writer's pages, at its resolution, and print it."""
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDefaultFont(print_font(point_size))
    document.setHtml(html)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    document.setPageSize(QSizeF(rect.width(), rect.height()))
    document.print_(writer)
