"""Deliberation meetings (晚议 / 议事): a grid's residents meet, with a host, over topics, and decide
who sees each decision through. Attendees are typed names, residents picked from the registry, or
both; the head-count covers them all::

    meeting = hold_meeting(store, Deliberation(grid=..., host="村党支部书记", topics="草场轮牧", ...))
    attendees(store, meeting)  # ["巴特尔", "其其格", ...]: typed names, then residents picked
"""

from __future__ import annotations

import json
from datetime import datetime
from uuid import UUID

from app.errors import InvalidValue
from app.models import Deliberation
from app.store import Store
from app.validation import time_not_in_future


def hold_meeting(store: Store, meeting: Deliberation, *, now: datetime | None = None) -> Deliberation:
    """Save a meeting, checking what was typed: it was held by now (within the clock tolerance
    visits have), each resident is listed once, and a resident newly listed is one this laptop
    holds and has not deleted. What an edit leaves as it was stored is not judged again: a meeting
    whose attendee was deleted since, or dated by a laptop whose clock ran fast, still saves."""
    with store.transaction():
        stored = store.find(Deliberation, "id = ?", [str(meeting.id)], include_deleted=True)
        before = stored[0] if stored else None
        if before is None or before.held_at != meeting.held_at:
            time_not_in_future(meeting.held_at, now=now)
        listed = [str(resident_id) for resident_id in meeting.attendee_resident_ids]
        if len(set(listed)) < len(listed):
            raise InvalidValue(
                "meeting_resident_twice",
                "同一位居民在参会人中列了两次，请删去重复的一位。",
                "The same resident is listed twice as attending; remove one.",
            )
        kept = {str(resident_id) for resident_id in before.attendee_resident_ids} if before else set()
        for resident_id in (r for r in listed if r not in kept):
            _check_attendee(store, resident_id)
        return store.save(meeting)


def _check_attendee(store: Store, resident_id: UUID | str) -> None:
    row = store.db.execute("SELECT deleted FROM residents WHERE id = ?", [str(resident_id)]).fetchone()
    if row is None:
        raise InvalidValue(
            "meeting_resident_unknown",
            "参会居民不在居民名册中，请重新选择。",
            "A resident listed as attending is not in the register; pick them again.",
        )
    if row[0]:
        raise InvalidValue(
            "meeting_resident_deleted",
            "参会居民已从居民名册中删除，不能再列为参会人。",
            "A resident listed as attending was deleted from the register; they cannot be added.",
        )


def attendees(store: Store, meeting: Deliberation) -> list[str]:
    """Everyone listed as attending, by name: those typed first, then the residents picked (one
    whose record is not on this laptop, of a grid it does not hold, is left out)."""
    ids = [str(i) for i in meeting.attendee_resident_ids]
    names = dict(
        store.db.execute(
            "SELECT id, name FROM residents WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]
        ).fetchall()
    )
    return [*meeting.attendee_names, *(names[i] for i in ids if i in names)]
