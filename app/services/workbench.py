"""The grid worker's day (工作台): what falls due, what a supervisor sent back, open major-risk
disputes, what was just recorded, and how many records wait to sync.

Each card is its first few entries and the count of all of them, so 工作台 shows the first lines
and says how many more there are; the same function with a larger ``limit`` gives the whole list
(``ALL_ENTRIES``). Every entry names the record it opens: ``day_for(store, worker, today).due`` is a
``Card`` whose entries point at disputes (a follow-up) and households (a return visit).

Every card holds only records of the person's grids (``Session.grids``): a worker on a township
laptop sees their own village's day, not the township's. An overdue follow-up is counted here and
on 数据看板 by one definition (``overdue``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from app.models import DisputeStatus, LabeledEnum, VisitType
from app.services.disputes import needing_attention
from app.services.overview import records_to_sync
from app.services.reviews import returned_to
from app.services.session import Session
from app.store import Store

DUE_SOON_DAYS = 7
# A return visit asked for long ago and never made is no longer a plan but a lapse: lists keep it.
RETURN_VISIT_WINDOW_DAYS = 90
RECENT_DAYS = 7
CARD_ENTRIES = 8
ALL_ENTRIES = 1000


@dataclass(frozen=True)
class Entry:
    """One line of a card, and the record it opens."""

    entity: str
    record_id: str
    when: date | datetime
    title: str
    note: str = ""
    kind: LabeledEnum | None = None
    by: str = ""  # who sent it back
    alert: bool = False  # overdue, or a major risk: shown in red


@dataclass(frozen=True)
class Card:
    entries: list[Entry] = field(default_factory=list)
    total: int = 0
    alerts: int = 0  # of the total, how many are shown in red (overdue follow-ups)

    @property
    def more(self) -> int:
        return self.total - len(self.entries)


@dataclass(frozen=True)
class Day:
    today: date
    due: Card
    returned: Card
    major: Card
    recent: Card
    records_to_sync: int


# "+": the cards keep their date-ordered plans and filter by grid; by the grid index SQLite read
# every visit of a township to find a week's (20,000 households: 100 ms instead of 2).
_MINE = "IN (SELECT value FROM json_each(:grids))"
_FOLLOW_UPS = (
    "FROM follow_ups f JOIN disputes d ON d.id = f.dispute_id "
    f"WHERE +d.grid {_MINE} AND f.deleted = 0 AND d.deleted = 0 AND f.done_at IS NULL "
    "AND f.due_on <= :horizon"
)
_RETURN_VISITS = (
    "FROM visits v JOIN households h ON h.id = v.household_id "
    f"WHERE +v.grid {_MINE} AND v.deleted = 0 "
    "AND v.follow_up_due <= :horizon AND v.follow_up_due >= :earliest "
    "AND NOT EXISTS (SELECT 1 FROM visits later WHERE later.household_id = v.household_id "
    "AND later.deleted = 0 AND later.visited_at > v.visited_at)"
)


def _mine(session: Session) -> dict[str, str]:
    return {"grids": json.dumps(list(session.grids))}


def _due_window(today: date) -> dict[str, str]:
    return {
        "horizon": (today + timedelta(days=DUE_SOON_DAYS)).isoformat(),
        "earliest": (today - timedelta(days=RETURN_VISIT_WINDOW_DAYS)).isoformat(),
    }


def due(store: Store, session: Session, today: date, limit: int) -> Card:
    """Open follow-ups of disputes and return visits asked for, due within a week or overdue,
    soonest first; ``alerts`` counts the overdue ones. One pass gives the entries and the counts."""
    rows = store.db.execute(
        f"SELECT f.due_on, 'disputes', f.dispute_id, d.title, d.location {_FOLLOW_UPS} "
        f"UNION ALL SELECT v.follow_up_due, 'households', v.household_id, h.head_name, h.address "
        f"{_RETURN_VISITS} ORDER BY 1",
        {**_due_window(today), **_mine(session)},
    ).fetchall()
    entries = [
        Entry(entity, record_id, date.fromisoformat(on), title, note, alert=date.fromisoformat(on) < today)
        for on, entity, record_id, title, note in rows[:limit]
    ]
    overdue = sum(on < today.isoformat() for on, *_rest in rows)
    return Card(entries, len(rows), alerts=overdue)


def overdue(store: Store, session: Session, today: date) -> int:
    """Overdue follow-ups, as 工作台 and 数据看板 both count them: open follow-ups of disputes and
    return visits asked for in the last 90 days and not yet made, whose date is before today."""
    return due(store, session, today, 0).alerts


def returned(store: Store, session: Session, limit: int) -> Card:
    """What a supervisor sent back to this person, in their grids, with what to fix: each says
    which record it is (a visit by its household, day and kind)."""
    sent_back = returned_to(store, session.username, session.grids)
    entries = [
        Entry(s.entity, s.record_id, s.happened_at, s.name, s.review.comment, s.kind, s.review.reviewer, True)
        for s in sent_back[:limit]
    ]
    return Card(entries, len(sent_back))


def major(store: Store, session: Session, limit: int) -> Card:
    disputes = needing_attention(store, session.grids)
    entries = [
        Entry("disputes", str(d.id), d.occurred_on or d.created_at, d.title, d.location, d.status, alert=True)
        for d in disputes[:limit]
    ]
    return Card(entries, len(disputes))


_RECENT_VISITS = (
    "FROM visits v JOIN households h ON h.id = v.household_id "
    f"WHERE +v.grid {_MINE} AND v.deleted = 0 AND v.visited_at >= :since"
)
_RECENT_DISPUTES = f"FROM disputes d WHERE +d.grid {_MINE} AND d.deleted = 0 AND d.updated_at >= :since"


def recent(store: Store, session: Session, today: date, limit: int) -> Card:
    """Visits made and disputes moved in the last week, newest first."""
    since = {"since": (today - timedelta(days=RECENT_DAYS)).isoformat(), **_mine(session)}
    rows = store.db.execute(
        f"SELECT * FROM (SELECT v.visited_at, 'visits', v.id, h.head_name, v.summary, v.visit_type "
        f"{_RECENT_VISITS} UNION ALL SELECT d.updated_at, 'disputes', d.id, d.title, d.location, d.status "
        f"{_RECENT_DISPUTES}) ORDER BY 1 DESC LIMIT :limit",
        {**since, "limit": limit},
    ).fetchall()
    kinds: dict[str, Callable[[str], LabeledEnum]] = {"visits": VisitType, "disputes": DisputeStatus}
    entries = [
        Entry(entity, record_id, datetime.fromisoformat(at), title, note, kinds[entity](kind))
        for at, entity, record_id, title, note, kind in rows
    ]
    if len(entries) < limit:
        return Card(entries, len(entries))
    total = store.db.execute(
        f"SELECT (SELECT count(*) {_RECENT_VISITS}) + (SELECT count(*) {_RECENT_DISPUTES})", since
    ).fetchone()[0]
    return Card(entries, total)


def day_for(store: Store, session: Session, today: date, *, limit: int = CARD_ENTRIES) -> Day:
    return Day(
        today=today,
        due=due(store, session, today, limit),
        returned=returned(store, session, limit),
        major=major(store, session, limit),
        recent=recent(store, session, today, limit),
        records_to_sync=records_to_sync(store),
    )
