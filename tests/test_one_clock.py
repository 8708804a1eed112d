"""One clock per database file, whichever connection stamps: the app keeps one store for its
screens and opens another for each sync, and an edit made after the sync saw a value must be
stamped after that value — or it loses to it without anyone seeing a conflict."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.clock import Stamp, wall_clock_ms
from app.models import Household
from app.store import Store
from tests.conftest import make_household

STORES = 3
MINUTE_MS = 60_000
# (which store, what it does, how far ahead of now a stamp it observes is)
steps = st.lists(
    st.tuples(
        st.integers(0, STORES - 1),
        st.sampled_from(["save", "observe", "reopen"]),
        st.integers(-3 * MINUTE_MS, 10 * MINUTE_MS),
    ),
    min_size=1,
    max_size=30,
)


def _logged_stamp(store: Store) -> Stamp:
    return Stamp.parse(store.db.execute("SELECT hlc FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()[0])


@settings(max_examples=40, deadline=None)
@given(steps)
def test_every_stamp_comes_after_everything_any_store_of_the_file_saw(
    plan: list[tuple[int, str, int]],
) -> None:
    path = Path(tempfile.mkdtemp()) / "laptop.db"
    stores = [Store.open(path) for _ in range(STORES)]
    household = stores[0].save(make_household())
    latest = _logged_stamp(stores[0])
    try:
        for number, action, lead_ms in plan:
            store = stores[number]
            if action == "observe":
                seen = Stamp(wall_clock_ms() + lead_ms, 7, "otherlaptop")
                store.observe(seen)
                latest = max(latest, seen)
            elif action == "save":
                record = store.get(Household, household.id)
                store.save(record.model_copy(update={"notes": f"{record.notes}+"}))
                stamp = _logged_stamp(store)
                assert stamp > latest, "a save is stamped after all the file's stores saw"
                latest = stamp
            else:
                store.close()
                stores[number] = Store.open(path)
    finally:
        for store in stores:
            store.close()
