"""Roles are enforced by the services and the store, whatever the UI shows."""

from __future__ import annotations

import pytest

from app.models import (
    Dispute,
    DisputeCategory,
    DisputeStatus,
    Grid,
    GridLevel,
    Review,
    ReviewState,
    Role,
    Visit,
)
from app.services import reviews
from app.services.disputes import Acceptance, accept, register_dispute
from app.services.session import PermissionDenied, Session, mask_id_number, session_for, shown_id_number
from app.services.visits import record_visit
from app.store import Store
from tests.conftest import GRID, make_household, make_visit, valid_id_number

TOWNSHIP = "15250001"
WORKER = Session("worker101", "王芳", Role.WORKER, (GRID,))
OTHER_WORKER = Session("worker102", "李强", Role.WORKER, (GRID,))
SUPERVISOR = Session("supervisor1", "张伟", Role.SUPERVISOR, (TOWNSHIP, GRID))
ADMIN = Session("admin", "管理员", Role.ADMIN, (TOWNSHIP, GRID))


def _visit_as(store: Store, session: Session) -> Visit:
    store.guard = session.admit
    household = store.save(make_household(author=session.username))
    return record_visit(store, make_visit(household, author=session.username))


def test_a_worker_cannot_approve_or_see_the_queue(store: Store) -> None:
    visit = _visit_as(store, WORKER)
    for attempt in (
        lambda: reviews.queue(store, WORKER),
        lambda: reviews.approve(store, WORKER, "visits", visit.id),
    ):
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert "网格员" in refused.value.zh
    store.guard = WORKER.admit
    with pytest.raises(PermissionDenied, match="supervisor"):
        store.save(visit.model_copy(update={"review_state": ReviewState.APPROVED}))
    with pytest.raises(PermissionDenied):
        store.save(
            Review(
                grid=GRID,
                author="worker101",
                record_entity="visits",
                record_id=visit.id,
                decision="approved",
                reviewer="王芳",
            )
        )
    assert store.get(Visit, visit.id).review_state is ReviewState.PENDING
    assert store.count(Review) == 0


def test_a_worker_edits_own_records_until_approved(store: Store) -> None:
    visit = _visit_as(store, WORKER)
    store.guard = OTHER_WORKER.admit
    with pytest.raises(PermissionDenied, match="only the records you entered"):
        store.save(visit.model_copy(update={"summary": "别人改的"}))
    store.guard = WORKER.admit
    store.save(visit.model_copy(update={"summary": "补充：血压正常"}))
    store.guard = SUPERVISOR.admit
    reviews.approve(store, SUPERVISOR, "visits", visit.id)
    store.guard = WORKER.admit
    with pytest.raises(PermissionDenied) as locked:
        store.save(store.get(Visit, visit.id).model_copy(update={"summary": "再改"}))
    assert locked.value.code == "approved_locked"
    assert store.get(Visit, visit.id).summary == "补充：血压正常"


def test_a_worker_writes_only_in_their_grids(store: Store) -> None:
    store.guard = WORKER.admit
    with pytest.raises(PermissionDenied) as refused:
        store.save(make_household(grid="152500101002"))
    assert refused.value.code == "other_grid"


def test_an_admin_manages_but_does_not_record_or_review(store: Store) -> None:
    store.guard = ADMIN.admit
    with pytest.raises(PermissionDenied):
        store.save(make_household())
    with pytest.raises(PermissionDenied):
        reviews.queue(store, ADMIN)
    store.save(Grid(grid=TOWNSHIP, code=TOWNSHIP, name="苏木", level=GridLevel.TOWNSHIP, author="admin"))
    assert store.count(Grid) == 2


def test_id_numbers_are_masked_for_roles_that_may_not_see_them() -> None:
    number = valid_id_number()
    assert mask_id_number(number) == number[:6] + "********" + number[-4:]
    assert shown_id_number(WORKER, number) == mask_id_number(number)
    assert shown_id_number(ADMIN, number) == mask_id_number(number)
    assert shown_id_number(SUPERVISOR, number) == number
    assert shown_id_number(WORKER, None) == ""


def test_a_supervisor_of_a_township_reviews_its_villages(store: Store) -> None:
    store.save(Grid(grid=TOWNSHIP, code=TOWNSHIP, name="苏木", level=GridLevel.TOWNSHIP, author="admin"))
    store.save(
        store.get(Grid, store.find(Grid, "code = ?", [GRID])[0].id).model_copy(
            update={"parent_code": TOWNSHIP}
        )
    )
    session = session_for(store, "supervisor1", "张伟", Role.SUPERVISOR, (TOWNSHIP,))
    assert set(session.grids) == {TOWNSHIP, GRID}


def test_disputes_enter_the_queue_at_their_milestones(store: Store) -> None:
    store.guard = WORKER.admit
    dispute = register_dispute(
        store,
        Dispute(grid=GRID, author="worker101", title="草场边界纠纷", category=DisputeCategory.GRASSLAND),
        [],
    )
    assert [w.entity for w in reviews.queue(store, SUPERVISOR)] == ["disputes"]
    store.guard = SUPERVISOR.admit
    reviews.approve(store, SUPERVISOR, "disputes", dispute.id)
    assert reviews.queue(store, SUPERVISOR) == []
    store.guard = WORKER.admit
    accept(store, dispute.id, Acceptance(), by="worker101")
    assert store.get(Dispute, dispute.id).status is DisputeStatus.ACCEPTED
    assert reviews.queue(store, SUPERVISOR) == []  # accepting is not a milestone


def test_returning_needs_a_comment_the_worker_then_sees(store: Store) -> None:
    visit = _visit_as(store, WORKER)
    store.guard = SUPERVISOR.admit
    with pytest.raises(Exception, match="fix"):
        reviews.send_back(store, SUPERVISOR, "visits", visit.id, "  ")
    reviews.send_back(store, SUPERVISOR, "visits", visit.id, "请补充走访照片")
    assert reviews.open_return(store, "visits", visit.id).comment == "请补充走访照片"
    store.guard = WORKER.admit
    store.save(store.get(Visit, visit.id).model_copy(update={"summary": "已补充"}))
    assert store.get(Visit, visit.id).review_state is ReviewState.PENDING
    assert reviews.open_return(store, "visits", visit.id) is None
    assert [r.decision.value for r in reviews.history(store, "visits", visit.id)] == ["returned"]
