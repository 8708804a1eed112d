"""Two laptops working offline on the same volunteers: each registers the same resident, and each
adds one volunteer to the same activity. A sync keeps both of each (neither laptop's work is
dropped unseen); afterwards both twins stay editable, and a worker on one laptop repairs them —
the other registration merged in, the extra participation withdrawn — and the other laptop agrees,
with every hour still counted once."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.models import Gender, Household, Participation, Resident, Volunteer, VolunteerActivity
from app.services.volunteering import (
    from_resident,
    hours_of,
    merge_volunteers,
    participations_of,
    record_activity,
    register_volunteer,
    twins_of,
)
from app.store import Store
from sync.engine import SyncEngine
from tests.conftest import valid_id_number
from tests.sync.conftest import FreshGrid, device

START = datetime(2026, 3, 10, 1, tzinfo=UTC)


def _both(a: SyncEngine, b: SyncEngine) -> None:
    for _ in range(2):
        a.sync()
        b.sync()


def _took_part(activity: VolunteerActivity, volunteer: Volunteer, hours: float) -> Participation:
    return Participation(
        grid=activity.grid, author="w", activity_id=activity.id, volunteer_id=volunteer.id, hours=hours
    )


def _hours(laptop: Store, volunteer: Volunteer) -> float:
    return hours_of(laptop, laptop.get(Volunteer, volunteer.id))


def test_twins_two_laptops_made_offline_stay_editable_and_one_laptops_repair_reaches_the_other(
    tmp_path: Path, fresh_grid: FreshGrid
) -> None:
    a, sync_a = device(tmp_path, "a", fresh_grid.base, fresh_grid.codes[0])
    b, sync_b = device(tmp_path, "b", fresh_grid.base, fresh_grid.codes[1])
    grid = fresh_grid.grid
    household = a.save(Household(grid=grid, author="w", address="1组", head_name="其其格"))
    resident = a.save(
        Resident(
            grid=grid,
            author="w",
            household_id=household.id,
            name="其其格",
            gender=Gender.FEMALE,
            id_number=valid_id_number(date(1990, 5, 5), male=False),
        )
    )
    batu = register_volunteer(a, Volunteer(grid=grid, author="w", name="巴特尔"))
    planting = VolunteerActivity(
        grid=grid, author="w", title="植树", started_at=START, ended_at=START + timedelta(hours=3)
    )
    record_activity(a, planting)
    _both(sync_a, sync_b)

    # Offline, each laptop registers her and adds 巴特尔 to the planting.
    here = register_volunteer(a, from_resident(resident, team_id=None, author="w"))
    there = register_volunteer(b, from_resident(b.get(Resident, resident.id), team_id=None, author="w2"))
    mine = _took_part(planting, batu, 3)
    theirs = _took_part(planting, b.get(Volunteer, batu.id), 2.5)
    record_activity(a, a.get(VolunteerActivity, planting.id), [mine, _took_part(planting, here, 2)])
    record_activity(b, b.get(VolunteerActivity, planting.id), [theirs])
    _both(sync_a, sync_b)

    for laptop in (a, b):
        assert {t.id for t in twins_of(laptop, laptop.get(Volunteer, here.id))} == {there.id}
        assert len(participations_of(laptop, planting)) == 3
    # Each laptop edits its own twin, and the other laptop's planting row can be re-saved as it is.
    register_volunteer(a, a.get(Volunteer, here.id).model_copy(update={"phone": "13947912345"}))
    register_volunteer(b, b.get(Volunteer, there.id).model_copy(update={"team_id": None, "name": "其其格娃"}))
    record_activity(b, b.get(VolunteerActivity, planting.id), participations_of(b, planting))
    _both(sync_a, sync_b)

    # On laptop a, a worker merges the registrations and withdraws the extra planting row.
    merge_volunteers(a, a.get(Volunteer, here.id), a.get(Volunteer, there.id))
    record_activity(a, a.get(VolunteerActivity, planting.id), withdrawn=[a.get(Participation, theirs.id)])
    _both(sync_a, sync_b)

    for laptop in (a, b):
        assert [v.id for v in laptop.find(Volunteer, "resident_id = ?", [str(resident.id)])] == [here.id]
        assert laptop.get(Volunteer, here.id).phone == "13947912345"
        assert sorted((p.volunteer_id, p.hours) for p in participations_of(laptop, planting)) == sorted(
            [(batu.id, 3.0), (here.id, 2.0)]
        )
        assert (_hours(laptop, batu), _hours(laptop, here)) == (3, 2)
