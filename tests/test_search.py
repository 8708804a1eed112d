"""Search as a grid worker types it: 1-, 2-, 3-character Chinese, pinyin, number tails, text."""

from datetime import UTC, datetime, timedelta

import pytest

from app.models import Dispute, DisputeCategory, Household, VolunteerActivity
from app.store import Store
from tests.conftest import GRID, make_household, make_resident, make_visit, valid_id_number

OTHER_GRID = "152500101002"


@pytest.fixture
def village(store: Store) -> Store:
    wang = store.save(make_household(head_name="王芳", address="巴彦嘎查3组12号", phone="13947912345"))
    store.save(make_resident(wang, name="王芳", id_number=valid_id_number(male=False)))
    store.save(make_resident(wang, name="王芳华", gender="male"))
    store.save(make_resident(wang, name="李芳", gender="female"))
    bater = store.save(
        make_household(head_name="巴特尔·额尔敦", address="查干淖尔嘎查1组5号", phone="0479-8212345")
    )
    store.save(make_resident(bater, name="ᠪᠠᠲᠦ", gender="male"))
    store.save(make_resident(bater, name="Anna Petrova", gender="female"))
    store.save(make_visit(bater, summary="了解孩子上学情况，希望了解助学政策。"))
    store.save(
        Dispute(
            grid=GRID,
            author="w",
            title="草场边界网围栏纠纷",
            category=DisputeCategory.GRASSLAND,
            description="两户因网围栏位置发生争执。",
        )
    )
    start = datetime.now(UTC) - timedelta(days=2)
    store.save(
        VolunteerActivity(
            grid=GRID,
            author="w",
            title="红石榴志愿服务队清雪助行",
            started_at=start,
            ended_at=start + timedelta(hours=2),
        )
    )
    return store


def titles(store: Store, query: str, **options: object) -> list[str]:
    return [hit.title for hit in store.search(query, **options).hits]


def test_one_character_finds_every_name_containing_it(village: Store) -> None:
    assert sorted(titles(village, "芳")) == ["李芳", "王芳", "王芳", "王芳华"]


def test_two_characters(village: Store) -> None:
    assert sorted(titles(village, "王芳")) == ["王芳", "王芳", "王芳华"]
    assert titles(village, "草场") == ["草场边界网围栏纠纷"]


def test_three_characters_must_be_adjacent(village: Store) -> None:
    assert titles(village, "王芳华") == ["王芳华"]
    assert titles(village, "网围栏") == ["草场边界网围栏纠纷"]
    assert titles(village, "王华芳") == []


def test_pinyin_full_and_initials(village: Store) -> None:
    assert "王芳" in titles(village, "wangfang")
    assert "王芳" in titles(village, "wf")
    assert "王芳华" in titles(village, "wfh")
    assert "巴特尔·额尔敦" in titles(village, "bateer")


def test_transliterated_names_with_and_without_the_middle_dot(village: Store) -> None:
    assert titles(village, "巴特尔·额尔敦") == ["巴特尔·额尔敦"]
    assert titles(village, "巴特尔额尔敦") == ["巴特尔·额尔敦"]
    assert titles(village, "额尔敦") == ["巴特尔·额尔敦"]


def test_mongolian_script_and_latin_names(village: Store) -> None:
    assert titles(village, "ᠪᠠᠲᠦ") == ["ᠪᠠᠲᠦ"]
    assert titles(village, "petrova") == ["Anna Petrova"]
    assert titles(village, "ANNA") == ["Anna Petrova"]


def test_last_digits_of_an_id_number_and_phone_numbers(village: Store) -> None:
    tail = valid_id_number(male=False)[-6:]
    assert titles(village, tail) == ["王芳"]
    assert sorted(titles(village, "2345")) == ["巴特尔·额尔敦", "王芳"]
    assert titles(village, "8212345") == ["巴特尔·额尔敦"]
    assert titles(village, "139479") == ["王芳"]


def test_addresses_and_free_text_in_visits_disputes_and_activities(village: Store) -> None:
    assert titles(village, "查干淖尔") == ["巴特尔·额尔敦"]
    assert [h.entity for h in village.search("助学政策").hits] == ["visits"]
    assert [h.entity for h in village.search("网围栏位置").hits] == ["disputes"]
    assert [h.entity for h in village.search("清雪").hits] == ["volunteer_activities"]
    assert [h.entity for h in village.search("巴彦 12").hits] == ["households"]


def test_a_name_match_ranks_above_a_mention_in_text(store: Store) -> None:
    other = store.save(make_household(head_name="赵强", address="巴彦嘎查1组1号"))
    store.save(make_visit(other, summary="与王芳家商量草场租赁事宜"))
    store.save(make_household(head_name="王芳", address="巴彦嘎查2组2号"))
    hits = store.search("王芳").hits
    assert [h.entity for h in hits] == ["households", "visits"]


def test_results_are_paged(store: Store) -> None:
    for n in range(45):
        store.save(make_household(head_name="王芳", address=f"巴彦嘎查{n}号"))
    first = store.search("王芳", limit=20)
    second = store.search("王芳", limit=20, offset=20)
    third = store.search("王芳", limit=20, offset=40)
    assert (first.has_more, second.has_more, third.has_more) == (True, True, False)
    ids = [h.record_id for page in (first, second, third) for h in page.hits]
    assert len(ids) == len(set(ids)) == 45


def test_filters_by_entity_and_grid(village: Store) -> None:
    village.save(make_household(grid=OTHER_GRID, head_name="王芳"))
    assert len(titles(village, "王芳", entities=["households"])) == 2
    assert len(titles(village, "王芳", entities=["households"], grids=[GRID])) == 1
    assert len(titles(village, "王芳", entities=["residents", "households"], grids=[GRID])) == 3
    assert titles(village, "王芳", entities=[]) == []
    assert titles(village, "王芳", grids=["152500199999"]) == []


def test_edits_and_tombstones_update_the_index(store: Store) -> None:
    household = store.save(make_household(head_name="王芳"))
    household.head_name = "其其格"
    store.save(household)
    assert titles(store, "王芳") == []
    assert titles(store, "其其格") == ["其其格"]
    store.delete(Household, household.id)
    assert titles(store, "其其格") == []


@pytest.mark.parametrize(
    "query", ['"', "王芳 OR", "NEAR(", "*", "a:b", "'; DROP TABLE households; --", "   ", "(("]
)
def test_fts_syntax_in_a_query_is_just_text(village: Store, query: str) -> None:
    village.search(query)
    assert village.count(Household) == 2
