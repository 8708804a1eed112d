"""Laptop clocks set days wrong neither reorder changes nor let one laptop win every merge.

A server of each test's own (``server``): the verdicts turn on the server's clock being the wall
clock, and a shared server's clock is moved by every device it serves (a laptop four minutes fast
in another test moves it four minutes ahead)."""

from __future__ import annotations

import time
from pathlib import Path

from app.models import Household
from app.store import Store, new_key
from sync.engine import SyncEngine
from tests.conftest import make_household
from tests.sync.conftest import snapshot

DAY_MS = 86_400_000


def _laptop(tmp_path: Path, name: str, base: str, code: str, shift_days: int) -> tuple[Store, SyncEngine]:
    store = Store.open(
        tmp_path / f"{name}.db", new_key(), now_ms=lambda: time.time_ns() // 1_000_000 + shift_days * DAY_MS
    )
    engine = SyncEngine(store)
    engine.enroll(base, code, name)
    return store, engine


def _edit_phone(store: Store, household_id: object, phone: str) -> None:
    record = store.get(Household, household_id)
    record.phone = phone
    store.save(record)


def test_a_clock_days_ahead_does_not_win_over_a_later_edit(tmp_path: Path, server) -> None:
    base, codes = server
    ahead, sync_ahead = _laptop(tmp_path, "ahead", base, codes[0], +3)
    right, sync_right = _laptop(tmp_path, "right", base, codes[1], 0)
    household = ahead.save(make_household())
    sync_ahead.sync()
    sync_right.sync()
    _edit_phone(ahead, household.id, "13900000001")
    sync_ahead.sync()  # re-stamped by the server to its own time
    time.sleep(0.05)
    _edit_phone(right, household.id, "13900000002")  # later in real time, made without seeing the first
    sync_right.sync()
    sync_ahead.sync()
    assert {s.get(Household, household.id).phone for s in (ahead, right)} == {"13900000002"}
    assert snapshot(ahead) == snapshot(right)


def test_a_clock_days_behind_still_orders_after_what_it_has_seen(tmp_path: Path, server) -> None:
    base, codes = server
    right, sync_right = _laptop(tmp_path, "right", base, codes[0], 0)
    behind, sync_behind = _laptop(tmp_path, "behind", base, codes[1], -3)
    household = right.save(make_household())
    _edit_phone(right, household.id, "13900000001")
    sync_right.sync()
    sync_behind.sync()  # sees the edit: its clock moves past it, whatever its wall clock says
    _edit_phone(behind, household.id, "13900000002")
    sync_behind.sync()
    sync_right.sync()
    assert {s.get(Household, household.id).phone for s in (right, behind)} == {"13900000002"}
    assert snapshot(right) == snapshot(behind)
