"""Charts drawn with QPainter: the same drawing on the dashboard, in screenshots taken offscreen and
in the monthly PDF, with no chart library to ship."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui import palette

ROW_HEIGHT = 22.0
MAX_BARS = 12


def draw_bars(
    painter: QPainter,
    area: QRectF,
    title: str,
    bars: Sequence[tuple[str, float]],
    *,
    colour: str = palette.ACCENT,
    empty: str = "—",
    unit: str = "",
    row_height: float = ROW_HEIGHT,
    font: QFont | None = None,
) -> None:
    """Horizontal bars, largest first as given, each labelled with its value; at most MAX_BARS.
    ``row_height`` is in the painter's units (a PDF's are its dots, not screen pixels)."""
    painter.save()
    body_font = QFont(font or painter.font())
    title_font = QFont(body_font)
    title_font.setBold(True)
    painter.setFont(title_font)
    title_height = QFontMetricsF(title_font, painter.device()).height() * 1.3
    painter.setPen(QColor(palette.INK))
    painter.drawText(
        QRectF(area.left(), area.top(), area.width(), title_height), Qt.AlignmentFlag.AlignLeft, title
    )
    label_font = QFont(body_font)
    label_font.setPointSizeF(max(body_font.pointSizeF() * 0.9, 8))
    painter.setFont(label_font)
    metrics = QFontMetricsF(label_font, painter.device())
    shown = list(bars)[:MAX_BARS]
    top = area.top() + title_height
    if not shown:
        painter.setPen(QColor(palette.INK_EMPTY))
        painter.drawText(
            QRectF(area.left(), top, area.width(), row_height), Qt.AlignmentFlag.AlignLeft, empty
        )
        painter.restore()
        return
    label_width = min(max(metrics.horizontalAdvance(label) for label, _v in shown) + 8, area.width() * 0.45)
    value_width = max(metrics.horizontalAdvance(_number(v, unit)) for _l, v in shown) + 8
    track = area.width() - label_width - value_width
    largest = max(value for _label, value in shown) or 1
    row = min(row_height, (area.bottom() - top) / len(shown))
    for index, (label, value) in enumerate(shown):
        y = top + index * row
        painter.setPen(QColor(palette.INK_LABEL))
        label_box = QRectF(area.left(), y, label_width - 6, row)
        painter.drawText(
            label_box,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, label_width - 6),
        )
        length = track * value / largest
        painter.fillRect(
            QRectF(area.left() + label_width, y + row * 0.18, length, row * 0.64), QColor(colour)
        )
        painter.drawText(
            QRectF(area.left() + label_width + length + 4, y, value_width, row),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            _number(value, unit),
        )
    painter.restore()


def _number(value: float, unit: str) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{text}{unit}"


def bars_height(count: int, row_height: float = ROW_HEIGHT) -> float:
    return row_height * ((min(count, MAX_BARS) or 1) + 1.4)


class BarChart(QWidget):
    """A widget showing one bar chart; ``set_bars`` replaces what it shows."""

    def __init__(
        self, title: str, *, colour: str = palette.ACCENT, unit: str = "", parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.title = title
        self.colour = colour
        self.unit = unit
        self.bars: list[tuple[str, float]] = []
        self.empty = self.tr("No records yet")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def row_height(self) -> float:
        """A bar's row grows with the text size (150% text needs taller rows than 100%)."""
        return max(ROW_HEIGHT, QFontMetricsF(self.font()).height() * 1.5)

    def set_bars(self, bars: Sequence[tuple[str, float]]) -> None:
        self.bars = list(bars)
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, int(bars_height(len(self.bars), self.row_height())) + 8)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(palette.PAPER))
        area = QRectF(self.rect()).adjusted(8, 4, -8, -4)
        draw_bars(
            painter,
            area,
            self.title,
            self.bars,
            colour=self.colour,
            empty=self.empty,
            unit=self.unit,
            row_height=self.row_height(),
        )
        painter.end()
