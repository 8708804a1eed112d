"""The server's hybrid logical clock: it re-stamps changes from clocks far ahead and hands its
time to devices so theirs move forward.

One per server process, each with a node id of its own so that two processes never issue the
same stamp. A process has not seen what the others stamped: before re-stamping a change it
observes the stamp of the version it is about to replace (server.push)."""

from __future__ import annotations

import os
import threading

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from app.clock import HybridClock, Stamp, wall_clock_ms
from server import db


class ServerClock:
    def __init__(self, engine: Engine) -> None:
        with engine.connect() as conn:
            high = conn.execute(sa.select(sa.func.max(db.changes.c.hlc))).scalar()
        self._clock = HybridClock(f"server{os.getpid()}", last=Stamp.parse(high) if high else None)
        self._lock = threading.Lock()

    def tick(self) -> Stamp:
        with self._lock:
            return self._clock.tick()

    def observe(self, stamp: Stamp) -> None:
        with self._lock:
            self._clock.observe(stamp)

    def now_ms(self) -> int:
        return wall_clock_ms()
