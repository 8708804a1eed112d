"""A supervisor whose laptop is days fast approves only what they saw: an approval sent after its
edit was re-stamped (a push cancelled between the two batches) still conflicts with an edit made
meanwhile by a worker, on SQLite and PostgreSQL servers alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.models import Household, ReviewState, Role, Visit
from app.services import reviews
from app.services.session import Session
from sync.engine import SyncReport
from tests.conftest import make_visit
from tests.harness.laptops import DAY_MS, Laptop, LiveServer


class _Cancelled(Exception):
    """What the sync screen's cancel raises from the progress callback."""


def _cancel_after_first_batch(report: SyncReport) -> None:
    if report.phase == "push":
        raise _Cancelled


def _edit_then_approve_with_a_cut_between(
    laptops: Callable[..., list[Laptop]], edit: dict[str, str]
) -> tuple[Laptop, Laptop, Visit]:
    """A visit synced to a worker and to a supervisor 3 days fast, who edits it (one save) and
    approves it; their push is cancelled once the batch of ten holding the edit is answered."""
    worker, office = laptops(2, 0, 3 * DAY_MS)
    supervisor = Session("supervisor1", "张伟", Role.SUPERVISOR, (office.grid,))
    household = worker.ui.save(Household(grid=worker.grid, author="w", address="一组1号", head_name="王芳"))
    visit = worker.ui.save(make_visit(household, summary="入户走访，了解用水困难"))
    worker.sync()
    office.sync()
    for number in range(10 - len(edit)):
        office.ui.save(Household(grid=office.grid, author="s", address=f"二组{number}号", head_name="李明"))
    office.ui.save(office.ui.get(Visit, visit.id).model_copy(update=edit))
    reviews.approve(office.ui, supervisor, "visits", visit.id)
    with office.ui.transaction():
        office.ui.set_meta("push_batch_size", "10")
    with pytest.raises(_Cancelled):
        office.sync(_cancel_after_first_batch)
    assert office.ui.pending_changes() > 0  # the approval has not left
    return worker, office, visit


def test_an_approval_from_a_fast_clock_does_not_pass_over_an_unseen_edit(
    laptops: Callable[..., list[Laptop]],
) -> None:
    worker, office, visit = _edit_then_approve_with_a_cut_between(
        laptops, {"summary": "督导补充：已联系水利站"}
    )

    later = worker.ui.get(Visit, visit.id)
    worker.ui.save(later.model_copy(update={"summary": "社工补充：水井仍未修好"}))
    worker.sync()
    report = office.sync()
    worker.sync()

    assert report.conflicts == 1
    for laptop in (worker, office):
        kept = laptop.ui.db.execute(
            "SELECT field, current_value, incoming_value FROM conflicts WHERE record_id = ?", [str(visit.id)]
        ).fetchall()
        assert [tuple(row) for row in kept] == [
            ("review_state", f'"{ReviewState.PENDING.value}"', f'"{ReviewState.APPROVED.value}"')
        ]


def test_an_approval_from_a_fast_clock_of_its_own_edit_goes_through(
    laptops: Callable[..., list[Laptop]],
) -> None:
    edit = {"summary": "督导补充：已联系水利站", "visitor": "supervisor1"}
    worker, office, visit = _edit_then_approve_with_a_cut_between(laptops, edit)
    report = office.sync()
    worker.sync()

    assert report.conflicts == 0
    for laptop in (worker, office):
        approved = laptop.ui.get(Visit, visit.id)
        assert (approved.review_state, approved.summary, approved.visitor) == (
            ReviewState.APPROVED,
            *edit.values(),
        )


def test_an_approval_by_sync_bundle_from_a_fast_clock_does_not_pass_over_an_unseen_edit(
    live: LiveServer, laptops: Callable[..., list[Laptop]], tmp_path: Path
) -> None:
    """The edit goes on one stick, its reply never read back; the approval on a later stick
    still names the edit's future stamp, which the server knows it re-stamped."""
    worker, office = laptops(2, 0, 3 * DAY_MS)
    supervisor = Session("supervisor1", "张伟", Role.SUPERVISOR, (office.grid,))
    household = worker.ui.save(Household(grid=worker.grid, author="w", address="一组1号", head_name="王芳"))
    visit = worker.ui.save(make_visit(household, summary="入户走访，了解用水困难"))
    worker.sync()
    office.sync()
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    office.ui.save(office.ui.get(Visit, visit.id).model_copy(update={"summary": "督导补充：已联系水利站"}))
    assert live.import_bundle(office.export_bundle(first)).returncode == 0
    reviews.approve(office.ui, supervisor, "visits", visit.id)
    worker.ui.save(worker.ui.get(Visit, visit.id).model_copy(update={"summary": "社工补充：水井仍未修好"}))
    worker.sync()
    assert live.import_bundle(office.export_bundle(second)).returncode == 0
    office.sync()
    worker.sync()

    for laptop in (worker, office):
        kept = laptop.ui.db.execute(
            "SELECT field, current_value, incoming_value FROM conflicts WHERE record_id = ?", [str(visit.id)]
        ).fetchall()
        assert [tuple(row) for row in kept] == [
            ("review_state", f'"{ReviewState.PENDING.value}"', f'"{ReviewState.APPROVED.value}"')
        ]
