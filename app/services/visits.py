"""Recording household visits (走访, 上门办, 回访)."""

from __future__ import annotations

from datetime import datetime

from app.models import Household, Visit
from app.store import Store
from app.validation import time_not_in_future


def record_visit(store: Store, visit: Visit, *, now: datetime | None = None) -> Visit:
    """Save a visit to an existing household; a visit cannot be dated in the future.

    The "future" check lives here, not in the model, because it depends on today: a visit
    that was valid when recorded must still load after the laptop's clock has been reset.
    """
    time_not_in_future(visit.visited_at, now=now)
    grid = store.grid_of(Household, visit.household_id)
    if grid != visit.grid:
        visit = visit.model_copy(update={"grid": grid})
    return store.save(visit)


def visits_of(store: Store, household: Household) -> list[Visit]:
    return store.find(Visit, "household_id = ?", [str(household.id)], order_by="visited_at desc")
