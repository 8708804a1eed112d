"""Households' tags from schema v11 move onto residents at v12, and every tag is accounted for.

tests/fixtures/tagged_households_v11.db was made by the v11 release (make_tagged_households_v11.py):
tagged households in every shape the placing rules must meet.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.models import CareGroup, CareMembership, Household, Residence, Resident
from app.services import care
from app.store import Store
from app.store.connection import open_database

pytestmark = pytest.mark.dates

FIXTURES = Path(__file__).parent / "fixtures"
KEY = bytes.fromhex((FIXTURES / "schema_v1.key").read_text().strip())


def _id(n: int) -> str:
    return f"7a2d3c64-7e9b-4e66-8e4a-8f1c1d0b{n:04d}"


def _tags_before(path: Path) -> set[tuple[str, str]]:
    db = open_database(path, KEY)
    rows = db.execute("SELECT id, tags FROM households").fetchall()
    db.close()
    return {(household, tag) for household, tags in rows for tag in json.loads(tags)}


@pytest.fixture
def upgraded(tmp_path: Path) -> Iterator[Store]:
    target = tmp_path / "tongxin.db"
    shutil.copy(FIXTURES / "tagged_households_v11.db", target)
    with Store.open(target, KEY) as store:
        yield store


def _placed(store: Store) -> dict[tuple[str, str], list[tuple[str | None, str, int]]]:
    moves: dict[tuple[str, str], list[tuple[str | None, str, int]]] = {}
    for household, tag, resident, placed, check in store.db.execute("SELECT * FROM tag_moves").fetchall():
        moves.setdefault((household, tag), []).append((resident, placed, check))
    return moves


def test_every_tag_of_every_household_is_accounted_for(upgraded: Store) -> None:
    moves = _placed(upgraded)
    assert set(moves) == _tags_before(FIXTURES / "tagged_households_v11.db")
    # the tags themselves stay on the households: nothing is lost
    assert upgraded.get(Household, _id(4)).tags == ["low_income", "veteran", "disabled"]


def _groups(store: Store, household: int) -> set[tuple[str | None, CareGroup, bool]]:
    return {
        (str(m.resident_id) if m.resident_id else None, m.care_group, m.needs_check)
        for m in store.find(CareMembership, "household_id = ?", [_id(household)])
    }


def test_a_tag_goes_to_the_one_resident_it_can_mean(upgraded: Store) -> None:
    assert _groups(upgraded, 1) == {(_id(101), CareGroup.ELDERLY_ALONE, False)}
    # the only elderly member of the household
    assert _groups(upgraded, 2) == {(_id(201), CareGroup.ELDERLY_ALONE, False)}
    # low income is granted to the household, kept on its head
    assert (_id(401), CareGroup.LOW_INCOME, False) in _groups(upgraded, 4)
    # each child under 16 is the left-behind child
    assert _groups(upgraded, 5) == {
        (_id(502), CareGroup.LEFT_BEHIND_CHILD, False),
        (_id(503), CareGroup.LEFT_BEHIND_CHILD, False),
    }


def test_where_it_cannot_tell_the_head_carries_it_for_a_person_to_check(upgraded: Store) -> None:
    # two elderly residents: on the head, once although the tag was listed twice
    assert _groups(upgraded, 3) == {(_id(301), CareGroup.ELDERLY_ALONE, True)}
    assert _groups(upgraded, 4) >= {(_id(401), CareGroup.VETERAN, True), (_id(401), CareGroup.DISABLED, True)}
    # nobody of the head's name, nobody at all: the household carries it, to check
    assert _groups(upgraded, 8) == {(None, CareGroup.DISABLED, True)}
    assert _groups(upgraded, 7) == {(None, CareGroup.FLOATING, True), (None, CareGroup.OTHER, True)}
    to_check = upgraded.count(CareMembership, "needs_check = 1")
    assert (
        to_check == upgraded.db.execute("SELECT count(*) FROM tag_moves WHERE needs_check = 1").fetchone()[0]
    )


def test_a_floating_household_makes_its_residents_floating(upgraded: Store) -> None:
    for resident in (601, 602):
        assert upgraded.get(Resident, _id(resident)).residence is Residence.FLOATING
    assert upgraded.get(Resident, _id(101)).residence is Residence.LIVING_HERE


def test_a_deleted_household_gets_nothing_new_but_its_tag_is_listed(upgraded: Store) -> None:
    assert _groups(upgraded, 9) == set()
    assert _placed(upgraded)[(_id(9), "elderly_alone")] == [(None, "household_deleted", 0)]


def test_what_the_upgrade_made_syncs_like_any_change(upgraded: Store) -> None:
    logged = upgraded.db.execute(
        "SELECT entity, field, count(*) FROM change_log WHERE seq > (SELECT max(seq) - 100 FROM change_log) "
        "AND entity IN ('care_memberships', 'residents') AND field != '*' OR entity = 'care_memberships' "
        "GROUP BY entity, field"
    ).fetchall()
    assert ("care_memberships", "*", upgraded.count(CareMembership)) in logged
    assert ("residents", "residence", 2) in logged
    stamps = {s for (s,) in upgraded.db.execute("SELECT DISTINCT hlc FROM change_log").fetchall()}
    assert upgraded.meta("hlc") == max(stamps)
    # the clock moves on from the upgrade's stamp
    resident = upgraded.get(Resident, _id(101))
    upgraded.save(resident.model_copy(update={"notes": "已核实"}))
    assert upgraded.db.execute("SELECT max(hlc) FROM change_log").fetchone()[0] > max(stamps)


def test_two_laptops_upgrading_the_same_households_make_the_same_records(tmp_path: Path) -> None:
    ids = []
    for name in ("a.db", "b.db"):
        shutil.copy(FIXTURES / "tagged_households_v11.db", tmp_path / name)
        with Store.open(tmp_path / name, KEY) as store:
            ids.append(sorted(str(m.id) for m in store.find(CareMembership)))
    assert ids[0] == ids[1] and ids[0]


def test_a_person_checks_what_the_upgrade_could_not_place(upgraded: Store) -> None:
    """Household 8 carried 残疾人 for want of a person; 乌云 of household 3 carries 独居老人 as its head."""
    head = upgraded.get(Resident, _id(301))
    care.set_groups(upgraded, head, [CareGroup.ELDERLY_ALONE], today=date(2026, 12, 1), by="worker101")
    assert _groups(upgraded, 3) == {(_id(301), CareGroup.ELDERLY_ALONE, False)}
    assert care.checks_of_household(upgraded, _id(8))
    son = upgraded.get(Resident, _id(802))
    care.set_groups(upgraded, son, [CareGroup.DISABLED], today=date(2026, 12, 1), by="worker101")
    assert care.settle_household_checks(upgraded, _id(8)) == 1
    assert _groups(upgraded, 8) == {(_id(802), CareGroup.DISABLED, False)}
    assert care.checks_of_household(upgraded, _id(8)) == []
