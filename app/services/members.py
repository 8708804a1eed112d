"""Saving a record together with the records that belong to it (a household's residents, an
activity's participations, a dispute's parties): all or nothing, and none attached elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from app.errors import InvalidValue
from app.models import Record
from app.store import Store

P = TypeVar("P", bound=Record)


def save_with_members(
    store: Store,
    parent: P,
    members: Sequence[Record],
    *,
    removed: Sequence[Record] = (),
    link: str,
    stranger: Callable[[Any], InvalidValue],
) -> P:
    """Save ``parent``, its ``members`` and tombstone the ``removed`` ones in one transaction.

    Every member must point at this parent (its ``link`` field) and sit in its grid, so a
    half-filled form never leaves a person attached to the wrong family or dispute; ``stranger``
    makes the error for one that does not."""
    for member in (*members, *removed):
        if getattr(member, link) != parent.id or member.grid != parent.grid:
            raise stranger(member)
    with store.transaction():
        saved = store.save(parent)
        for member in members:
            store.save(member)
        for member in removed:
            store.delete(type(member), member.id)
    return saved
