"""Every released schema version upgrades to today's with every row kept as it was stored.

The fixtures (tests/fixtures/schema_v<N>.db) were made by the code of the release that had each
version (make_schema_fixtures.py), and hold rows today's input rules refuse: those open, load and
are found by search after the upgrade, unchanged.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from app.models import BY_ENTITY, Household, Resident, Visit
from app.store import Store
from app.store.connection import open_database
from app.store.migrations import LATEST, backup_before_upgrade, schema_version, upgrade_backups

FIXTURES = Path(__file__).parent / "fixtures"
KEY = bytes.fromhex((FIXTURES / "schema_v1.key").read_text().strip())
RELEASED = sorted(int(path.stem.removeprefix("schema_v")) for path in FIXTURES.glob("schema_v*.db"))
CARRIED = {"001764374400000-1000001-fixturedevice": "001764374400001-000001-fixturedevice"}
REFUSED_TODAY = {
    "resident": "6f1c2c53-6d8a-4d55-9d39-7e0b0c9a0021",
    "visit": "6f1c2c53-6d8a-4d55-9d39-7e0b0c9a0041",
    "household": "6f1c2c53-6d8a-4d55-9d39-7e0b0c9a0011",
}
DERIVED_TABLES = ("search_", "sqlite_")


def _tables(db: Any) -> list[str]:
    names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    return [name for (name,) in names if not name.startswith(DERIVED_TABLES)]


def _rows(db: Any, table: str, columns: list[str] | None = None) -> list[tuple[Any, ...]]:
    selected = ", ".join(columns) if columns else "*"
    return sorted(db.execute(f"SELECT {selected} FROM {table}").fetchall(), key=repr)


def _columns(db: Any, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()]


def _as_upgraded(table: str, row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row as the upgrade must leave it: only stamps with a seven-digit counter are rewritten."""
    if table in ("change_log", "meta"):
        return tuple(CARRIED.get(value, value) if isinstance(value, str) else value for value in row)
    return row


@pytest.fixture(params=RELEASED, ids=[f"v{n}" for n in RELEASED])
def old_laptop(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[int, Path]:
    target = tmp_path / "tongxin.db"
    shutil.copy(FIXTURES / f"schema_v{request.param}.db", target)
    return request.param, target


def test_every_version_before_this_one_has_its_fixture() -> None:
    """A new step starts by adding the fixture of the version it builds on (make_schema_fixtures)."""
    assert list(range(1, LATEST)) == RELEASED


def test_every_released_version_upgrades_with_every_row_unchanged(old_laptop: tuple[int, Path]) -> None:
    version, path = old_laptop
    before = open_database(path, KEY)
    assert schema_version(before) == version
    stored = {table: (_columns(before, table), _rows(before, table)) for table in _tables(before)}
    before.close()

    with Store.open(path, KEY) as store:
        assert schema_version(store.db) == LATEST
        assert store.integrity_check() == "ok"
        for table, (columns, rows) in stored.items():
            upgraded = _rows(store.db, table, columns)
            expected = sorted((_as_upgraded(table, row) for row in rows), key=repr)
            if table == "meta":
                assert set(expected) <= set(upgraded), table
            else:
                assert upgraded == expected, table
            if table in BY_ENTITY:
                for (record_id,) in store.db.execute(f"SELECT id FROM {table}").fetchall():
                    assert str(store.get(BY_ENTITY[table], record_id).id) == record_id


def test_rows_todays_rules_refuse_open_and_are_found(old_laptop: tuple[int, Path]) -> None:
    version, path = old_laptop
    with Store.open(path, KEY) as store:
        if version == 1:
            assert [hit.entity for hit in store.search("1249").hits] == ["residents"]
            return
        resident = store.get(Resident, REFUSED_TODAY["resident"])
        assert resident.id_number == "152522195103081240"
        assert str(resident.birth_date) == "2999-01-01"
        visit = store.get(Visit, REFUSED_TODAY["visit"])
        assert visit.visited_at.year == 2999
        assert str(visit.follow_up_due) == "2999-05-01"
        assert store.get(Household, REFUSED_TODAY["household"]).notes == "门牌\x01脱落"
        assert {hit.entity for hit in store.search("巴特尔").hits} >= {"households", "residents"}
        assert REFUSED_TODAY["resident"] in {hit.record_id for hit in store.search("1240").hits}


def test_an_upgraded_laptop_keeps_only_the_last_two_upgrade_backups(tmp_path: Path) -> None:
    path = tmp_path / "tongxin.db"
    shutil.copy(FIXTURES / "schema_v9.db", path)
    for day in (1, 2, 3):
        backup_before_upgrade(path, 9, now=datetime(2026, 11, day, tzinfo=UTC))
    Store.open(path, KEY).close()
    kept = upgrade_backups(path)
    assert len(kept) == 2
    assert kept[0].name == "tongxin.db.v9-20261103T000000Z.bak"
    assert schema_version(open_database(kept[-1], KEY)) == 9


def test_a_change_of_search_terms_rebuilds_the_index_on_the_next_start(tmp_path: Path) -> None:
    path = tmp_path / "tongxin.db"
    shutil.copy(FIXTURES / f"schema_v{RELEASED[-1]}.db", path)
    Store.open(path, KEY).close()
    db = open_database(path, KEY)
    db.execute("DELETE FROM search_fts")
    db.execute("UPDATE meta SET value = 'older' WHERE key = 'derived.search_index'")
    db.close()
    with Store.open(path, KEY) as store:
        assert [hit.entity for hit in store.search("血压").hits] == ["visits"]
