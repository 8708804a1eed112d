"""Store.add_all: many new records written as ``save`` writes one — guarded, scope-checked, stamped,
logged and queued for search — or none of them."""

from __future__ import annotations

import json

import pytest
import sqlcipher3

from app.errors import OutsideThisLaptop
from app.models import Grid, GridLevel, Household, Volunteer
from app.store import Store
from app.store.store import ADD_CHUNK
from tests.conftest import GRID, make_household


def _creation_log(store: Store, record_id: object) -> list[tuple[str, dict[str, object], str]]:
    rows = store.db.execute(
        "SELECT field, value, device FROM change_log WHERE record_id = ?", [str(record_id)]
    ).fetchall()
    return [(field, json.loads(value), device) for field, value, device in rows]


def test_new_records_are_stored_logged_and_queued_like_saved_ones(store: Store) -> None:
    records = [make_household(address=f"巴彦嘎查1组{n}号") for n in range(ADD_CHUNK + 5)]
    assert store.add_all(records) == ADD_CHUNK + 5
    saved = store.save(make_household())
    [(field, value, device)] = _creation_log(store, records[7].id)
    [(_, value_saved, _)] = _creation_log(store, saved.id)
    assert (field, device) == ("*", store.device_id)
    assert set(value) == set(value_saved) and value["address"] == "巴彦嘎查1组7号"
    assert store.get(Household, records[7].id).address == "巴彦嘎查1组7号"
    stamps = [
        json.loads(row[0])["*"]
        for row in store.db.execute("SELECT clocks FROM households ORDER BY rowid").fetchall()
    ]
    assert len(set(stamps)) == len(stamps) and stamps == sorted(stamps)  # one tick each, in order
    queued = store.db.execute("SELECT count(*) FROM search_pending WHERE entity = 'households'").fetchone()
    assert queued[0] == ADD_CHUNK + 6


def test_an_id_already_stored_fails_the_whole_call(store: Store) -> None:
    existing = store.save(make_household())
    fresh = [make_household(address=f"巴彦嘎查2组{n}号") for n in range(3)]
    with pytest.raises(sqlcipher3.IntegrityError):
        store.add_all([*fresh, existing.model_copy(update={"address": "改过的地址"})])
    assert store.count(Household) == 1 and store.get(Household, existing.id).address == existing.address
    assert store.db.execute("SELECT count(*) FROM change_log").fetchone()[0] == 2  # the grid, the household


def test_the_guard_and_the_laptops_grids_apply_to_every_record(store: Store) -> None:
    store.save(
        Grid(grid="152500101002", code="152500101002", name="乌兰嘎查", level=GridLevel.VILLAGE, author="a")
    )
    seen: list[str] = []

    def guard(record: Volunteer, existing: object) -> Volunteer:
        assert existing is None
        seen.append(record.name)
        return record

    store.guard = guard
    store.add_all([Volunteer(grid=GRID, author="w", name=name) for name in ("王芳", "李强")])
    assert seen == ["王芳", "李强"]
    store.set_meta("server_grids", json.dumps([GRID]))
    with pytest.raises(OutsideThisLaptop):
        store.add_all(
            [
                Volunteer(grid=GRID, author="w", name="张敏"),
                Volunteer(grid="152500101002", author="w", name="刘军"),
            ]
        )
    assert store.count(Volunteer) == 2
