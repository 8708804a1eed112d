"""Screens told what changed (Anki's ``OpChanges`` and ``operation_did_execute``).

Every save, sync, import and background task announces which kinds of record it changed — the
store's entity names (``"visits"``, ``"residents"``…) plus ``CONFLICTS`` for the conflicts sync
records. Each open screen follows the kinds it shows and redraws when one of them is announced; a
screen that is hidden redraws when it is next shown. So no screen has to be reopened to show the
truth, and the one that saved never needs to know who else is looking.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from app.models import BY_ENTITY

CONFLICTS = "conflicts"
# What a sync that moved anything may have changed: any record, and the conflicts it reported.
EVERY_KIND = frozenset(BY_ENTITY) | {CONFLICTS}


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[str]

    def touches(self, kinds: Iterable[str] | None) -> bool:
        """Whether a screen showing ``kinds`` (None: a figure over everything, such as the number
        of records waiting to sync) has to redraw."""
        return kinds is None or not self.kinds.isdisjoint(kinds)


class ChangeBus(QObject):
    changed = Signal(object)


_bus: ChangeBus | None = None


def bus() -> ChangeBus:
    """The one bus of the app, made on first use on the UI thread."""
    global _bus
    if _bus is None:
        _bus = ChangeBus()
    return _bus


def announce(kinds: Iterable[str]) -> None:
    """Say on the UI thread that records of ``kinds`` changed."""
    changed = frozenset(kinds)
    if changed:
        bus().changed.emit(Changes(changed))


class Follower(QObject):
    """Calls ``refresh`` when an announcement touches ``kinds``: at once if the widget is on screen,
    else when it is next shown — a hidden list is not re-read for every save made elsewhere."""

    def __init__(self, widget: QWidget, kinds: Iterable[str] | None, refresh: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.kinds = None if kinds is None else frozenset(kinds)
        self.refresh = refresh
        self.stale = False
        widget.installEventFilter(self)
        bus().changed.connect(self.heard)

    def heard(self, changes: Changes) -> None:
        if not changes.touches(self.kinds):
            return
        if self.widget.isVisible():
            self.refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.refresh()
        return super().eventFilter(watched, event)
