"""Disputes (矛盾纠纷): registering them; the mediation workflow builds on this."""

from __future__ import annotations

from app.models import Dispute
from app.store import Store
from app.validation import date_not_in_future


def check_dispute(dispute: Dispute) -> None:
    """Rules that depend on today: a dispute cannot have happened tomorrow."""
    if dispute.occurred_on is not None:
        date_not_in_future(dispute.occurred_on)


def register_dispute(store: Store, dispute: Dispute) -> Dispute:
    check_dispute(dispute)
    return store.save(dispute)
