""" "3 条记录待同步" counts records as the worker knows them, not the field changes inside them."""

from __future__ import annotations

from dataclasses import dataclass

from app.services import audit
from app.services.overview import records_to_sync
from app.services.registry import register_household
from app.services.visits import record_visit
from app.store import Store
from tests.conftest import GRID, make_household, make_resident, make_visit


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


@dataclass(frozen=True)
class _Worker:
    username: str = "worker101"
    display_name: str = "乌云"
    grids: tuple[str, ...] = (GRID,)


def test_logging_in_is_no_record_of_the_workers_to_sync_though_it_is_sent(store: Store) -> None:
    """A fresh laptop right after login said "1 条记录待同步": the login's audit entry. It still
    goes to the server (the engine's count), but the worker made no record."""
    _acknowledge_everything(store)
    audit.record(store, actor=_Worker(), action="login", detail="登录本机", grid=GRID)
    assert records_to_sync(store) == 0
    assert store.pending_changes() == 1
    household = make_household()
    register_household(store, household, [make_resident(household)])
    audit.record(store, actor=_Worker(), action="export", detail="导出台账", grid=GRID)
    assert records_to_sync(store) == 1
