"""Households and the residents living in them."""

from __future__ import annotations

from collections.abc import Sequence

from app.errors import InvalidValue
from app.models import Household, Resident
from app.services.members import save_with_members
from app.store import Store


def register_household(
    store: Store,
    household: Household,
    residents: Sequence[Resident] = (),
    *,
    moved_out: Sequence[Resident] = (),
) -> Household:
    """Save a household together with its residents, all or nothing; ``moved_out`` residents are
    removed from it (tombstoned, so the removal syncs).

    Every resident must belong to this household and its grid, so a half-filled form never
    leaves people attached to the wrong family.
    """
    return save_with_members(
        store,
        household,
        residents,
        removed=moved_out,
        link="household_id",
        stranger=lambda resident: InvalidValue(
            "resident_household",
            f"居民“{resident.name}”不属于这一户，无法一起保存。",
            f"Resident {resident.name} does not belong to this household.",
        ),
    )


def residents_of(store: Store, household: Household) -> list[Resident]:
    return store.find(Resident, "household_id = ?", [str(household.id)], order_by="created_at")
