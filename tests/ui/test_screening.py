"""Stories of dispute screening (矛盾纠纷排查) on the screen: a worker files this month's 零报告 and a
second filing with findings for the same grid and month is refused beside the field; a round with
two findings, one turned into a dispute and one into an incident, each leading back to the round;
a supervisor sees which villages have not reported."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import Qt

from app.models import Dispute, Grid, Incident, IncidentCategory, Role, ScreeningFinding, ScreeningRound
from app.services.screening import file_round, finding_of, month_of, turn_into_dispute, unreported_grids
from app.services.session import Session, session_for
from app.store import Store
from tests.conftest import month_round
from tests.ui.typing import type_text
from ui import calendar_day
from ui.changes import announce
from ui.forms.screening_form import ScreeningForm
from ui.main_window import DISPUTES, SCREENING, MainWindow
from ui.screens.disputes import DisputesScreen
from ui.screens.screening import ScreeningScreen

pytestmark = pytest.mark.dates

TODAY = date(2026, 12, 14)


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_day, "local_today", lambda: TODAY)


def _quiet_village(store: Store, session: Session) -> tuple[str, str]:
    """A village of the person's with nothing filed for this month (the demo files some)."""
    return unreported_grids(store, session, *month_of(TODAY))[0]


def _pick_grid(form: ScreeningForm, code: str) -> None:
    combo = form.rows["grid"].editor.combo
    combo.setCurrentIndex(combo.findData(code))
    combo.activated.emit(combo.currentIndex())


def _screen(window: MainWindow) -> ScreeningScreen:
    window.nav.setCurrentRow(SCREENING)
    screen = window.screen(SCREENING)
    assert isinstance(screen, ScreeningScreen)
    return screen


def test_worker_files_a_nil_report_and_findings_for_the_same_month_are_refused(
    qtbot, window: MainWindow, demo: Store
) -> None:
    screen = _screen(window)
    code, name = _quiet_village(demo, window.session)
    qtbot.mouseClick(screen.findChild(type(screen.new_button), "file_nil"), Qt.MouseButton.LeftButton)
    form = window.forms[-1]
    assert isinstance(form, ScreeningForm)
    assert form.rows["nil_report"].editor.value() is True
    assert form.period.combo.currentText() == "2026年12月"
    _pick_grid(form, code)
    type_text(qtbot, form.rows["places_covered"].editor.edit, "1至4组全部牧户")
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    [nil] = demo.find(ScreeningRound, "grid = ? AND period_start = ?", [code, "2026-12-01"])
    assert (nil.nil_report, nil.period_end, nil.screened_on) == (True, date(2026, 12, 31), TODAY)
    qtbot.waitUntil(lambda: str(nil.id) in [row["id"] for row in screen.model.rows])
    screen.select_record(str(nil.id))
    assert "本期未发现矛盾纠纷" in screen.detail.toPlainText()

    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    again = window.forms[-1]
    assert isinstance(again, ScreeningForm) and again is not form
    _pick_grid(again, code)
    qtbot.mouseClick(again.findChild(type(again.save_button), "add_finding"), Qt.MouseButton.LeftButton)
    finding = again.findings.editors[0]
    type_text(qtbot, finding.rows["summary"].editor.edit, "两户因饮水井使用起争执")
    refused = again.rows["period"].error.text()
    assert refused.startswith(f"{name}2026年12月已报零报告（本期未发现矛盾纠纷），不能再登记排查发现"), (
        refused
    )
    assert not again.save_button.isEnabled()
    again.dirty = False
    again.close()
    assert demo.count(ScreeningRound, "grid = ? AND period_start = ?", [code, "2026-12-01"]) == 1
    assert demo.count(ScreeningFinding, "summary = ?", ["两户因饮水井使用起争执"]) == 0

    # Filed by mistake: the worker withdraws the nil report, and the findings can then be filed.
    screen.select_record(str(nil.id))
    assert screen.withdraw_nil.isVisible() and not screen.to_dispute.isVisible()
    qtbot.mouseClick(screen.withdraw_nil, Qt.MouseButton.LeftButton)
    assert demo.count(ScreeningRound, "grid = ? AND period_start = ?", [code, "2026-12-01"]) == 0
    assert demo.get(ScreeningRound, nil.id, include_deleted=True).deleted


def test_two_findings_become_a_dispute_and_an_incident_that_lead_back_to_the_round(
    qtbot, window: MainWindow, demo: Store
) -> None:
    screen = _screen(window)
    code, _name = _quiet_village(demo, window.session)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    form = window.forms[-1]
    assert isinstance(form, ScreeningForm)
    _pick_grid(form, code)
    type_text(qtbot, form.rows["places_covered"].editor.edit, "北梁、南沟")
    for summary, place in (("巴特尔与其其格两户草场界桩有争议", "北梁"), ("南沟草场边有烧荒痕迹", "南沟")):
        qtbot.mouseClick(form.findChild(type(form.save_button), "add_finding"), Qt.MouseButton.LeftButton)
        editor = form.findings.editors[-1]
        type_text(qtbot, editor.rows["place"].editor.edit, place)
        type_text(qtbot, editor.rows["summary"].editor.edit, summary)
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [round_] = demo.find(ScreeningRound, "grid = ? AND period_start = ?", [code, "2026-12-01"])
    assert not round_.nil_report

    screen.select_record(str(round_.id))
    assert screen.finding_choice.count() == 2
    screen.finding_choice.setCurrentIndex(0)
    qtbot.mouseClick(screen.to_dispute, Qt.MouseButton.LeftButton)
    assert screen.finding_choice.count() == 1
    screen.incident_kind.set_raw(IncidentCategory.GRASSLAND_FIRE)
    qtbot.mouseClick(screen.to_incident, Qt.MouseButton.LeftButton)
    assert screen.finding_choice.count() == 0 and not screen.to_dispute.isEnabled()

    by_summary = {f.summary: f for f in demo.find(ScreeningFinding, "round_id = ?", [str(round_.id)])}
    grass = by_summary["巴特尔与其其格两户草场界桩有争议"]
    fire = by_summary["南沟草场边有烧荒痕迹"]
    dispute = demo.get(Dispute, grass.dispute_id)
    incident = demo.get(Incident, fire.incident_id)
    assert (dispute.location, incident.category, incident.place) == (
        "北梁",
        IncidentCategory.GRASSLAND_FIRE,
        "南沟",
    )
    assert finding_of(demo, "disputes", dispute.id)[1].id == round_.id
    assert finding_of(demo, "incidents", incident.id)[1].id == round_.id
    shown = screen.detail.toPlainText()
    assert (
        "→ 纠纷“巴特尔与其其格两户草场界桩有争议”（已登记）" in shown
        and "→ 事件：草原防火（已上报）" in shown
    )

    window.nav.setCurrentRow(DISPUTES)
    disputes = window.screen(DISPUTES)
    assert isinstance(disputes, DisputesScreen)
    disputes.select_record(str(dispute.id))
    assert "2026年12月" in disputes.detail.toPlainText() and "来自排查" in disputes.detail.toPlainText()


def test_the_supervisor_sees_which_villages_have_not_reported(qtbot, demo: Store) -> None:
    [banner] = demo.find(Grid, "level = 'banner_county'")
    supervisor = session_for(demo, "leader01", "王主任", Role.SUPERVISOR, (banner.code,))
    missing = unreported_grids(demo, supervisor, *month_of(TODAY))
    screen = ScreeningScreen(demo, supervisor)
    qtbot.addWidget(screen)
    shown = screen.unreported.text()
    assert shown.startswith(f"2026年12月尚未上报的网格（{len(missing)}）：")
    assert all(name in shown for _code, name in missing)


def test_a_nil_report_and_findings_from_two_offline_laptops_are_shown_until_withdrawn(
    qtbot, window: MainWindow, demo: Store
) -> None:
    code, name = _quiet_village(demo, window.session)
    nil = month_round(TODAY, code, nil=True, author="a")
    found = month_round(TODAY, code, author="b")
    # As a sync brings them: each laptop checked its own half, neither saw the other's.
    demo.save(nil)
    demo.save(found)
    demo.save(
        ScreeningFinding(
            grid=code, author="b", round_id=found.id, category="neighbour", summary="草场边界争执"
        )
    )
    screen = _screen(window)
    assert screen.contradicted.isVisible()
    assert f"{name}2026年12月" in screen.contradicted.text()
    assert "零报告" in screen.contradicted.text()

    screen.select_record(str(nil.id))
    qtbot.mouseClick(screen.withdraw_nil, Qt.MouseButton.LeftButton)
    assert not screen.contradicted.isVisible()
    assert [
        r.id for r in demo.find(ScreeningRound, "grid = ? AND period_start = ?", [code, "2026-12-01"])
    ] == [found.id]


def test_on_the_first_of_the_month_the_supervisor_looks_back_at_who_missed_the_last(
    qtbot, demo: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_of_january = date(2027, 1, 1)
    monkeypatch.setattr(calendar_day, "local_today", lambda: first_of_january)
    [banner] = demo.find(Grid, "level = 'banner_county'")
    supervisor = session_for(demo, "leader01", "王主任", Role.SUPERVISOR, (banner.code,))
    december = month_of(TODAY)
    missing = unreported_grids(demo, supervisor, *december)
    screen = ScreeningScreen(demo, supervisor)
    qtbot.addWidget(screen)
    screen.show()
    assert screen.unreported.text().startswith("2027年1月尚未上报的网格")
    assert screen.unreported_month.currentData() == "2027-01-01"

    screen.unreported_month.setCurrentIndex(screen.unreported_month.findData("2026-12-01"))
    assert screen.unreported.text().startswith(f"2026年12月尚未上报的网格（{len(missing)}）：")
    code, name = missing[0]
    file_round(demo, month_round(TODAY, code, nil=True, author="late"))
    announce({"screening_rounds"})
    assert name not in screen.unreported.text()
    assert screen.unreported.text().startswith(f"2026年12月尚未上报的网格（{len(missing) - 1}）")


def test_a_finding_turned_both_ways_on_two_laptops_is_named_until_the_surplus_is_deleted(
    qtbot, window: MainWindow, demo: Store
) -> None:
    code, name = _quiet_village(demo, window.session)
    round_ = month_round(TODAY, code, author="a")
    found = ScreeningFinding(
        grid=code, author="a", round_id=round_.id, category="neighbour", summary="草场边界争执"
    )
    file_round(demo, round_, [found])
    dispute = turn_into_dispute(demo, found.id, by="a")
    # As a sync brings it: the other laptop, offline, reported the same finding as an incident.
    incident = demo.save(
        Incident(
            grid=code,
            author="b",
            category=IncidentCategory.OTHER,
            place="北梁",
            summary=found.summary,
            reported_at=datetime(2026, 12, 14, 3, tzinfo=UTC),
        )
    )
    demo.save(demo.get(ScreeningFinding, found.id).model_copy(update={"incident_id": incident.id}))
    screen = _screen(window)
    assert screen.turned_twice.isVisible()
    assert f"{name}：草场边界争执" in screen.turned_twice.text()
    assert "既转为纠纷又转为事件" in screen.turned_twice.text()
    screen.select_record(str(round_.id))
    shown = screen.detail.toPlainText()
    assert "→ 纠纷“草场边界争执”" in shown and "→ 事件：" in shown

    demo.delete(Incident, incident.id)
    announce({"incidents"})
    assert not screen.turned_twice.isVisible()
    assert demo.get(Dispute, dispute.id).title == "草场边界争执"
