"""The grid worker's day at a glance (工作台): what falls due, what was just recorded, what waits
to sync."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from app.models import Dispute, Visit
from app.store import Store

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class DueItem:
    due_on: date
    entity: str
    record_id: str
    title: str

    def overdue(self, today: date) -> bool:
        return self.due_on < today


@dataclass(frozen=True)
class Today:
    due: list[DueItem] = field(default_factory=list)
    recent_visits: list[Visit] = field(default_factory=list)
    recent_disputes: list[Dispute] = field(default_factory=list)
    pending_changes: int = 0


def _due(store: Store, today: date, limit: int) -> list[DueItem]:
    """Open follow-ups of disputes and visits that asked for a return visit, soonest first."""
    horizon = (today + timedelta(days=DUE_SOON_DAYS)).isoformat()
    follow_ups = store.db.execute(
        "SELECT f.due_on, f.dispute_id, d.title FROM follow_ups f JOIN disputes d ON d.id = f.dispute_id "
        "WHERE f.deleted = 0 AND f.done_at IS NULL AND f.due_on <= ? ORDER BY f.due_on LIMIT ?",
        [horizon, limit],
    ).fetchall()
    visits = store.db.execute(
        "SELECT v.follow_up_due, v.household_id, h.head_name || ' · ' || h.address FROM visits v "
        "JOIN households h ON h.id = v.household_id WHERE v.deleted = 0 AND v.follow_up_due <= ? "
        "AND v.follow_up_due >= ? AND NOT EXISTS (SELECT 1 FROM visits later WHERE later.household_id = "
        "v.household_id AND later.deleted = 0 AND later.visited_at > v.visited_at) "
        "ORDER BY v.follow_up_due LIMIT ?",
        [horizon, (today - timedelta(days=90)).isoformat(), limit],
    ).fetchall()
    items = [DueItem(date.fromisoformat(d), "disputes", i, t) for d, i, t in follow_ups]
    items += [DueItem(date.fromisoformat(d), "households", i, t) for d, i, t in visits]
    return sorted(items, key=lambda item: item.due_on)[:limit]


def today_for(store: Store, today: date, *, limit: int = 20) -> Today:
    return Today(
        due=_due(store, today, limit),
        recent_visits=store.find(Visit, order_by="visited_at desc", limit=10),
        recent_disputes=store.find(Dispute, order_by="updated_at desc", limit=5),
        pending_changes=store.pending_changes(),
    )
