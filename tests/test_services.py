from datetime import UTC, datetime, timedelta

import pytest

from app.errors import InvalidValue, RecordNotFound
from app.models import Household, Resident, Visit
from app.services.registry import register_household, residents_of
from app.services.visits import record_visit, visits_of
from app.store import Store
from tests.conftest import make_household, make_resident, make_visit


def test_worker_records_a_visit_for_a_household(store: Store) -> None:
    household = store.save(make_household())
    visit = record_visit(store, make_visit(household, summary="为独居老人测量血压"))
    assert visits_of(store, household) == [visit]
    assert store.search("测量血压").hits[0].record_id == str(visit.id)


def test_a_visit_dated_tomorrow_is_refused_and_nothing_is_saved(store: Store) -> None:
    household = store.save(make_household())
    now = datetime.now(UTC)
    with pytest.raises(InvalidValue) as caught:
        record_visit(store, make_visit(household, visited_at=now + timedelta(days=1)), now=now)
    assert caught.value.code == "time_future"
    assert store.count(Visit) == 0


def test_a_visit_to_an_unknown_household_is_refused(store: Store) -> None:
    with pytest.raises(RecordNotFound):
        record_visit(store, make_visit(make_household()))


def test_a_visit_takes_the_grid_of_its_household(store: Store) -> None:
    household = store.save(make_household(grid="152500101002"))
    visit = record_visit(store, make_visit(household, grid="152500101001"))
    assert visit.grid == "152500101002"


def test_household_and_residents_are_saved_together(store: Store) -> None:
    household = make_household()
    people = [make_resident(household, name="王芳"), make_resident(household, name="李强", gender="male")]
    register_household(store, household, people)
    assert [r.name for r in residents_of(store, household)] == ["王芳", "李强"]


def test_a_resident_of_another_household_stops_the_whole_registration(store: Store) -> None:
    household = make_household()
    stranger = make_resident(make_household(), name="赵强", gender="male")
    with pytest.raises(InvalidValue) as caught:
        register_household(store, household, [make_resident(household), stranger])
    assert "赵强" in caught.value.zh
    assert store.count(Household) == 0 and store.count(Resident) == 0
