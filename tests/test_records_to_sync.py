""" "3 条记录待同步" counts records as the worker knows them, not the field changes inside them."""

from __future__ import annotations

from app.services.overview import records_to_sync
from app.services.registry import register_household
from app.services.visits import record_visit
from app.store import Store
from tests.conftest import make_household, make_resident, make_visit


def _acknowledge_everything(store: Store) -> None:
    last = store.db.execute("SELECT max(seq) FROM change_log").fetchone()[0]
    with store.transaction():
        store.set_meta("acked_seq", str(last))


def test_a_household_with_its_residents_is_one_record_and_a_visit_another(store: Store) -> None:
    _acknowledge_everything(store)  # the fixture's grid
    assert records_to_sync(store) == 0
    household = make_household()
    register_household(store, household, [make_resident(household), make_resident(household, name="巴特尔")])
    assert store.pending_changes() == 3  # three rows, each created as one change
    assert records_to_sync(store) == 1
    record_visit(store, make_visit(household))
    record_visit(store, make_visit(household, summary="第二次走访"))
    assert records_to_sync(store) == 3


def test_an_edit_after_a_sync_counts_its_record_once_more(store: Store) -> None:
    household = make_household()
    register_household(store, household, [make_resident(household)])
    _acknowledge_everything(store)
    assert records_to_sync(store) == 0
    resident = make_resident(household, name="其其格")
    register_household(store, household, [resident])
    assert records_to_sync(store) == 1
