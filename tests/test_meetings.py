"""Meetings (晚议 / 议事) as typed: not held in the future (the clock tolerance visits have), each
resident attending listed once, and no resident deleted from the register newly listed — while an
edit of a meeting stored before is not judged again on what it already held."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.errors import InvalidValue
from app.models import Deliberation, MeetingKind
from app.services.deliberations import attendees, hold_meeting
from app.store import Store
from app.validation.dates import FUTURE_TOLERANCE
from tests.conftest import GRID, make_household, make_resident

pytestmark = pytest.mark.dates

NOW = datetime(2026, 12, 14, 12, 0, tzinfo=UTC)


def _meeting(**changed: object) -> Deliberation:
    values: dict[str, object] = {
        "grid": GRID,
        "author": "worker101",
        "kind": MeetingKind.EVENING,
        "held_at": NOW - timedelta(hours=2),
        "host": "嘎查党支部书记",
        "attendee_count": 12,
        "topics": "草场轮牧",
    }
    return Deliberation(**{**values, **changed})


@pytest.mark.parametrize(
    "held_at",
    [
        datetime(2030, 3, 1, 12, tzinfo=UTC),
        NOW + timedelta(days=1),
        NOW + FUTURE_TOLERANCE + timedelta(minutes=1),
    ],
)
def test_a_meeting_dated_in_the_future_is_refused(store: Store, held_at: datetime) -> None:
    with pytest.raises(InvalidValue) as refused:
        hold_meeting(store, _meeting(held_at=held_at), now=NOW)
    assert refused.value.code == "time_future"
    assert store.count(Deliberation) == 0


def test_a_meeting_just_ended_on_a_laptop_whose_clock_lags_is_kept(store: Store) -> None:
    meeting = hold_meeting(store, _meeting(held_at=NOW + FUTURE_TOLERANCE - timedelta(seconds=30)), now=NOW)
    # The laptop's clock is set back a day later: editing the decisions does not judge the date again.
    edited = hold_meeting(
        store, meeting.model_copy(update={"decisions": "五月起轮牧"}), now=NOW - timedelta(days=1)
    )
    assert store.get(Deliberation, edited.id).decisions == "五月起轮牧"
    with pytest.raises(InvalidValue, match="时间不能晚于现在"):
        hold_meeting(store, edited.model_copy(update={"held_at": NOW + timedelta(days=3)}), now=NOW)


def test_each_resident_is_listed_once_and_a_deleted_one_cannot_be_added(store: Store) -> None:
    household = store.save(make_household())
    batu = store.save(make_resident(household, name="ᠪᠠᠲᠤ", gender="male"))
    gone = store.save(make_resident(household, name="其其格", gender="female"))
    store.delete(type(gone), gone.id)

    with pytest.raises(InvalidValue, match="列了两次") as twice:
        hold_meeting(store, _meeting(attendee_resident_ids=[batu.id, batu.id]), now=NOW)
    assert twice.value.code == "meeting_resident_twice"
    with pytest.raises(InvalidValue, match="已从居民名册中删除") as deleted:
        hold_meeting(store, _meeting(attendee_resident_ids=[batu.id, gone.id]), now=NOW)
    assert deleted.value.code == "meeting_resident_deleted"
    assert store.count(Deliberation) == 0


def test_a_meeting_whose_attendee_was_deleted_since_still_saves_and_names_them(store: Store) -> None:
    household = store.save(make_household())
    batu = store.save(make_resident(household, name="巴特尔", gender="male"))
    meeting = hold_meeting(store, _meeting(attendee_resident_ids=[batu.id]), now=NOW)
    store.delete(type(batu), batu.id)
    edited = hold_meeting(store, meeting.model_copy(update={"decisions": "下月再议"}), now=NOW)
    assert attendees(store, edited) == ["巴特尔"]
