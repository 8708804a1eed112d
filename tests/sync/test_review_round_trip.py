"""Review across two laptops through a real server: submit, return, fix, approve."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models import Household, ReviewState, Role, Visit
from app.services import reviews
from app.services.session import PermissionDenied, Session
from app.services.visits import record_visit
from tests.conftest import make_household, make_visit
from tests.harness.devices import device
from tests.sync.conftest import FreshGrid


def test_worker_submits_supervisor_returns_worker_fixes_supervisor_approves(
    tmp_path: Path, fresh_grid: FreshGrid
) -> None:
    base, codes = fresh_grid
    worker = Session("worker101", "王芳", Role.WORKER, (fresh_grid.grid,))
    supervisor = Session("supervisor1", "张伟", Role.SUPERVISOR, (fresh_grid.grid,))
    laptop, laptop_sync = device(tmp_path, "worker", base, codes[0])
    office, office_sync = device(tmp_path, "supervisor", base, codes[1])
    laptop.guard, office.guard = worker.admit, supervisor.admit
    household = laptop.save(make_household(grid=fresh_grid.grid))
    visit = record_visit(laptop, make_visit(household, summary="入户走访，了解用水困难"))
    laptop_sync.sync()
    office_sync.sync()
    assert [(w.entity, w.record_id) for w in reviews.queue(office, supervisor)] == [("visits", str(visit.id))]

    reviews.send_back(office, supervisor, "visits", visit.id, "请写明解决措施")
    assert reviews.queue(office, supervisor) == []
    office_sync.sync()
    laptop_sync.sync()
    returned = reviews.open_return(laptop, "visits", visit.id)
    assert returned is not None and returned.comment == "请写明解决措施" and returned.reviewer == "张伟"

    fixed = laptop.get(Visit, visit.id).model_copy(update={"summary": "入户走访，已联系水利站维修水井"})
    laptop.save(fixed)
    laptop_sync.sync()
    office_sync.sync()
    assert [w.record_id for w in reviews.queue(office, supervisor)] == [str(visit.id)]
    assert office.get(Visit, visit.id).summary == fixed.summary
    reviews.approve(office, supervisor, "visits", visit.id)
    office_sync.sync()
    report = laptop_sync.sync()

    assert report.conflicts == 0
    for store in (laptop, office):
        assert store.get(Visit, visit.id).review_state is ReviewState.APPROVED
        assert [r.decision.value for r in reviews.history(store, "visits", visit.id)] == [
            "returned",
            "approved",
        ]
    with pytest.raises(PermissionDenied):
        laptop.save(laptop.get(Visit, visit.id).model_copy(update={"summary": "改"}))
    assert laptop.get(Household, household.id)
