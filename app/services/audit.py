"""The audit trail: who did what and when, kept hash-chained on the laptop and synced.

Every act that must be accounted for upward — a login, a review decision, an export with full ID
numbers, a household's transfer, a restore — is written with :func:`record`, which gives it the
next place in this laptop's chain (``app.models.audit_chain``) in the same transaction as the
event. The last place is also kept in ``meta`` (``audit_head``), so entries removed from the end
show too. A restored laptop starts a new chain (:func:`start_new_chain`): the places its old
chain reached after the backup are already on the server and come back with the next sync.

>>> record(store, actor=session, action="login", detail="", grid=session.grids[0])  # doctest: +SKIP
>>> verify(store).problems                                     # doctest: +SKIP
[]
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from app.models import AuditEvent
from app.models.audit_chain import ChainProblem, sealed, verify_chain
from app.store import Store, scope

_HEAD = "audit_head"
_CHAIN = "audit_chain"


class Actor(Protocol):
    """Whoever acts: a logged-in session or an account (both have these)."""

    @property
    def username(self) -> str: ...

    @property
    def display_name(self) -> str: ...

    @property
    def grids(self) -> tuple[str, ...]: ...


def chain_id(store: Store) -> str:
    """This laptop's current chain: its device id, or a new id after each restore."""
    return store.meta(_CHAIN) or store.device_id


def _head(store: Store) -> tuple[int, str]:
    kept = store.meta(_HEAD)
    if kept:
        chain, seq, digest = kept.split(":")
        if chain == chain_id(store):
            return int(seq), digest
    return 0, ""


def filed_under(store: Store, actor: Actor) -> str | None:
    """The grid an event is filed (and synced) under: the actor's first, else the laptop's, else
    any grid it knows (an administrator's account may have none of its own)."""
    if actor.grids:
        return actor.grids[0]
    enrolled = scope.enrolled_grids(store.db)
    if enrolled:
        return sorted(enrolled)[0]
    row = store.db.execute("SELECT code FROM grids WHERE deleted = 0 ORDER BY code LIMIT 1").fetchone()
    return row[0] if row else None


def record(store: Store, *, actor: Actor, action: str, detail: str, grid: str) -> AuditEvent:
    """Write one audit event, filed under ``grid``, as the next entry of this laptop's chain;
    returns it as stored."""
    with store.transaction():
        seq, previous = _head(store)
        event = AuditEvent(
            grid=grid,
            author=actor.username,
            action=action,
            actor=actor.display_name,
            detail=detail,
        )
        chain = chain_id(store)
        saved = store.save(sealed(event, device=chain, seq=seq + 1, previous=previous))
        store.set_meta(_HEAD, f"{chain}:{saved.chain_seq}:{saved.chain_hash}")
        return saved


def start_new_chain(store: Store) -> str:
    """After a restore: the old chain's later places exist elsewhere, so this laptop continues on
    a chain of its own rather than numbering those places twice."""
    chain = f"{store.device_id}.{uuid.uuid4().hex[:8]}"
    with store.transaction():
        store.set_meta(_CHAIN, chain)
    return chain


@dataclass(frozen=True)
class AuditCheck:
    entries: int
    unchained: int
    problems: list[ChainProblem]


def verify(store: Store) -> AuditCheck:
    """Check every audit entry on this laptop: its own chains completely (against the last place
    it recorded), other laptops' entries as far as the ones here reach."""
    events = store.find(AuditEvent, include_deleted=True)
    own_prefix = store.device_id
    own = [e for e in events if e.chain_device.startswith(own_prefix)]
    others = [e for e in events if not e.chain_device.startswith(own_prefix)]
    seq, _digest = _head(store)
    heads = {chain_id(store): seq} if seq else {}
    problems = verify_chain(own, complete=True, heads=heads) + verify_chain(others, complete=False)
    return AuditCheck(len(events), sum(1 for e in events if not e.chain_seq), problems)
