"""A worker opens a household or a dispute, a sync lands while the form is open, and they save: what
the sync brought stays (another laptop's phone number, a mediator's status change), what they typed
is saved, and where both changed one field the form says so and keeps their typing."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from app.models import Dispute, DisputeCategory, DisputeStatus, Household, Resident, Visit
from app.services.disputes import register_dispute
from app.services.drafts import Draft
from app.services.visits import record_visit
from app.store import Store
from tests.conftest import make_visit
from tests.ui.typing import type_text
from ui.forms.dispute_form import DisputeForm
from ui.forms.household_form import HouseholdForm
from ui.forms.visit_form import VisitForm
from ui.main_window import MainWindow


def _arrives(store: Store, record: Household | Dispute, **changed: object) -> None:
    """What a pull writes: the stored row changes under the open form."""
    store.save(store.get(type(record), record.id).model_copy(update=changed))


def _with_residents(store: Store) -> Household:
    return next(
        h
        for h in store.find(Household, order_by="head_name")
        if store.count(Resident, "household_id = ?", [str(h.id)])
    )


def test_a_household_saved_after_a_sync_keeps_the_phone_the_sync_brought(
    qtbot, window: MainWindow, demo: Store
) -> None:
    household = demo.find(Household, order_by="head_name", limit=1)[0]
    form = HouseholdForm(demo, window.session, household)
    form.show()  # closes itself once saved (and is deleted)
    _arrives(demo, household, phone="15804791234")
    notes = form.rows["notes"].editor.edit
    notes.clear()
    type_text(qtbot, notes, "冬季草场在北梁")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    saved = demo.get(Household, household.id)
    assert (saved.phone, saved.notes) == ("15804791234", "冬季草场在北梁")


def test_a_field_both_changed_is_shown_and_saved_only_when_saved_again(
    qtbot, window: MainWindow, demo: Store
) -> None:
    household = demo.find(Household, order_by="head_name", limit=1)[0]
    form = HouseholdForm(demo, window.session, household)
    form.show()  # closes itself once saved (and is deleted)
    _arrives(demo, household, phone="15804791234", notes="另一台电脑的备注")
    phone = form.rows["phone"].editor.edit
    phone.clear()
    type_text(qtbot, phone, "13947112345")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert demo.get(Household, household.id).phone == "15804791234", "nothing saved over it unseen"
    assert form.isVisible()
    assert "同步也更新了电话" in form.problem.text() and "再保存" in form.problem.text()
    assert phone.text() == "13947112345", "what the worker typed stays"
    assert form.rows["notes"].editor.edit.toPlainText() == "另一台电脑的备注", "the sync's notes are shown"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    saved = demo.get(Household, household.id)
    assert (saved.phone, saved.notes) == ("13947112345", "另一台电脑的备注")


def test_a_dispute_described_in_a_form_open_during_a_sync_keeps_its_new_status_and_mediator(
    qtbot, window: MainWindow, demo: Store
) -> None:
    grid = demo.find(Household, order_by="head_name", limit=1)[0].grid
    dispute = register_dispute(
        demo, Dispute(grid=grid, author="worker101", title="草场界桩争议", category=DisputeCategory.GRASSLAND)
    )
    form = DisputeForm(demo, window.session, dispute)
    form.show()  # closes itself once saved (and is deleted)
    _arrives(demo, dispute, status=DisputeStatus.ACCEPTED, mediator="调解员乙")
    description = form.rows["description"].editor.edit
    type_text(qtbot, description, "双方同意先各退一步")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    saved = demo.get(Dispute, dispute.id)
    assert (saved.status, saved.mediator) == (DisputeStatus.ACCEPTED, "调解员乙")
    assert saved.description.endswith("双方同意先各退一步")


def test_a_visit_time_the_worker_left_alone_keeps_the_time_a_sync_corrected(
    qtbot, window: MainWindow, demo: Store
) -> None:
    """The time field shows minutes and seconds, not the microseconds a stored time carries: left
    alone, it is not the worker's edit, and neither a false clash nor the old time comes back."""
    household = demo.find(Household, order_by="head_name", limit=1)[0]
    visit = record_visit(
        demo, make_visit(household, visited_at=datetime(2026, 11, 30, 3, 7, 26, 512_000, tzinfo=UTC))
    )
    form = VisitForm(demo, window.session, visit)
    form.show()
    corrected = datetime(2026, 11, 30, 2, 7, 26, tzinfo=UTC)
    _arrives(demo, visit, visited_at=corrected)
    type_text(qtbot, form.rows["summary"].editor.edit, "，补充")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    saved = demo.get(Visit, visit.id)
    assert not form.isVisible(), form.problem.text()
    assert saved.visited_at == corrected and "，补充" in saved.summary


def test_a_draft_restored_after_a_sync_keeps_what_the_sync_changed_in_fields_it_left_alone(
    qtbot, window: MainWindow, demo: Store
) -> None:
    household = demo.find(Household, order_by="head_name", limit=1)[0]
    form = HouseholdForm(demo, window.session, household)
    form.show()
    notes = form.rows["notes"].editor.edit
    notes.clear()
    type_text(qtbot, notes, "草场租给了邻居")
    payload = form.payload()  # the draft kept when the app closed
    form.dirty = False
    form.close()
    _arrives(demo, household, phone="15804791234")  # the next morning's sync
    draft = Draft("d1", "households", str(household.id), "", payload, datetime(2026, 12, 1, 2, tzinfo=UTC))
    restored = HouseholdForm(demo, window.session, demo.get(Household, household.id), draft=draft)
    restored.show()
    assert restored.rows["phone"].editor.edit.text() == "15804791234"
    qtbot.mouseClick(restored.save_button, Qt.MouseButton.LeftButton)
    saved = demo.get(Household, household.id)
    assert (saved.phone, saved.notes) == ("15804791234", "草场租给了邻居")


def test_a_resident_the_worker_left_alone_keeps_the_phone_a_sync_brought(
    qtbot, window: MainWindow, demo: Store
) -> None:
    household = _with_residents(demo)
    form = HouseholdForm(demo, window.session, household)
    form.show()
    resident = demo.get(Resident, form.members.editors[0].record_id)
    _arrives(demo, resident, phone="15804790000")
    notes = form.rows["notes"].editor.edit
    type_text(qtbot, notes, "，冬季转场")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert not form.isVisible(), form.problem.text()
    assert demo.get(Resident, resident.id).phone == "15804790000"
    assert "冬季转场" in demo.get(Household, household.id).notes


def test_a_residents_phone_both_changed_is_named_and_the_workers_kept_for_the_next_save(
    qtbot, window: MainWindow, demo: Store
) -> None:
    household = _with_residents(demo)
    form = HouseholdForm(demo, window.session, household)
    form.show()
    editor = form.members.editors[0]
    resident = demo.get(Resident, editor.record_id)
    _arrives(demo, resident, phone="15804790000")
    phone = editor.rows["phone"].editor.edit
    phone.clear()
    type_text(qtbot, phone, "13947112345")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert form.isVisible() and "同步也更新了" in form.problem.text() and "电话" in form.problem.text()
    assert demo.get(Resident, resident.id).phone == "15804790000", "nothing saved over it unseen"
    assert phone.text() == "13947112345"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert demo.get(Resident, resident.id).phone == "13947112345"
