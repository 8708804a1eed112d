"""Households and the residents living in them."""

from __future__ import annotations

from collections.abc import Sequence

from app.errors import InvalidValue
from app.models import Household, Resident
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
    for resident in (*residents, *moved_out):
        if resident.household_id != household.id or resident.grid != household.grid:
            raise InvalidValue(
                "resident_household",
                f"居民“{resident.name}”不属于这一户，无法一起保存。",
                f"Resident {resident.name} does not belong to this household.",
            )
    with store.transaction():
        saved = store.save(household)
        for resident in residents:
            store.save(resident)
        for resident in moved_out:
            store.delete(Resident, resident.id)
    return saved


def residents_of(store: Store, household: Household) -> list[Resident]:
    return store.find(Resident, "household_id = ?", [str(household.id)], order_by="created_at")
