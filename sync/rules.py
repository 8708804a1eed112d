"""Conflict rules, one module for the server and the client engine alike.

Per field, the change with the later hybrid logical clock wins. On guarded fields — where a
silent overwrite would be wrong (a dispute's status, outcome, agreement and mediator; a service
item's status, outcome and satisfaction; a review's decision and a record's review state) — a
change made without having seen the current value, to a different value, is a conflict: both
values are kept for a supervisor and the later clock wins provisionally.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.clock import Stamp

REVIEW_STATE = "review_state"
GUARDED_FIELDS = frozenset(
    {
        ("disputes", "status"),
        ("disputes", "outcome"),
        ("disputes", "agreement"),
        ("disputes", "mediator"),
        ("service_items", "status"),
        ("service_items", "outcome"),
        ("service_items", "satisfaction"),
        ("reviews", "decision"),
        ("visits", "review_state"),
        ("disputes", "review_state"),
        ("volunteer_activities", "review_state"),
    }
)
# A stamp further ahead of the server's clock than this is re-stamped: a laptop whose clock is days
# fast would otherwise win every merge until the real date caught up.
MAX_CLOCK_LEAD_MS = 5 * 60 * 1000


class Verdict(StrEnum):
    APPLIED = "applied"
    SUPERSEDED = "superseded"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class FieldVersion:
    value: Any
    hlc: str


def is_guarded(entity: str, field: str) -> bool:
    return (entity, field) in GUARDED_FIELDS


def decide(
    entity: str,
    field: str,
    current: FieldVersion | None,
    incoming: FieldVersion,
    base_hlc: str | None,
    newest: str = "",
) -> Verdict:
    """What happens to ``incoming`` given the stored ``current`` version of the same field.

    A record's review state is decided on the whole record: ``base_hlc`` is then the newest
    version of any of its fields the editor saw, and ``newest`` the newest the server holds
    (outside the save ``incoming`` belongs to). An approval of a record edited since it was read,
    or an edit resubmitting a record approved meanwhile, is a conflict, never a silent winner."""
    if current is None:
        return Verdict.APPLIED
    whole_record = field == REVIEW_STATE
    unseen = (base_hlc or "") < max(newest, current.hlc) if whole_record else base_hlc != current.hlc
    if is_guarded(entity, field) and unseen and incoming.value != current.value:
        return Verdict.CONFLICT
    return Verdict.APPLIED if incoming.hlc > current.hlc else Verdict.SUPERSEDED


def incoming_wins(current: FieldVersion | None, incoming: FieldVersion) -> bool:
    """The provisional winner of a conflict, and the winner of every other decision."""
    return current is None or incoming.hlc > current.hlc


def too_far_ahead(stamp: Stamp, now_ms: int) -> bool:
    return stamp.wall_ms > now_ms + MAX_CLOCK_LEAD_MS
