"""The supervisor's review queue: approve what workers recorded, or return it with a comment.

A decision is a ``Review`` record (the history, shown on the record and synced) plus the record's
``review_state`` (what the queue and the lock on approved records read), written together.

Routine visits may be reviewed by sample (抽查): the supervisor sets a share (``set_sample_percent``,
kept with the laptop's settings) and only the routine visits whose id falls in that share wait in the
queue. Whether a visit falls in it is a hash of its id, so every supervisor's laptop with the same
share draws the same sample, and a visit never moves in or out of it between refreshes. Disputes,
activities and visits that opened or closed a service item are always reviewed.

>>> in_sample("0b7c9c6e-2d1f-4f0e-9a57-3c1d2e4f5a6b", 100)
True
>>> in_sample("0b7c9c6e-2d1f-4f0e-9a57-3c1d2e4f5a6b", 0)
False
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast
from uuid import UUID

from app.errors import InvalidValue
from app.models import (
    Dispute,
    DisputeStatus,
    LabeledEnum,
    Review,
    ReviewDecision,
    Reviewed,
    ReviewState,
    Visit,
    VisitType,
    VolunteerActivity,
)
from app.models.reviews import ReviewedEntity
from app.services import audit, grids
from app.services.session import Permission, Session
from app.store import Store

REVIEWED: dict[str, type[Reviewed]] = {model.entity: model for model in (Visit, Dispute, VolunteerActivity)}
SAMPLE_KEY = "review_sample_percent"
# Visits reviewed whatever the sample: any that is not routine, and any that opened or closed a
# service item (服务事项 are always reviewed, through the visit that carries them).
_SAMPLED_VISIT = """v.visit_type = 'routine' AND NOT EXISTS (SELECT 1 FROM service_items s
       WHERE s.deleted = 0 AND (s.opened_visit_id = v.id OR s.closed_visit_id = v.id))"""
# One row per waiting record: what it is, in words a supervisor scans.
_QUEUE_SQL = """
SELECT 'visits', v.id, v.grid, coalesce(u.display_name, v.author), v.updated_at,
       h.head_name, v.visit_type, v.visited_at
  FROM visits v JOIN households h ON h.id = v.household_id
  LEFT JOIN users u ON u.username = v.author AND u.deleted = 0
 WHERE v.deleted = 0 AND v.review_state = 'pending' AND v.grid IN ({grids})
   AND (in_review_sample(v.id, ?) OR NOT ({sampled}))
UNION ALL
SELECT 'disputes', d.id, d.grid, coalesce(u.display_name, d.author), d.updated_at,
       d.title, d.status, d.created_at
  FROM disputes d
  LEFT JOIN users u ON u.username = d.author AND u.deleted = 0
 WHERE d.deleted = 0 AND d.review_state = 'pending' AND d.grid IN ({grids})
UNION ALL
SELECT 'volunteer_activities', a.id, a.grid, coalesce(u.display_name, a.author),
       a.updated_at, a.title, NULL, a.started_at
  FROM volunteer_activities a
  LEFT JOIN users u ON u.username = a.author AND u.deleted = 0
 WHERE a.deleted = 0 AND a.review_state = 'pending' AND a.grid IN ({grids})
ORDER BY 5 LIMIT ?
"""
# What the queue says a waiting record is besides its name: a visit's kind, a dispute's milestone.
_KINDS: dict[str, type[LabeledEnum]] = {"visits": VisitType, "disputes": DisputeStatus}


@dataclass(frozen=True)
class Waiting:
    entity: str
    record_id: str
    grid_name: str
    author_name: str
    updated_at: datetime
    name: str
    kind: LabeledEnum | None
    happened_at: datetime


def in_sample(record_id: UUID | str, percent: int) -> bool:
    """Whether a routine visit falls in a sample of ``percent`` %: the first 8 bytes of the SHA-256
    of its id, taken modulo 10,000, against the share in hundredths — the same answer on every
    laptop and every day."""
    digest = hashlib.sha256(str(record_id).lower().encode()).digest()
    return int.from_bytes(digest[:8], "big") % 10_000 < percent * 100


def sample_percent(store: Store) -> int:
    """The share of routine visits this laptop's supervisor reviews, in percent (all unless set)."""
    kept = store.meta(SAMPLE_KEY)
    return int(kept) if kept else 100


def set_sample_percent(store: Store, session: Session, percent: int) -> None:
    session.require(Permission.REVIEW)
    if not 0 <= percent <= 100:
        raise InvalidValue(
            "sample_percent", "抽查比例应在0%到100%之间。", "The sample share must be 0% to 100%."
        )
    with store.transaction():
        store.set_meta(SAMPLE_KEY, str(percent))


def queue(store: Store, session: Session, *, limit: int = 500) -> list[Waiting]:
    """Records of the supervisor's grids waiting for a decision, oldest change first; of the
    routine visits only those in the sample (``sample_percent``)."""
    session.require(Permission.REVIEW)
    percent = sample_percent(store)
    store.db.conn.create_function("in_review_sample", 2, in_sample, deterministic=True)
    marks = ",".join("?" * len(session.grids))
    sql = _QUEUE_SQL.format(grids=marks, sampled=_SAMPLED_VISIT)
    params = [*session.grids, percent, *session.grids * 2, limit]
    rows = store.db.execute(sql, params).fetchall()
    named = grids.labels(store, {row[2] for row in rows})
    return [
        Waiting(
            entity,
            record_id,
            named[grid],
            author,
            datetime.fromisoformat(at),
            name,
            _KINDS[entity](kind) if kind else None,
            datetime.fromisoformat(when),
        )
        for entity, record_id, grid, author, at, name, kind, when in rows
    ]


def _decide(
    store: Store, session: Session, entity: str, record_id: UUID | str, decision: ReviewDecision, comment: str
) -> Review:
    session.require(Permission.REVIEW)
    with store.transaction():
        record = store.get(REVIEWED[entity], record_id)
        session.require_grid(record.grid)
        review = Review(
            grid=record.grid,
            author=session.username,
            # REVIEWED[entity] above has refused any kind of record that is not reviewed.
            record_entity=cast(ReviewedEntity, entity),
            record_id=record.id,
            decision=decision,
            comment=comment,
            reviewer=session.display_name,
        )
        state = ReviewState.APPROVED if decision is ReviewDecision.APPROVED else ReviewState.RETURNED
        store.save(record.model_copy(update={"review_state": state}))
        saved = store.save(review)
        audit.record(
            store,
            actor=session,
            action=f"review_{decision.value}",
            detail=f"{entity} {record.id}" + (f"：{comment}" if comment else ""),
            grid=record.grid,
        )
        return saved


def approve(store: Store, session: Session, entity: str, record_id: UUID | str, comment: str = "") -> Review:
    return _decide(store, session, entity, record_id, ReviewDecision.APPROVED, comment)


def send_back(store: Store, session: Session, entity: str, record_id: UUID | str, comment: str) -> Review:
    """Return a record to its worker; the comment says what to fix, so it cannot be empty."""
    if not comment.strip():
        raise InvalidValue(
            "comment_required", "退回时请写明需要修改的内容。", "Say what to fix when returning a record."
        )
    return _decide(store, session, entity, record_id, ReviewDecision.RETURNED, comment)


def history(store: Store, entity: str, record_id: UUID | str) -> list[Review]:
    """Every decision on a record, oldest first: the record's review history."""
    return store.find(
        Review, "record_entity = ? AND record_id = ?", [entity, str(record_id)], order_by="created_at"
    )


def open_return(store: Store, entity: str, record_id: UUID | str) -> Review | None:
    """The comment a worker must act on: the latest decision, if it sent the record back and the
    record has not been submitted again since."""
    record = store.get(REVIEWED[entity], record_id)
    decisions = history(store, entity, record_id)
    if record.review_state is ReviewState.RETURNED and decisions:
        last = decisions[-1]
        return last if last.decision is ReviewDecision.RETURNED else None
    return None


@dataclass(frozen=True)
class SentBack:
    """A record sent back, named so the worker knows which: a visit by its household, when it
    was made and its kind; a dispute by its title and where it stands; an activity by its title."""

    entity: str
    record_id: str
    name: str
    happened_at: datetime
    kind: LabeledEnum | None
    review: Review


_SENT_BACK_SQL = """
SELECT 'visits', v.id, h.head_name, v.visited_at, v.visit_type FROM visits v
  JOIN households h ON h.id = v.household_id
 WHERE v.deleted = 0 AND v.review_state = 'returned' AND v.author = :username AND v.grid {mine}
UNION ALL
SELECT 'disputes', id, title, created_at, status FROM disputes
 WHERE deleted = 0 AND review_state = 'returned' AND author = :username AND grid {mine}
UNION ALL
SELECT 'volunteer_activities', id, title, started_at, NULL FROM volunteer_activities
 WHERE deleted = 0 AND review_state = 'returned' AND author = :username AND grid {mine}
ORDER BY 4 DESC
""".format(mine="IN (SELECT value FROM json_each(:grids))")


def returned_to(store: Store, username: str, grids: Sequence[str]) -> list[SentBack]:
    """The records of ``grids`` a supervisor sent back to this worker, with the comment saying
    what to fix."""
    found = []
    params = {"username": username, "grids": json.dumps(list(grids))}
    for entity, record_id, name, at, kind in store.db.execute(_SENT_BACK_SQL, params):
        review = open_return(store, entity, record_id)
        if review is not None:
            label = _KINDS[entity](kind) if kind else None
            found.append(SentBack(entity, record_id, name, datetime.fromisoformat(at), label, review))
    return found
