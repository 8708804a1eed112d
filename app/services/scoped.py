"""What a person may see: the records of their grids, whatever else the laptop holds.

A township laptop holds every village under it; a worker logged in on it sees only their own.
Screens open records and search through here, so a record of another grid is never shown by
accident — asked for directly, it is refused with the grid's name.

>>> scoped.get(store, worker, Household, household_id)   # doctest: +SKIP
Household(head_name='王芳', ...)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar
from uuid import UUID

from app.models import Record
from app.services.session import Session
from app.store import Store
from app.store.search import SearchPage

R = TypeVar("R", bound=Record)


def get(store: Store, session: Session, model: type[R], record_id: UUID | str) -> R:
    """A record of the person's grids; PermissionDenied naming the grid for any other."""
    record = store.get(model, record_id)
    session.require_grid(record.grid)
    return record


def search(
    store: Store,
    session: Session,
    text: str,
    *,
    entities: Iterable[str] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """The store's search, over the person's grids only."""
    return store.search(text, entities=entities, grids=session.grids, limit=limit, offset=offset)
