import pytest

from app.demo.seed import seed
from app.errors import StoreError
from app.models import (
    ActivityKind,
    Deliberation,
    Dispute,
    Household,
    Participation,
    Resident,
    Visit,
    Volunteer,
    VolunteerActivity,
)
from app.services.volunteering import hours_of
from app.store import Store
from app.validation import parse_id_number


@pytest.fixture
def demo(db_path, key) -> Store:
    with Store.open(db_path, key) as store:
        seed(store, households=300, seed=7)
        yield store


def test_demo_data_has_every_kind_of_record(demo: Store) -> None:
    assert demo.count(Household) == 300
    assert 700 < demo.count(Resident) < 1100
    assert demo.count(Visit) > 300
    assert demo.count(Dispute) >= 1
    assert demo.count(VolunteerActivity) >= 1


def test_demo_activities_have_types_and_head_counts(demo: Store) -> None:
    """Every activity has a type and its 人次 counts at least the registered volunteers who took
    part; the demo shows more than one type on the dashboard."""
    activities = demo.find(VolunteerActivity)
    kinds = {a.kind for a in activities}
    assert len(kinds) >= 3 and kinds - {ActivityKind.OTHER}
    for activity in activities:
        registered = demo.count(Participation, "activity_id = ?", [str(activity.id)])
        assert activity.participant_count >= registered + 5
        assert 3 <= activity.beneficiary_count <= activity.participant_count


def test_demo_has_meetings_and_a_volunteer_who_stopped_serving(demo: Store) -> None:
    """A few 晚议 / 议事 meetings, each counting everyone it lists; one inactive volunteer whose
    hours are still theirs; activities naming households of their own village they served."""
    meetings = demo.find(Deliberation)
    assert len(meetings) >= 4
    for meeting in meetings:
        assert meeting.attendee_count >= len(meeting.attendee_names) + len(meeting.attendee_resident_ids)
        assert meeting.topics and meeting.decisions
    [retired] = demo.find(Volunteer, "active = 0")
    assert hours_of(demo, retired) > 0
    served = [a for a in demo.find(VolunteerActivity) if a.households_served]
    assert served and all(demo.get(Household, h).grid == a.grid for a in served for h in a.households_served)


def test_demo_people_have_valid_ids_and_names_in_three_scripts(demo: Store) -> None:
    residents = demo.find(Resident)
    for resident in residents:
        if resident.id_number:
            assert parse_id_number(resident.id_number).birth_date == resident.birth_date
    names = [r.name for r in residents]
    assert any("\u1800" <= ch <= "\u18af" for name in names for ch in name)
    assert any("·" in name for name in names)
    assert any(name.isascii() for name in names)


def test_demo_data_never_enters_the_change_log(demo: Store) -> None:
    assert demo.pending_changes() == 0


def test_demo_data_is_searchable(demo: Store) -> None:
    assert demo.search("嘎查").hits
    assert demo.search("红石榴").hits


def test_seeding_is_refused_when_the_database_has_data(demo: Store) -> None:
    with pytest.raises(StoreError) as caught:
        seed(demo, households=1)
    assert "空数据库" in caught.value.zh


def test_same_seed_same_data(tmp_path, key) -> None:
    names = []
    for run in range(2):
        with Store.open(tmp_path / f"{run}.db", key) as store:
            seed(store, households=20, seed=3)
            names.append(sorted(r.name for r in store.find(Resident)))
    assert names[0] == names[1]
