"""Stories of a dispute's 涉及民族因素 flag and its 司法确认 on the screens: the flag ticked on the form,
shown in the list and found by the list's filter; a judicial confirmation refused in words before
there is an agreement, and recorded after one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from app.models import Dispute, DisputeCategory, JudicialResult
from app.services import disputes as flow
from app.services.lists import EthnicFactors, local_zone
from app.store import Store
from tests.ui.typing import type_text
from ui import calendar_day
from ui.forms.dispute_form import DisputeForm
from ui.main_window import DISPUTES, MainWindow
from ui.screens.disputes import DisputesScreen

pytestmark = pytest.mark.dates

TODAY = date(2026, 12, 14)


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_day, "local_today", lambda: TODAY)


def _screen(window: MainWindow) -> DisputesScreen:
    window.nav.setCurrentRow(DISPUTES)
    screen = window.screen(DISPUTES)
    assert isinstance(screen, DisputesScreen)
    return screen


def _filter(qtbot, screen: DisputesScreen, value: EthnicFactors | None) -> list[str]:
    _label, combo = screen.choices["ethnic_factors"]
    combo.set_raw(value)
    combo.changed.emit()
    while screen.model.canFetchMore():
        screen.model.fetchMore()
    return [row["id"] for row in screen.model.rows]


def test_worker_flags_a_dispute_with_ethnic_factors_and_finds_it_by_the_filter(
    qtbot, window: MainWindow, demo: Store
) -> None:
    screen = _screen(window)
    form = window.new_record(DISPUTES)
    assert isinstance(form, DisputeForm)
    type_text(qtbot, form.rows["title"].editor.edit, "蒙汉两户草场放牧纠纷")
    category = form.rows["category"].editor.combo
    category.setCurrentIndex(category.findData(DisputeCategory.GRASSLAND.value))
    category.activated.emit(category.currentIndex())
    form.rows["ethnic_factors"].editor.box.setFocus()
    qtbot.keyClick(form.rows["ethnic_factors"].editor.box, Qt.Key.Key_Space)
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [flagged] = demo.find(Dispute, "title = ?", ["蒙汉两户草场放牧纠纷"])
    assert flagged.ethnic_factors

    shown = _filter(qtbot, screen, EthnicFactors.YES)
    assert str(flagged.id) in shown
    expected = {str(d.id) for d in demo.find(Dispute, "ethnic_factors = 1") if d.grid in window.session.grids}
    assert set(shown) == expected
    column = screen.model.column_of("ethnic_factors")
    row = shown.index(str(flagged.id))
    assert screen.model.data(screen.model.index(row, column)) == "是"
    assert str(flagged.id) not in _filter(qtbot, screen, EthnicFactors.NO)
    screen.select_record(str(flagged.id))
    assert "涉及民族因素" in screen.detail.toPlainText()


def test_judicial_confirmation_is_refused_before_an_agreement_and_recorded_after(
    qtbot, window: MainWindow, demo: Store
) -> None:
    grid = window.session.grids[0]
    # Agreed by 12-09, so the application of 12-10 comes after it, whatever the real clock says.
    agreed = min(datetime.now(UTC), datetime(2026, 12, 9, 2, tzinfo=UTC)) - timedelta(minutes=5)
    dispute = flow.register_dispute(
        demo,
        Dispute(
            grid=grid,
            author="worker101",
            title="牲畜损害赔偿纠纷",
            category=DisputeCategory.LIVESTOCK_DAMAGE,
            created_at=agreed - timedelta(hours=3),
        ),
    )
    flow.accept(demo, dispute.id, flow.Acceptance(at=agreed - timedelta(hours=2)), by="worker101")
    flow.start_mediation(
        demo, dispute.id, flow.MediationStart(mediator="张华", at=agreed - timedelta(hours=1)), by="worker101"
    )
    screen = _screen(window)
    screen.select_record(str(dispute.id))
    steps = screen.steps
    assert not steps.buttons["judicial"].isVisible()  # not offered before an agreement

    steps.confirm_judicially()  # asked for anyway: the service refuses, in words
    dialog = steps.dialog
    type_text(qtbot, dialog.fields["court"].edit, "正镶白旗人民法院")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.problem.text() == "尚未达成调解协议，不能申请司法确认；请先登记“调解成功”和协议内容。"
    assert demo.get(Dispute, dispute.id).judicial_applied_on is None
    dialog.reject()

    qtbot.mouseClick(steps.buttons["resolve"], Qt.MouseButton.LeftButton)
    type_text(qtbot, steps.dialog.fields["outcome"].edit, "赔偿两只羊")
    type_text(qtbot, steps.dialog.fields["agreement"].edit, "十日内赔付两只成年羊。")
    steps.dialog.fields["at"].set_raw(agreed)
    qtbot.mouseClick(steps.dialog.ok, Qt.MouseButton.LeftButton)
    assert steps.buttons["judicial"].isVisible()

    qtbot.mouseClick(steps.buttons["judicial"], Qt.MouseButton.LeftButton)
    dialog = steps.dialog
    type_text(qtbot, dialog.fields["court"].edit, "正镶白旗人民法院")
    dialog.fields["applied_on"].set_raw(date(2026, 12, 10))
    dialog.fields["result"].set_raw(JudicialResult.CONFIRMED)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.field_problems["decided_on"].text() == "请填写法院作出裁定的日期。"  # nothing typed is lost
    dialog.fields["decided_on"].set_raw(date(2026, 12, 13))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible(), dialog.problem.text()

    stored = demo.get(Dispute, dispute.id)
    assert (
        stored.judicial_court,
        stored.judicial_applied_on,
        stored.judicial_result,
        stored.judicial_decided_on,
    ) == (
        "正镶白旗人民法院",
        date(2026, 12, 10),
        JudicialResult.CONFIRMED,
        date(2026, 12, 13),
    )
    qtbot.waitUntil(lambda: "已确认" in screen.detail.toPlainText())
    assert "司法确认：已确认（正镶白旗人民法院，2026-12-13）" in screen.detail.toPlainText()
    assert not steps.buttons["judicial"].isVisible()


def test_judicial_confirmation_dated_before_the_agreement_is_refused_beside_the_date(
    qtbot, window: MainWindow, demo: Store
) -> None:
    grid = window.session.grids[0]
    agreed = datetime(2026, 3, 10, 2, tzinfo=UTC)
    dispute = flow.register_dispute(
        demo,
        Dispute(
            grid=grid,
            author="worker101",
            title="草场边界纠纷",
            category=DisputeCategory.GRASSLAND,
            created_at=agreed - timedelta(days=10),
        ),
    )
    flow.accept(demo, dispute.id, flow.Acceptance(at=agreed - timedelta(days=9)), by="worker101")
    flow.start_mediation(
        demo, dispute.id, flow.MediationStart(mediator="张华", at=agreed - timedelta(days=8)), by="worker101"
    )
    flow.resolve(
        demo,
        dispute.id,
        flow.Resolution(outcome="调解成功", agreement="双方同意按旧界", at=agreed),
        by="worker101",
        zone=local_zone(),
    )
    screen = _screen(window)
    screen.select_record(str(dispute.id))
    steps = screen.steps
    qtbot.mouseClick(steps.buttons["judicial"], Qt.MouseButton.LeftButton)
    dialog = steps.dialog
    type_text(qtbot, dialog.fields["court"].edit, "旗人民法院")
    dialog.fields["applied_on"].set_raw(date(2026, 2, 1))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    beside = dialog.field_problems["applied_on"]
    assert beside.isVisible() and "不能早于达成调解协议的日期（2026-03-10）" in beside.text()
    assert dialog.isVisible() and demo.get(Dispute, dispute.id).judicial_applied_on is None
    dialog.fields["applied_on"].set_raw(date(2026, 3, 10))  # the day it was agreed will do
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and not beside.isVisible()
    assert demo.get(Dispute, dispute.id).judicial_applied_on == date(2026, 3, 10)
