"""A worker opens a household or a dispute, a sync lands while the form is open, and they save: what
the sync brought stays (another laptop's phone number, a mediator's status change), what they typed
is saved, and where both changed one field the form says so and keeps their typing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.models import Dispute, DisputeCategory, DisputeStatus, Household
from app.services.disputes import register_dispute
from app.store import Store
from tests.ui.typing import type_text
from ui.forms.dispute_form import DisputeForm
from ui.forms.household_form import HouseholdForm
from ui.main_window import MainWindow


def _arrives(store: Store, record: Household | Dispute, **changed: object) -> None:
    """What a pull writes: the stored row changes under the open form."""
    store.save(store.get(type(record), record.id).model_copy(update=changed))


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
