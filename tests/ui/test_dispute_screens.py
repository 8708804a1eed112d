"""One dispute, all the way through the screens: registered with its parties, accepted, mediated,
agreement printed, two follow-up visits, closed — every step on the timeline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.models import (
    Dispute,
    DisputeCategory,
    DisputeParty,
    DisputeStatus,
    Household,
    PartyRole,
    Resident,
    RiskLevel,
)
from app.services import disputes as flow
from app.services.attachments import attachment_data
from app.store import Store
from tests.ui.typing import type_text
from ui.forms.dispute_form import DisputeForm
from ui.main_window import DISPUTES, MainWindow
from ui.screens.disputes import DisputesScreen

S = DisputeStatus


def _click(qtbot, screen: DisputesScreen, step: str) -> None:
    button = screen.steps.buttons[step]
    assert button.isVisible(), step
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _confirm(qtbot, screen: DisputesScreen) -> None:
    dialog = screen.steps.dialog
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.problem.text()


def test_worker_takes_a_dispute_from_registration_to_closing(qtbot, window: MainWindow, demo: Store) -> None:
    resident = demo.find(Resident, "name GLOB '[一-龥]*'", limit=1)[0]
    form = window.new_record(DISPUTES)
    assert isinstance(form, DisputeForm)
    type_text(qtbot, form.rows["title"].editor.edit, "牲畜践踏草场赔偿纠纷")
    category = form.rows["category"].editor.combo
    category.setCurrentIndex(category.findData(DisputeCategory.LIVESTOCK_DAMAGE.value))
    category.activated.emit(category.currentIndex())
    qtbot.mouseClick(form.findChild(type(form.save_button), "add_party"), Qt.MouseButton.LeftButton)
    applicant = form.parties.editors[0]
    picker = applicant.rows["resident_id"].editor
    type_text(qtbot, picker.edit, resident.name)
    qtbot.waitUntil(picker.hits.isVisible)
    ids = [picker.hits.item(i).data(Qt.ItemDataRole.UserRole)[0] for i in range(picker.hits.count())]
    picker.hits.setCurrentRow(ids.index(str(resident.id)))
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert applicant.rows["name"].editor.raw() == resident.name
    form.parties.add()
    respondent = form.parties.editors[1]
    role = respondent.rows["role"].editor.combo
    role.setCurrentIndex(role.findData(PartyRole.RESPONDENT.value))
    role.activated.emit(role.currentIndex())
    type_text(qtbot, respondent.rows["name"].editor.edit, "其其格·乌力吉")
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    dispute = demo.find(Dispute, "title = ?", ["牲畜践踏草场赔偿纠纷"])[0]
    parties = demo.find(DisputeParty, "dispute_id = ?", [str(dispute.id)])
    assert {(p.name, p.role, p.resident_id) for p in parties} == {
        (resident.name, PartyRole.APPLICANT, resident.id),
        ("其其格·乌力吉", PartyRole.RESPONDENT, None),
    }
    screen = window.screen(DISPUTES)
    assert isinstance(screen, DisputesScreen)
    screen.select_record(str(dispute.id))
    assert "已登记" in screen.detail.toPlainText()

    _click(qtbot, screen, "withdraw")
    refused = screen.steps.dialog
    qtbot.mouseClick(refused.ok, Qt.MouseButton.LeftButton)
    assert refused.findChild(QLabel, "step_problem").text() == "转为“已撤回”需要说明原因。"
    refused.reject()

    _click(qtbot, screen, "accept")
    _confirm(qtbot, screen)
    _click(qtbot, screen, "mediate")
    _confirm(qtbot, screen)
    _click(qtbot, screen, "resolve")
    fields = screen.steps.dialog.fields
    type_text(qtbot, fields["outcome"].edit, "双方达成赔偿协议")
    type_text(qtbot, fields["agreement"].edit, "一、赔偿草场损失三千元。\n二、共同维护网围栏。")
    _confirm(qtbot, screen)
    assert demo.get(Dispute, dispute.id).status is S.FOLLOW_UP
    assert len(flow.follow_ups_of(demo, dispute.id)) == 2

    _click(qtbot, screen, "agreement_pdf")
    saved = demo.get(Dispute, dispute.id)
    assert len(saved.attachments) == 1
    assert attachment_data(demo, saved.attachments[0]).startswith(b"%PDF")

    household = demo.get(Household, resident.household_id)
    for _ in range(2):
        _click(qtbot, screen, "follow_up")
        fields = screen.steps.dialog.fields
        fields["household_id"].set_value(household.id, household.head_name)
        type_text(qtbot, fields["summary"].edit, "回访：赔偿已到位")
        _confirm(qtbot, screen)
    assert not screen.steps.buttons["follow_up"].isVisible()
    _click(qtbot, screen, "close")
    _confirm(qtbot, screen)

    assert demo.get(Dispute, dispute.id).status is S.CLOSED
    steps = [(s.from_status, s.to_status) for s in flow.timeline(demo, dispute.id)]
    assert steps == [
        (None, S.REGISTERED),
        (S.REGISTERED, S.ACCEPTED),
        (S.ACCEPTED, S.MEDIATING),
        (S.MEDIATING, S.RESOLVED),
        (S.RESOLVED, S.FOLLOW_UP),
        (S.FOLLOW_UP, S.CLOSED),
    ]
    shown = screen.detail.toPlainText()
    assert "已受理 → 调解中" in shown and "回访中 → 已结案" in shown and "已完成" in shown


def test_workbench_lists_open_major_risk_disputes(qtbot, window: MainWindow, demo: Store) -> None:
    dispute = flow.register_dispute(
        demo,
        Dispute(
            grid=window.session.grids[0],
            author="w",
            title="草场界桩冲突",
            category=DisputeCategory.GRASSLAND,
            risk_level=RiskLevel.MAJOR,
        ),
    )
    workbench = window.screen(0)
    workbench.refresh()
    major = workbench.cards["major"]
    assert any("草场界桩冲突" in line for line in major.lines())
    assert major.table.isVisible()
    flow.withdraw(demo, dispute.id, flow.Ending(reason="已和解"), by="w")
    workbench.refresh()
    assert not any("草场界桩冲突" in line for line in major.lines())
