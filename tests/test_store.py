"""Round trips, the change log, tombstones and all-or-nothing writes."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from app.errors import RecordNotFound
from app.models import (
    Dispute,
    DisputeCategory,
    DisputeParty,
    FollowUp,
    Household,
    HouseholdTag,
    MediationMethod,
    MediationSession,
    MediationTrack,
    Need,
    Participation,
    PartyRole,
    Resident,
    Review,
    ReviewDecision,
    Role,
    User,
    Visit,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)
from app.models.ethnicity import Ethnicity
from app.store import Store
from tests.conftest import GRID, make_household, make_resident, make_visit, valid_id_number


def _log(store: Store, record_id: object) -> dict[str, object]:
    """The record's logged values, field by field (a creation carries them all under "*")."""
    rows = store.db.execute(
        "SELECT field, value FROM change_log WHERE record_id = ? ORDER BY seq", [str(record_id)]
    ).fetchall()
    logged: dict[str, object] = {}
    for field, value in rows:
        logged |= json.loads(value) if field == "*" else {field: json.loads(value)}
    return logged


@pytest.mark.dates
def test_every_record_type_round_trips(store: Store) -> None:
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    household = store.save(
        make_household(tags=[HouseholdTag.ELDERLY_ALONE, HouseholdTag.LOW_INCOME], phone="13947912345")
    )
    resident = store.save(
        make_resident(
            household,
            name="巴特尔·额尔敦",
            gender="male",
            birth_date=date(1988, 4, 17),
            id_number=valid_id_number(),
            ethnicity=Ethnicity.MONGOL,
        )
    )
    visit = store.save(
        make_visit(
            household,
            needs=[Need.HEALTH, Need.LEGAL_AID],
            # Due the day of the visit: the earliest a follow-up may be, pinned (an evening visit in
            # UTC is already tomorrow in Hohhot).
            visited_at=datetime(2026, 2, 28, 17, 30, tzinfo=UTC),
            follow_up_due=date(2026, 2, 28),
        )
    )
    dispute = store.save(
        Dispute(grid=GRID, author="w", title="草场边界纠纷", category=DisputeCategory.GRASSLAND)
    )
    team = store.save(VolunteerTeam(grid=GRID, author="w", name="红石榴志愿服务队"))
    volunteer = store.save(
        Volunteer(grid=GRID, author="w", name="乌云", team_id=team.id, resident_id=resident.id)
    )
    activity = store.save(
        VolunteerActivity(
            grid=GRID,
            author="w",
            title="清雪助行",
            team_id=team.id,
            started_at=now,
            ended_at=now + timedelta(hours=2),
        )
    )
    records = [
        household,
        resident,
        visit,
        dispute,
        team,
        volunteer,
        activity,
        store.save(
            DisputeParty(
                grid=GRID,
                author="w",
                dispute_id=dispute.id,
                role=PartyRole.APPLICANT,
                name="王芳",
                resident_id=resident.id,
            )
        ),
        store.save(
            MediationSession(
                grid=GRID,
                author="w",
                dispute_id=dispute.id,
                held_at=now,
                track=MediationTrack.PEOPLES,
                method=MediationMethod.ON_SITE,
                mediators=["张调解"],
            )
        ),
        store.save(FollowUp(grid=GRID, author="w", dispute_id=dispute.id, due_on=date(2026, 12, 31))),
        store.save(
            Participation(
                grid=GRID, author="w", activity_id=activity.id, volunteer_id=volunteer.id, hours=2.5
            )
        ),
        store.save(
            User(
                grid=GRID,
                author="admin",
                username="worker101",
                display_name="王芳",
                role=Role.WORKER,
                grids=[GRID],
            )
        ),
        store.save(
            Review(
                grid=GRID,
                author="s",
                record_entity="visits",
                record_id=visit.id,
                decision=ReviewDecision.RETURNED,
                comment="请补充走访照片",
                reviewer="supervisor1",
            )
        ),
    ]
    for record in records:
        assert store.get(type(record), record.id) == record


def test_a_new_record_logs_every_field_in_one_change_with_this_device(store: Store) -> None:
    household = store.save(make_household(phone="13947912345"))
    [(field, value, device)] = store.db.execute(
        "SELECT field, value, device FROM change_log WHERE record_id = ?", [str(household.id)]
    ).fetchall()
    assert (field, device) == ("*", store.device_id)
    assert set(json.loads(value)) == set(Household.model_fields) - {"id", "updated_at"}
    assert _log(store, household.id)["head_name"] == "王芳"


def test_an_edit_logs_only_the_changed_fields_and_an_unchanged_save_writes_nothing(store: Store) -> None:
    household = store.save(make_household())
    before = store.pending_changes()
    household.phone = "0471-6912345"
    household.tags = [HouseholdTag.VETERAN]
    store.save(household)
    assert store.pending_changes() == before + 2
    store.save(household)
    assert store.pending_changes() == before + 2
    clocks = json.loads(store.db.execute("SELECT clocks FROM households").fetchone()[0])
    assert set(clocks) == {"*", "phone", "tags"}
    assert clocks["phone"] == clocks["tags"] > clocks["*"]
    bases = dict(
        store.db.execute("SELECT field, base_hlc FROM change_log WHERE field IN ('phone', 'tags')").fetchall()
    )
    assert bases == {"phone": clocks["*"], "tags": clocks["*"]}, "an edit records the version it was made on"


def test_created_time_and_author_stay_those_of_the_first_save(store: Store) -> None:
    household = store.save(make_household())
    edited = household.model_copy(update={"author": "someone_else", "address": "巴彦嘎查4组1号"})
    saved = store.save(edited)
    assert saved.author == "worker101"
    assert saved.created_at == household.created_at
    assert saved.updated_at >= household.updated_at


def test_delete_is_a_tombstone_that_syncs(store: Store) -> None:
    household = store.save(make_household())
    store.delete(Household, household.id)
    with pytest.raises(RecordNotFound) as caught:
        store.get(Household, household.id)
    assert "已被删除" in caught.value.zh
    assert store.get(Household, household.id, include_deleted=True).deleted
    assert store.count(Household) == 0
    assert _log(store, household.id)["deleted"] is True


def test_a_failed_write_leaves_nothing_behind(store: Store) -> None:
    household = make_household()
    orphan = make_resident(make_household())  # its household is never saved: the foreign key fails
    before = store.pending_changes()
    with pytest.raises(Exception, match="FOREIGN KEY"), store.transaction():
        store.save(household)
        store.save(orphan)
    assert store.count(Household) == 0
    assert store.pending_changes() == before
    assert store.search("王芳").hits == []


def test_find_filters_orders_and_pages(store: Store) -> None:
    household = store.save(make_household())
    for day in range(5):
        store.save(make_visit(household, visited_at=datetime(2026, 11, 1 + day, 3, tzinfo=UTC)))
    newest = store.find(Visit, order_by="visited_at desc", limit=2)
    assert [v.visited_at.day for v in newest] == [5, 4]
    assert [v.visited_at.day for v in store.find(Visit, order_by="visited_at desc", limit=2, offset=2)] == [
        3,
        2,
    ]
    assert store.count(Visit, "visited_at >= ?", ["2026-11-04"]) == 2


def test_durability_settings(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_the_clock_survives_a_restart_and_a_wall_clock_set_back(db_path, key) -> None:
    with Store.open(db_path, key) as store:
        store.save(make_household())
        last = store.db.execute("SELECT max(hlc) FROM change_log").fetchone()[0]
    days_ago = int((datetime.now(UTC) - timedelta(days=3)).timestamp() * 1000)
    with Store.open(db_path, key, now_ms=lambda: days_ago) as store:
        household = store.find(Household)[0]
        household.address = "巴彦嘎查5组3号"
        store.save(household)
        newest = store.db.execute("SELECT hlc FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert newest > last


def test_residents_resolve_to_their_household(store: Store) -> None:
    household = store.save(make_household())
    store.save(make_resident(household))
    [resident] = store.find(Resident, "household_id = ?", [str(household.id)])
    assert resident.name == "王芳"
