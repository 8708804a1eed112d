"""Stories of issue 17, as a worker lives them: a 上门办 service item opened during a visit to an
elderly resident, escalated to the township and closed on a later visit with her satisfaction; a
floating resident registered with 户籍地 and permit; a 独居老人 due this month seen on 工作台."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from app.models import (
    CareGroup,
    CareMembership,
    Gender,
    Household,
    LifeEvent,
    LifeEventKind,
    Presence,
    Residence,
    Resident,
    Role,
    Satisfaction,
    ServiceCategory,
    ServiceChannel,
    ServiceItem,
    ServiceStatus,
    Visit,
    VisitType,
)
from app.services import care, service_items
from app.services.lists import local_zone
from app.services.registry import register_household
from app.services.session import Session, session_for
from app.store import Store
from tests.ui.typing import type_text
from ui import calendar_day
from ui.forms.household_form import HouseholdForm
from ui.forms.service_item_form import ServiceItemForm
from ui.forms.visit_form import VisitForm
from ui.main_window import HOUSEHOLDS, SERVICES, VISITS, WORKBENCH, MainWindow
from ui.screens.dashboard_screen import DashboardScreen, percent
from ui.screens.service_items import ServiceItemsScreen
from ui.screens.workbench import WorkbenchScreen

pytestmark = pytest.mark.dates

TODAY = date(2026, 3, 5)


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_day, "local_today", lambda: TODAY)


def _elder(demo: Store, session: Session, name: str = "斯琴高娃") -> tuple[Household, Resident]:
    household = Household(
        grid=session.grids[0], author=session.username, address="巴彦嘎查9组1号", head_name=name
    )
    elder = Resident(
        grid=household.grid,
        author=session.username,
        household_id=household.id,
        name=name,
        gender=Gender.FEMALE,
        birth_date=date(1941, 5, 2),
    )
    register_household(demo, household, [elder])
    return household, elder


def _choose(combo, value: str) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def _pick_household(qtbot, picker, household: Household) -> None:  # type: ignore[no-untyped-def]
    type_text(qtbot, picker.edit, household.head_name)
    qtbot.waitUntil(lambda: picker.hits.isVisible())
    hits = [picker.hits.item(i).text() for i in range(picker.hits.count())]
    picker.hits.setCurrentRow(next(i for i, text in enumerate(hits) if household.address in text))
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)


def test_a_home_service_item_opened_on_a_visit_escalated_and_closed_on_a_later_visit(
    qtbot, window: MainWindow, demo: Store, session: Session
) -> None:
    household, elder = _elder(demo, session)
    visit_form = window.new_record(VISITS)
    assert isinstance(visit_form, VisitForm)
    _pick_household(qtbot, visit_form.household, household)
    _choose(visit_form.rows["visit_type"].editor.combo, VisitType.HOME_SERVICE.value)
    type_text(qtbot, visit_form.rows["summary"].editor.edit, "老人身份证过期，行动不便")
    visit_form.open_service.setFocus()
    qtbot.keyClick(visit_form.open_service, Qt.Key.Key_Space)
    qtbot.keyClick(visit_form.rows["summary"].editor.edit, "s", Qt.KeyboardModifier.ControlModifier)

    form = visit_form.service_form
    assert isinstance(form, ServiceItemForm) and form.isVisible()
    assert form.household.value() == household.id
    _choose(form.resident.combo, str(elder.id))
    _choose(form.rows["category"].editor.combo, ServiceCategory.ID_CARD.value)
    type_text(qtbot, form.rows["need"].editor.edit, "上门采集照片，代办身份证换领")
    form.rows["due_on"].editor.set_value(TODAY + timedelta(days=3))
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [item] = demo.find(ServiceItem, "household_id = ?", [str(household.id)])
    first_visit = demo.find(Visit, "household_id = ?", [str(household.id)])[0]
    assert (item.status, item.resident_id, item.opened_visit_id) == (
        ServiceStatus.OPENED,
        elder.id,
        first_visit.id,
    )
    window.nav.setCurrentRow(SERVICES)
    listed = window.screen(SERVICES)
    assert isinstance(listed, ServiceItemsScreen)
    qtbot.waitUntil(
        lambda: str(item.id) in [listed.model.record_id(r) for r in range(listed.model.rowCount())]
    )

    # 工作台 lists it as due; Enter opens it in its form
    window.nav.setCurrentRow(WORKBENCH)
    workbench = window.screen(WORKBENCH)
    assert isinstance(workbench, WorkbenchScreen)
    workbench.refresh()
    card = workbench.cards["services"]
    row = next(i for i, line in enumerate(card.lines()) if "代办身份证换领" in line)
    card.table.setFocus()
    card.table.setCurrentIndex(card.table.model().index(row, 0))
    qtbot.keyClick(card.table, Qt.Key.Key_Return)
    opened = window.forms[-1]
    assert isinstance(opened, ServiceItemForm) and opened.record.id == item.id
    moves = opened.moves
    assert "登记" in moves.state.text()

    # a refused move says why, in Chinese, and changes nothing
    qtbot.mouseClick(moves.buttons[ServiceStatus.IN_PROGRESS], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(moves.buttons[ServiceStatus.ESCALATED], Qt.MouseButton.LeftButton)
    refusal = opened.findChild(QLabel, "move_refusal")
    assert refusal.text() == "上报乡镇需要写明上报给谁（单位或部门）。"
    assert demo.get(ServiceItem, item.id).status is ServiceStatus.IN_PROGRESS
    type_text(qtbot, moves.escalated_to.edit, "苏木派出所户籍室")
    qtbot.mouseClick(moves.buttons[ServiceStatus.ESCALATED], Qt.MouseButton.LeftButton)
    assert refusal.text() == ""
    escalated = demo.get(ServiceItem, item.id)
    assert (escalated.status, escalated.escalated_to, escalated.escalated_on) == (
        ServiceStatus.ESCALATED,
        "苏木派出所户籍室",
        TODAY,
    )
    assert "已上报乡镇" in moves.state.text()

    # closing needs her satisfaction
    type_text(qtbot, moves.outcome.edit, "新身份证已送到老人手中")
    type_text(qtbot, moves.visit_summary.edit, "送证上门，老人很满意")
    qtbot.mouseClick(moves.buttons[ServiceStatus.DONE], Qt.MouseButton.LeftButton)
    assert refusal.text() == "办结需要记录群众满意度。"
    _choose(moves.satisfaction.combo, Satisfaction.SATISFIED.value)
    qtbot.mouseClick(moves.buttons[ServiceStatus.DONE], Qt.MouseButton.LeftButton)
    closed = demo.get(ServiceItem, item.id)
    later = demo.get(Visit, closed.closed_visit_id)
    assert (closed.status, closed.satisfaction, closed.outcome) == (
        ServiceStatus.DONE,
        Satisfaction.SATISFIED,
        "新身份证已送到老人手中",
    )
    assert (later.summary, later.visit_type, later.household_id) == (
        "送证上门，老人很满意",
        VisitType.HOME_SERVICE,
        household.id,
    )
    assert "已办结" in moves.state.text() and "满意" in moves.state.text()
    assert not any(button.isEnabled() for button in moves.buttons.values())


def test_a_floating_resident_is_registered_with_native_place_and_permit(
    qtbot, window: MainWindow, demo: Store
) -> None:
    form = window.new_record(HOUSEHOLDS)
    assert isinstance(form, HouseholdForm)
    type_text(qtbot, form.rows["head_name"].editor.edit, "马明")
    type_text(qtbot, form.rows["address"].editor.edit, "巴彦嘎查5组3号")
    qtbot.mouseClick(form.findChild(QPushButton, "add_resident"), Qt.MouseButton.LeftButton)
    resident = form.residents[0]
    type_text(qtbot, resident.rows["name"].editor.edit, "马明")
    _choose(resident.rows["residence"].editor.combo, Residence.FLOATING.value)
    assert not form.save_button.isEnabled()
    assert "户籍地" in form.problem.text()
    type_text(qtbot, resident.rows["native_place"].editor.edit, "甘肃省临夏回族自治州")
    type_text(qtbot, resident.rows["arrival_reason"].editor.edit, "务工经商")
    type_text(qtbot, resident.rows["permit_number"].editor.edit, "152501202600123")
    resident.rows["arrived_on"].editor.set_value(date(2025, 4, 1))
    resident.rows["permit_expires"].editor.set_value(date(2027, 4, 1))
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [saved] = demo.find(Resident, "name = ? AND residence = 'floating'", ["马明"])
    assert (saved.native_place, saved.permit_number, saved.arrived_on, saved.permit_expires) == (
        "甘肃省临夏回族自治州",
        "152501202600123",
        date(2025, 4, 1),
        date(2027, 4, 1),
    )


def test_a_worker_sees_an_elderly_resident_living_alone_due_this_month(
    qtbot, window: MainWindow, demo: Store
) -> None:
    form = window.new_record(HOUSEHOLDS)
    assert isinstance(form, HouseholdForm)
    type_text(qtbot, form.rows["head_name"].editor.edit, "乌仁其其格")
    type_text(qtbot, form.rows["address"].editor.edit, "巴彦嘎查9组1号")
    qtbot.mouseClick(form.findChild(QPushButton, "add_resident"), Qt.MouseButton.LeftButton)
    resident = form.residents[0]
    type_text(qtbot, resident.rows["name"].editor.edit, "乌仁其其格")
    _choose(resident.rows["gender"].editor.combo, Gender.FEMALE.value)
    groups = resident.rows["care_groups"].editor.list
    [alone] = [groups.item(i) for i in range(groups.count()) if groups.item(i).text() == "独居老人"]
    alone.setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [elder] = demo.find(Resident, "name = ?", ["乌仁其其格"])
    [membership] = demo.find(CareMembership, "resident_id = ?", [str(elder.id)])
    assert (membership.care_group, membership.since, membership.until) == (
        CareGroup.ELDERLY_ALONE,
        TODAY,
        None,
    )

    window.nav.setCurrentRow(WORKBENCH)
    workbench = window.screen(WORKBENCH)
    assert isinstance(workbench, WorkbenchScreen)
    workbench.refresh()
    card = workbench.cards["care"]
    assert card.title().startswith("本期应关爱走访")
    # overdue people come first; the whole list has her, due by the month's end
    qtbot.mouseClick(card.all_button, Qt.MouseButton.LeftButton)
    assert "2026-03-31  乌仁其其格 · 独居老人  巴彦嘎查9组1号" in workbench.dialog.table.lines()


def test_the_dashboard_shows_completion_and_satisfaction_with_care_coverage(qtbot, demo: Store) -> None:
    """Read for the day the demo was made around: its records are dated from the real clock."""
    today = datetime.now(local_zone()).date()
    admin = session_for(demo, "admin", "管理员", Role.ADMIN, ())
    screen = DashboardScreen(demo, admin)
    qtbot.addWidget(screen)
    screen.refresh(today)
    services = service_items.service_figures(demo, admin.grids, today)
    assert screen.people_tiles["completion"].value.text() == percent(services.completion_rate)
    assert screen.people_tiles["satisfaction"].value.text() == percent(services.satisfaction_rate)
    coverage = care.coverage(demo, admin.grids, today=today, zone=local_zone())
    assert [bar[0] for bar in screen.charts["care"].bars] == [
        f"{c.care_group.zh} {c.visited}/{c.members}" for c in coverage
    ]
    assert coverage and services.registered


def test_a_resident_moving_out_is_a_life_event_and_stays_on_file(
    qtbot, window: MainWindow, demo: Store
) -> None:
    household = demo.find(Household, order_by="head_name", limit=1)[0]
    leaving = Resident(
        grid=household.grid, author="demo", household_id=household.id, name="巴图", gender=Gender.MALE
    )
    demo.save(leaving)
    screen = window.screen(HOUSEHOLDS)
    form = screen.open_form(str(household.id))
    assert isinstance(form, HouseholdForm)
    [editor] = [e for e in form.residents if e.record is not None and e.record.id == leaving.id]
    _choose(editor.rows["presence"].editor.combo, Presence.MOVED_OUT.value)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.problem.text() == "迁出需要填写迁往何处。"
    assert demo.get(Resident, leaving.id).presence is Presence.PRESENT
    type_text(qtbot, editor.rows["moved_to"].editor.edit, "呼和浩特市")
    editor.rows["left_on"].editor.set_value(date(2026, 3, 1))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    kept = demo.get(Resident, leaving.id)
    assert (kept.presence, kept.deleted) == (Presence.MOVED_OUT, False)
    [event] = demo.find(LifeEvent, "resident_id = ?", [str(leaving.id)])
    assert (event.kind, event.happened_on, event.place) == (
        LifeEventKind.MOVED_OUT,
        date(2026, 3, 1),
        "呼和浩特市",
    )


def test_a_worker_confirms_a_group_the_upgrade_put_on_the_head(
    qtbot, window: MainWindow, demo: Store, session: Session
) -> None:
    household, elder = _elder(demo, session, "乌云")
    demo.save(
        CareMembership(
            grid=household.grid,
            author="migration-v12",
            household_id=household.id,
            resident_id=elder.id,
            care_group=CareGroup.ELDERLY_ALONE,
            needs_check=True,
        )
    )
    form = window.screen(HOUSEHOLDS).open_form(str(household.id))
    assert isinstance(form, HouseholdForm)
    note = form.findChild(QLabel, "care_to_check")
    assert note.isVisible() and "独居老人 · 乌云" in note.text() and "请核实" in note.text()
    [editor] = form.residents
    assert editor.rows["care_groups"].editor.raw() == [CareGroup.ELDERLY_ALONE.value]
    type_text(qtbot, form.rows["phone"].editor.edit, "13947112345")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [kept] = demo.find(CareMembership, "resident_id = ?", [str(elder.id)])
    assert not kept.needs_check


def test_a_service_item_registered_on_its_own_from_the_list(
    qtbot, window: MainWindow, demo: Store, session: Session
) -> None:
    household, elder = _elder(demo, session, "达古拉")
    window.nav.setCurrentRow(SERVICES)
    listed = window.screen(SERVICES)
    assert isinstance(listed, ServiceItemsScreen)
    qtbot.mouseClick(listed.new_button, Qt.MouseButton.LeftButton)
    form = window.forms[-1]
    assert isinstance(form, ServiceItemForm) and not form.moves.isVisible()
    _pick_household(qtbot, form.household, household)
    _choose(form.rows["channel"].editor.combo, ServiceChannel.BY_APPOINTMENT.value)
    _choose(form.rows["category"].editor.combo, ServiceCategory.MEDICAL_INSURANCE.value)
    assert not form.save_button.isEnabled()
    type_text(qtbot, form.rows["need"].editor.edit, "医保缴费后系统未显示，请求核查")
    qtbot.keyClick(form.rows["need"].editor.edit, "s", Qt.KeyboardModifier.ControlModifier)
    [item] = demo.find(ServiceItem, "household_id = ?", [str(household.id)])
    assert (item.channel, item.category, item.opened_visit_id, item.status) == (
        ServiceChannel.BY_APPOINTMENT,
        ServiceCategory.MEDICAL_INSURANCE,
        None,
        ServiceStatus.OPENED,
    )
    qtbot.waitUntil(
        lambda: str(item.id) in [listed.model.record_id(r) for r in range(listed.model.rowCount())]
    )
    assert elder.household_id == household.id
