"""Draws resources/icons/tongxin.png (256 px): 同 in white on pomegranate red, the colour of the
红石榴 volunteer teams. Run once when the icon changes; the PNG is committed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter

TARGET = Path(__file__).resolve().parent.parent / "resources" / "icons" / "tongxin.png"


def main() -> None:
    app = QGuiApplication(sys.argv[:1])
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#b71c1c"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(8, 8, 240, 240), 48, 48)
    font = QFont()
    font.setFamilies(["Noto Sans CJK SC", "WenQuanYi Micro Hei"])
    font.setPixelSize(168)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, 256, 248), Qt.AlignmentFlag.AlignCenter, "同")
    painter.end()
    image.save(str(TARGET))
    print(f"wrote {TARGET}")
    del app


if __name__ == "__main__":
    main()
