"""Enrolled devices without the laptop's two-store life (``laptops`` has that): a store and its
sync engine enrolled with a code, a store's records for comparing two devices, and the stamps a
device would put on changes it pushes by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.clock import Stamp
from app.store import Store, new_key
from sync.engine import SyncEngine


def device(tmp_path: Path, name: str, base: str, code: str) -> tuple[Store, SyncEngine]:
    """A new encrypted store ``{name}.db`` in ``tmp_path``, enrolled at ``base`` with ``code``."""
    store = Store.open(tmp_path / f"{name}.db", new_key())
    engine = SyncEngine(store)
    engine.enroll(base, code, name)
    return store, engine


def snapshot(store: Store) -> dict[str, list[dict[str, object]]]:
    """The households, residents, visits and disputes as rows, without what each device keeps for
    itself (its save time, clocks): equal on two devices that have converged."""
    tables = ("households", "residents", "visits", "disputes")
    return {
        table: [
            {k: v for k, v in row.items() if k not in ("updated_at", "clocks")}
            for row in store.db[table].rows_where(order_by="id")
        ]
        for table in tables
    }


class DeviceClock:
    """A device's stamps for tests: wall time now (or shifted), counter rising."""

    def __init__(self, device: str, *, shift_ms: int = 0) -> None:
        self.device, self.shift_ms, self.counter = device, shift_ms, 0

    def __call__(self) -> str:
        self.counter += 1
        wall = int(datetime.now(UTC).timestamp() * 1000) + self.shift_ms
        return str(Stamp(wall, self.counter, self.device))
