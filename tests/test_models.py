"""The models refuse what a grid worker must not be able to save, each with its message."""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest
from pydantic import ValidationError

from app.errors import InvalidValue
from app.models import (
    Ethnicity,
    Gender,
    Grid,
    GridLevel,
    HouseholdTag,
    Need,
    Participation,
    VisitType,
    VolunteerActivity,
)
from tests.conftest import GRID, make_household, make_resident, make_visit, valid_id_number


def _cause(error: ValidationError) -> InvalidValue:
    cause = error.errors()[0]["ctx"]["error"]
    assert isinstance(cause, InvalidValue)
    return cause


def test_records_get_a_device_made_uuid_times_and_no_tombstone() -> None:
    household = make_household()
    assert isinstance(household.id, UUID) and household.id.version == 4
    assert household.created_at.tzinfo is not None
    assert household.deleted is False


def test_enums_carry_chinese_and_english_labels() -> None:
    assert HouseholdTag.LEFT_BEHIND_CHILDREN.label("zh") == "留守儿童"
    assert HouseholdTag.LEFT_BEHIND_CHILDREN.label("en") == "Left-behind children"
    assert VisitType.HOME_SERVICE.zh == "上门办"
    assert Need.LEGAL_AID.en == "Legal aid"


def test_the_56_ethnic_groups_and_other() -> None:
    groups = [e for e in Ethnicity if e is not Ethnicity.OTHER]
    assert len(groups) == 56
    assert len({e.zh for e in groups}) == 56
    assert [e.value for e in groups] == [f"{n:02d}" for n in range(1, 57)]
    assert Ethnicity("02").zh == "蒙古族"


def test_resident_birth_date_must_match_the_id_number() -> None:
    household = make_household()
    make_resident(household, gender=Gender.MALE, id_number=valid_id_number(), birth_date=date(1988, 4, 17))
    with pytest.raises(ValidationError) as caught:
        make_resident(
            household, gender=Gender.MALE, id_number=valid_id_number(), birth_date=date(1988, 4, 18)
        )
    assert _cause(caught.value).code == "id_birth_mismatch"
    assert "1988-04-17" in _cause(caught.value).zh


def test_resident_gender_must_match_the_id_number() -> None:
    with pytest.raises(ValidationError) as caught:
        make_resident(make_household(), gender=Gender.FEMALE, id_number=valid_id_number(male=True))
    assert _cause(caught.value).code == "id_gender_mismatch"
    assert "男" in _cause(caught.value).zh


def test_a_bad_id_number_reports_the_validator_message_on_its_field() -> None:
    with pytest.raises(ValidationError) as caught:
        make_resident(make_household(), id_number="152522198804171230")
    assert caught.value.errors()[0]["loc"] == ("id_number",)
    assert _cause(caught.value).code == "id_check_digit"


def test_visit_follow_up_cannot_precede_the_visit() -> None:
    household = make_household()
    with pytest.raises(ValidationError) as caught:
        make_visit(household, visited_at=datetime(2026, 11, 20, tzinfo=UTC), follow_up_due=date(2026, 11, 19))
    assert _cause(caught.value).code == "follow_up_before_visit"


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        make_visit(make_household(), visited_at=datetime(2026, 11, 20, 9, 0))
    assert _cause(caught.value).code == "time_naive"


def test_volunteer_hours_and_activity_times() -> None:
    start = datetime(2026, 11, 1, 1, tzinfo=UTC)
    with pytest.raises(ValidationError):
        VolunteerActivity(
            grid=GRID, author="w", title="清雪", started_at=start, ended_at=start - timedelta(hours=1)
        )
    activity = VolunteerActivity(grid=GRID, author="w", title="清雪", started_at=start, ended_at=start)
    with pytest.raises(ValidationError) as caught:
        Participation(grid=GRID, author="w", activity_id=activity.id, volunteer_id=activity.id, hours=30)
    assert _cause(caught.value).code == "hours_range"


def test_unknown_fields_and_bad_grid_codes_are_refused() -> None:
    with pytest.raises(ValidationError):
        make_household(surprise="x")
    with pytest.raises(ValidationError) as caught:
        make_household(grid="巴彦")
    assert _cause(caught.value).code == "grid_code"
    with pytest.raises(ValidationError):
        Grid(grid=GRID, code="152500101002", name="x", level=GridLevel.VILLAGE, author="a")


def test_assignment_is_validated_so_a_form_cannot_hold_a_bad_value() -> None:
    household = make_household()
    with pytest.raises(ValidationError):
        household.phone = "12345"
    assert household.phone is None
