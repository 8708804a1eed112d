"""一案一卷: everything kept about one dispute, gathered for its case file — registration, parties,
mediation sessions, the agreement, return visits (回访), referrals and the timeline of every step.

The file is read from the local records in one go (a handful of queries), so a screen can gather
it on the UI thread and print it on a worker. ID numbers are masked unless the person may see them.

    case = dispute_file(store, session, dispute_id)
    case.referrals   # the steps that sent it to another body, oldest first
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from app.models import Dispute, DisputeParty, DisputeStep, FollowUp, MediationSession, Review, Visit
from app.services import disputes, grids, reviews
from app.services.session import Session, shown_id_number
from app.store import Store


@dataclass(frozen=True)
class FollowUpDone:
    """A return visit: when it was due, and the visit that made it (None while still due)."""

    follow_up: FollowUp
    visit: Visit | None


@dataclass(frozen=True)
class DisputeFile:
    dispute: Dispute
    grid_name: str
    # Each party with the ID number as this person may see it.
    parties: list[tuple[DisputeParty, str]]
    sessions: list[MediationSession]
    follow_ups: list[FollowUpDone]
    timeline: list[DisputeStep]
    reviews: list[Review]
    # Accounts by username, so the file names who registered and moved the dispute as people know them.
    people: dict[str, str]

    def named(self, username: str) -> str:
        return self.people.get(username, username)

    @property
    def referrals(self) -> list[DisputeStep]:
        return [step for step in self.timeline if step.referred_to is not None]


def dispute_file(store: Store, session: Session, dispute_id: UUID | str) -> DisputeFile:
    dispute = store.get(Dispute, dispute_id)
    session.require_grid(dispute.grid)
    follow_ups = [
        FollowUpDone(f, store.get(Visit, f.visit_id) if f.visit_id else None)
        for f in disputes.follow_ups_of(store, dispute.id)
    ]
    return DisputeFile(
        dispute=dispute,
        grid_name=grids.label(store, dispute.grid),
        parties=[(p, shown_id_number(session, p.id_number)) for p in disputes.parties_of(store, dispute.id)],
        sessions=disputes.sessions_of(store, dispute.id),
        follow_ups=follow_ups,
        timeline=disputes.timeline(store, dispute.id),
        reviews=reviews.history(store, "disputes", dispute.id),
        people=dict(
            store.db.execute("SELECT username, display_name FROM users WHERE deleted = 0").fetchall()
        ),
    )
