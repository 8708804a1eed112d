"""Hybrid logical clock (Kulkarni et al., 2014) stamping every field change.

A stamp is (wall milliseconds, counter, device). It never goes backwards on one device even when
the wall clock does, and observing a stamp from elsewhere moves the local clock past it, so
"happened after" survives a laptop whose clock is days wrong. Stamps serialise to fixed-width text
that sorts in clock order, which is how SQLite and the server compare them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Self

_WALL_DIGITS = 15
_COUNTER_DIGITS = 6
MAX_WALL_MS = 10**_WALL_DIGITS - 1
MAX_COUNTER = 10**_COUNTER_DIGITS - 1


class ClockOverflow(ValueError):
    """A stamp past the last one the fixed-width text can hold (the year 33658)."""


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.wall_ms:0{_WALL_DIGITS}d}-{self.counter:0{_COUNTER_DIGITS}d}-{self.device}"

    @classmethod
    def parse(cls, text: str) -> Self:
        wall, counter, device = text.split("-", 2)
        if len(wall) != _WALL_DIGITS or len(counter) != _COUNTER_DIGITS or not device:
            raise ValueError(f"not a clock stamp: {text!r}")
        return cls(int(wall), int(counter), device)


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """One per device and store; not thread-safe (the store serialises writes).

    The counter never outgrows its six digits: where it would, logical time moves on by one
    millisecond instead, so every stamp this clock issues parses again (a counter of seven
    digits once made a database that would not open)."""

    def __init__(self, device: str, *, last: Stamp | None = None, now_ms: Callable[[], int] = wall_clock_ms):
        if "-" in device:
            raise ValueError("device ids in clock stamps cannot contain '-'")
        self.device = device
        self._now_ms = now_ms
        self.set(last)

    @property
    def last(self) -> Stamp:
        """The latest stamp this clock has issued or seen."""
        return Stamp(self._wall, self._counter, self.device)

    def set(self, last: Stamp | None) -> None:
        """Continue from ``last``, whatever this clock held before: how every store of one
        database file shares one clock, and how a clock the server found far ahead comes back."""
        self._wall = last.wall_ms if last else 0
        self._counter = last.counter if last else 0

    def now_ms(self) -> int:
        return self._now_ms()

    def tick(self) -> Stamp:
        """A stamp for a local change, later than every stamp this clock has issued or seen."""
        now = self._now_ms()
        if now > self._wall:
            self._advance(now, 0)
        else:
            self._advance(self._wall, self._counter + 1)
        return self.last

    def observe(self, remote: Stamp) -> None:
        """Move past a stamp that arrived from another device or the server."""
        now = self._now_ms()
        wall = max(now, self._wall, remote.wall_ms)
        if wall == self._wall == remote.wall_ms:
            counter = max(self._counter, remote.counter) + 1
        elif wall == self._wall:
            counter = self._counter + 1
        elif wall == remote.wall_ms:
            counter = remote.counter + 1
        else:
            counter = 0
        self._advance(wall, counter)

    def _advance(self, wall: int, counter: int) -> None:
        if counter > MAX_COUNTER:
            wall, counter = wall + 1, 0
        if wall > MAX_WALL_MS:
            raise ClockOverflow(f"clock past the last representable stamp ({wall} ms)")
        self._wall, self._counter = wall, counter
