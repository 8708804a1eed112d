"""The grid worker's day (工作台): what falls due, what a supervisor sent back, open major-risk
disputes, what was just recorded, and how many records wait to sync.

Each card is its first few entries and the count of all of them, so 工作台 shows the first lines
and says how many more there are; the same function with a larger ``limit`` gives the whole list
(``ALL_ENTRIES``). Every entry names the record it opens: ``day_for(store, "worker101", today).due``
is a ``Card`` whose entries point at disputes (a follow-up) and households (a return visit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from app.models import DisputeStatus, LabeledEnum, VisitType
from app.services.care import care_due, frequencies_of
from app.services.disputes import needing_attention
from app.services.overview import records_to_sync
from app.services.reviews import returned_to
from app.services.service_items import due_items
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
    care: Card = field(default_factory=Card)  # people in care groups not yet visited this period
    services: Card = field(default_factory=Card)  # service items due within a week or overdue


_FOLLOW_UPS = (
    "FROM follow_ups f JOIN disputes d ON d.id = f.dispute_id "
    "WHERE f.deleted = 0 AND d.deleted = 0 AND f.done_at IS NULL AND f.due_on <= :horizon"
)
_RETURN_VISITS = (
    "FROM visits v JOIN households h ON h.id = v.household_id "
    "WHERE v.deleted = 0 AND v.follow_up_due <= :horizon AND v.follow_up_due >= :earliest "
    "AND NOT EXISTS (SELECT 1 FROM visits later WHERE later.household_id = v.household_id "
    "AND later.deleted = 0 AND later.visited_at > v.visited_at)"
)


def _due_window(today: date) -> dict[str, str]:
    return {
        "horizon": (today + timedelta(days=DUE_SOON_DAYS)).isoformat(),
        "earliest": (today - timedelta(days=RETURN_VISIT_WINDOW_DAYS)).isoformat(),
    }


def due(store: Store, today: date, limit: int) -> Card:
    """Open follow-ups of disputes and return visits asked for, due within a week or overdue,
    soonest first; ``alerts`` counts the overdue ones. One pass gives the entries and the counts."""
    rows = store.db.execute(
        f"SELECT f.due_on, 'disputes', f.dispute_id, d.title, d.location {_FOLLOW_UPS} "
        f"UNION ALL SELECT v.follow_up_due, 'households', v.household_id, h.head_name, h.address "
        f"{_RETURN_VISITS} ORDER BY 1",
        _due_window(today),
    ).fetchall()
    entries = [
        Entry(entity, record_id, date.fromisoformat(on), title, note, alert=date.fromisoformat(on) < today)
        for on, entity, record_id, title, note in rows[:limit]
    ]
    overdue = sum(on < today.isoformat() for on, *_rest in rows)
    return Card(entries, len(rows), alerts=overdue)


def returned(store: Store, username: str, limit: int) -> Card:
    """What a supervisor sent back to this worker, with what to fix: each says which record it is
    (a visit by its household, day and kind)."""
    sent_back = returned_to(store, username)
    entries = [
        Entry(s.entity, s.record_id, s.happened_at, s.name, s.review.comment, s.kind, s.review.reviewer, True)
        for s in sent_back[:limit]
    ]
    return Card(entries, len(sent_back))


def major(store: Store, limit: int) -> Card:
    disputes = needing_attention(store)
    entries = [
        Entry("disputes", str(d.id), d.occurred_on or d.created_at, d.title, d.location, d.status, alert=True)
        for d in disputes[:limit]
    ]
    return Card(entries, len(disputes))


_RECENT_VISITS = (
    "FROM visits v JOIN households h ON h.id = v.household_id WHERE v.deleted = 0 AND v.visited_at >= :since"
)
_RECENT_DISPUTES = "FROM disputes d WHERE d.deleted = 0 AND d.updated_at >= :since"


def recent(store: Store, today: date, limit: int) -> Card:
    """Visits made and disputes moved in the last week, newest first."""
    since = {"since": (today - timedelta(days=RECENT_DAYS)).isoformat()}
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


def care(store: Store, today: date, limit: int, zone: tzinfo | None = None) -> Card:
    """关爱走访: everyone in a care group whose household is not yet visited this period (by the
    rules this laptop keeps), overdue first; the entry opens the household."""
    people = care_due(store, None, today=today, zone=zone or _local_zone(), frequencies=frequencies_of(store))
    entries = [
        Entry("households", p.household_id, p.period_end, p.name, p.address, p.care_group, alert=p.overdue)
        for p in people[:limit]
    ]
    return Card(entries, len(people), alerts=sum(p.overdue for p in people))


def services(store: Store, today: date, limit: int) -> Card:
    """Service items due within a week or overdue, soonest first; the entry opens the item."""
    items = due_items(store, None, today)
    entries = [
        Entry(
            "service_items",
            str(i.id),
            i.due_on or today,
            i.need,
            i.channel.zh,
            i.status,
            alert=i.due_on < today,
        )
        for i in items[:limit]
        if i.due_on is not None
    ]
    return Card(entries, len(items), alerts=sum(i.due_on is not None and i.due_on < today for i in items))


def _local_zone() -> tzinfo:
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def day_for(
    store: Store, username: str, today: date, *, limit: int = CARD_ENTRIES, zone: tzinfo | None = None
) -> Day:
    return Day(
        today=today,
        due=due(store, today, limit),
        returned=returned(store, username, limit),
        major=major(store, limit),
        recent=recent(store, today, limit),
        records_to_sync=records_to_sync(store),
        care=care(store, today, limit, zone),
        services=services(store, today, limit),
    )
