"""A scroll area for a page of wrapped text (the 同步 screen at large text sizes)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class PageScroll(QScrollArea):
    """Its page is never shorter than its wrapped text needs at the width it is shown at.

    QScrollArea sizes a page whose height follows its width for the width there was before the
    scroll bar appeared; the bar then takes its room, each wrapped label needs another line, and
    its last line was cut."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(page)
        page.installEventFilter(self)
        self.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The page's text changed, or the viewport's width did (the bar came or went).
        if (watched is self.widget() and event.type() == QEvent.Type.LayoutRequest) or (
            watched is self.viewport() and event.type() == QEvent.Type.Resize
        ):
            self._fit()
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        if (page := self.widget()) is not None:
            page.setMinimumHeight(max(0, page.heightForWidth(self.viewport().width())))
