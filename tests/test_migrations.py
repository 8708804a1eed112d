"""A database made by schema version 1 upgrades in place, with a backup taken first."""

import shutil
from pathlib import Path

import pytest

from app.errors import NewerSchema
from app.models import Household, Resident, Visit
from app.store import Store
from app.store.connection import open_database
from app.store.migrations import LATEST, migrate, schema_version

FIXTURES = Path(__file__).parent / "fixtures"
V1_KEY = bytes.fromhex((FIXTURES / "schema_v1.key").read_text().strip())


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "field-laptop.db"
    shutil.copy(FIXTURES / "schema_v1.db", target)
    return target


def test_version_1_database_upgrades_and_keeps_every_record(v1_copy: Path) -> None:
    with Store.open(v1_copy, V1_KEY) as store:
        assert schema_version(store.db) == LATEST
        household = store.find(Household)[0]
        assert household.head_name == "其其格"
        assert household.tags[0].zh == "独居老人"
        resident = store.find(Resident)[0]
        assert resident.id_number == "152522195103081249"
        assert store.find(Visit)[0].summary.startswith("为独居老人测量血压")
        # 29 stored, and the care membership v12 made of the 独居老人 tag
        assert store.pending_changes() == 30
        assert store.integrity_check() == "ok"


def test_upgrade_builds_the_search_index_from_old_records(v1_copy: Path) -> None:
    with Store.open(v1_copy, V1_KEY) as store:
        assert {hit.entity for hit in store.search("其其格").hits} == {"households", "residents"}
        assert [hit.entity for hit in store.search("qqg").hits]
        assert [hit.entity for hit in store.search("1249").hits] == ["residents"]
        assert [hit.entity for hit in store.search("血压").hits] == ["visits"]


def test_upgrade_takes_a_backup_that_still_opens_as_version_1(v1_copy: Path) -> None:
    Store.open(v1_copy, V1_KEY).close()
    backups = list(v1_copy.parent.glob("field-laptop.db.v1-*.bak"))
    assert len(backups) == 1
    db = open_database(backups[0], V1_KEY)
    assert schema_version(db) == 1
    assert db.execute("SELECT head_name FROM households").fetchone()[0] == "其其格"
    db.close()


def test_upgraded_database_keeps_working(v1_copy: Path) -> None:
    with Store.open(v1_copy, V1_KEY) as store:
        household = store.find(Household)[0]
        household.phone = "0479-8212345"
        store.save(household)
    with Store.open(v1_copy, V1_KEY) as store:
        assert store.find(Household)[0].phone == "0479-8212345"
        assert [hit.title for hit in store.search("8212345").hits] == ["其其格"]


def test_new_database_starts_at_the_latest_version_without_a_backup(tmp_path: Path, key: bytes) -> None:
    with Store.open(tmp_path / "new.db", key) as store:
        assert schema_version(store.db) == LATEST
    assert not list(tmp_path.glob("*.bak"))


def test_a_database_from_a_newer_release_is_refused(db_path: Path, key: bytes) -> None:
    Store.open(db_path, key).close()
    db = open_database(db_path, key)
    db.execute(f"PRAGMA user_version = {LATEST + 1}")
    with pytest.raises(NewerSchema) as caught:
        migrate(db, db_path)
    assert "升级" in caught.value.zh
    db.close()


def test_every_column_that_names_another_record_is_indexed(store: Store) -> None:
    """Deleting (archiving) a record makes SQLite look for rows that still name it: without an
    index on the naming column that is a read of the whole table per record deleted."""
    unindexed = []
    for (table,) in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        leading = {
            store.db.execute(f"PRAGMA index_info('{index[1]}')").fetchone()[2]
            for index in store.db.execute(f"PRAGMA index_list('{table}')").fetchall()
        }
        primary = [row[1] for row in store.db.execute(f"PRAGMA table_info('{table}')") if row[5] == 1]
        for reference in store.db.execute(f"PRAGMA foreign_key_list('{table}')").fetchall():
            column = reference[3]
            if column not in leading and primary[:1] != [column]:
                unindexed.append(f"{table}.{column}")
    assert not unindexed
