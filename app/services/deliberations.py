"""Deliberation meetings (晚议 / 议事): a grid's residents meet, with a host, over topics, and decide
who sees each decision through. Attendees are typed names, residents picked from the registry, or
both; the head-count covers them all::

    meeting = hold_meeting(store, Deliberation(grid=..., host="村党支部书记", topics="草场轮牧", ...))
    attendees(store, meeting)  # ["巴特尔", "其其格", ...]: typed names, then residents picked
"""

from __future__ import annotations

import json

from app.errors import InvalidValue
from app.models import Deliberation
from app.store import Store


def hold_meeting(store: Store, meeting: Deliberation) -> Deliberation:
    """Save a meeting; a resident listed as attending must be one this laptop knows."""
    for resident_id in meeting.attendee_resident_ids:
        if not store.db.execute("SELECT 1 FROM residents WHERE id = ?", [str(resident_id)]).fetchone():
            raise InvalidValue(
                "meeting_resident_unknown",
                "参会居民不在居民名册中，请重新选择。",
                "A resident listed as attending is not in the register; pick them again.",
            )
    return store.save(meeting)


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
