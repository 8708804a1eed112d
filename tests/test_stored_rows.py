"""Stored rows load as stored: today's input rules run on input, never on load, in indexing or in
an upgrade. A record that sync merged into breaking a rule stays readable and is flagged.

Failed before: every load validated the row against today's rules and today's date, so one such
row made ``get``, every search and every list raise, and stopped an upgrade."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.clock import Stamp, wall_clock_ms
from app.models import Gender, Resident, Visit
from app.services.lists import page
from app.services.session import default_session
from app.store import Store
from app.store.connection import open_database
from app.store.listing import ListFilter
from sync import apply, pages, waiting
from tests.conftest import GRID, make_household, make_resident, make_visit

FIXTURES = Path(__file__).parent / "fixtures"
V1_KEY = bytes.fromhex((FIXTURES / "schema_v1.key").read_text().strip())


def _pulled(store: Store, record: object, field: str, value: object, *, entity: str) -> None:
    """A change from another laptop, as a pull delivers it after this laptop pushed its own."""
    with store.transaction():
        store.set_meta("acked_seq", str(store.db.execute("SELECT max(seq) FROM change_log").fetchone()[0]))
    stamp = str(Stamp(wall_clock_ms() + 1_000, 0, "otherlaptop"))
    change = apply.RemoteChange(entity, str(record), GRID, field, value, stamp)
    pages.apply_page(store, [change], 1, stamp)


def test_a_merge_that_breaks_a_cross_field_rule_stays_readable_and_is_flagged(store: Store) -> None:
    household = store.save(make_household(head_name="巴特尔"))
    visited = datetime(2026, 11, 20, 3, tzinfo=UTC)
    visit = store.save(make_visit(household, visited_at=visited, follow_up_due=date(2026, 11, 25)))
    _pulled(store, visit.id, "visited_at", "2026-11-28T03:00:00Z", entity="visits")
    loaded = store.get(Visit, visit.id)
    assert loaded.follow_up_due is not None and loaded.follow_up_due < loaded.visited_at.date()
    assert [v.id for v in store.find(Visit)] == [visit.id]
    assert store.search("巴特尔").hits
    listed = page(store, default_session(store), "visits", ListFilter(text="巴特尔"))
    assert [row["id"] for row in listed] == [str(visit.id)]
    [flag] = waiting.flagged(store)
    assert (flag.record_id, flag.reason.code) == (str(visit.id), "follow_up_before_visit")
    assert "回访日期" in flag.reason.zh
    store.save(loaded.model_copy(update={"follow_up_due": date(2026, 12, 5)}))
    assert waiting.flagged(store) == [], "mended by a person's edit"


@pytest.mark.dates
def test_a_birth_date_after_this_laptops_today_still_loads(store: Store) -> None:
    """Another laptop's date was ahead, or this one's clock was set back: the person is still here."""
    household = store.save(make_household())
    resident = store.save(make_resident(household, name="其其格", birth_date=date(2020, 5, 1)))
    tomorrow = (datetime.now().astimezone().date() + timedelta(days=1)).isoformat()
    _pulled(store, resident.id, "birth_date", tomorrow, entity="residents")
    assert store.get(Resident, resident.id).birth_date == date.fromisoformat(tomorrow)
    assert store.search("其其格").hits
    assert waiting.flagged(store) == [], "a date after today is no merge problem: it is for input only"


def test_an_upgrade_keeps_rows_todays_rules_would_refuse(tmp_path: Path) -> None:
    path = tmp_path / "old-laptop.db"
    shutil.copy(FIXTURES / "schema_v1.db", path)
    db = open_database(path, V1_KEY)
    household_id = db.execute("SELECT id FROM households LIMIT 1").fetchone()[0]
    db.execute(
        "INSERT INTO residents (id, grid, author, created_at, updated_at, deleted, clocks, household_id,"
        " name, gender, birth_date, id_number, notes) VALUES (?, ?, 'w', ?, ?, 0, '{}', ?, ?, ?, ?, ?, ?)",
        [
            "5b9b3b8e-1c1e-4b7a-9a55-3d5e2f0c0a01",
            GRID,
            "2024-03-01T00:00:00+00:00",
            "2024-03-01T00:00:00+00:00",
            household_id,
            "乌力吉\t",
            Gender.MALE.value,
            "2099-01-01",
            "152522195103081240",
            "备注\u0007",
        ],
    )
    db.close()
    with Store.open(path, V1_KEY) as store:
        odd = store.get(Resident, "5b9b3b8e-1c1e-4b7a-9a55-3d5e2f0c0a01")
        assert odd.id_number == "152522195103081240" and odd.birth_date == date(2099, 1, 1)
        assert {hit.record_id for hit in store.search("乌力吉").hits} == {str(odd.id)}
        assert store.integrity_check() == "ok"
