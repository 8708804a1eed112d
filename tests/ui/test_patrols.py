"""A worker logs a patrol with an incident found on it, then escalates the incident to the township."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt

from app.models import Incident, IncidentCategory, IncidentStatus, Patrol
from app.store import Store
from tests.ui.typing import type_text
from ui.forms.patrol_form import PatrolForm
from ui.main_window import PATROLS, MainWindow
from ui.screens.patrols import PatrolsScreen


def test_worker_logs_a_patrol_with_an_incident_and_escalates_it(
    qtbot, window: MainWindow, demo: Store, tmp_path: Path
) -> None:
    form = window.new_record(PATROLS)
    assert isinstance(form, PatrolForm)
    type_text(qtbot, form.rows["route"].editor.edit, "巴彦嘎查—北山草场—边境线")
    type_text(qtbot, form.rows["findings"].editor.edit, "北山草场发现未熄灭的火堆")
    photo = tmp_path / "火堆.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 30)
    form.rows["attachments"].editor.attach(photo)
    kind = form.rows["incident_category"].editor.combo
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_Down)  # from the empty entry to 草原防火
    assert kind.currentText() == "草原防火"
    assert not form.save_button.isEnabled()  # an incident needs to say what happened
    assert "事件经过" in form.problem.text()  # still to fill in, named where the save button is
    type_text(qtbot, form.rows["incident_place"].editor.edit, "北山草场")
    type_text(qtbot, form.rows["incident_summary"].editor.edit, "火堆未熄灭，已初步扑灭，需乡镇复查")
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    [patrol] = demo.find(Patrol, "route = ?", ["巴彦嘎查—北山草场—边境线"])
    [incident] = demo.find(Incident, "patrol_id = ?", [str(patrol.id)])
    assert (incident.category, incident.status, incident.escalated_at) == (
        IncidentCategory.GRASSLAND_FIRE,
        IncidentStatus.REPORTED,
        None,
    )
    assert incident.attachments == patrol.attachments and len(patrol.attachments) == 1

    screen = window.screen(PATROLS)
    assert isinstance(screen, PatrolsScreen)
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    row = next(r for r in range(screen.model.rowCount()) if screen.model.rows[r]["id"] == str(patrol.id))
    screen.table.selectRow(row)
    assert "草原防火" in screen.detail.toPlainText() and "已上报" in screen.detail.toPlainText()
    assert screen.escalate_button.isEnabled()
    qtbot.mouseClick(screen.escalate_button, Qt.MouseButton.LeftButton)

    escalated = demo.get(Incident, incident.id)
    assert escalated.status is IncidentStatus.HANDLING and escalated.escalated_at is not None
    assert not screen.escalate_button.isEnabled()  # once only
    qtbot.waitUntil(lambda: "处置中" in screen.detail.toPlainText())


def test_a_patrol_is_found_by_typing_part_of_its_route(qtbot, window: MainWindow, demo: Store) -> None:
    demo.save(
        Patrol(
            grid=window.session.grids[0],
            author="worker101",
            route="乌兰嘎查南沟—边境线",
            patroller="worker101",
            started_at=datetime(2026, 3, 5, 1, 0, tzinfo=UTC),
        )
    )
    demo.index_pending_search()
    window.nav.setCurrentRow(PATROLS)
    screen = window.screen(PATROLS)
    type_text(qtbot, screen.search, "南沟")
    screen.apply_filter()
    qtbot.waitUntil(lambda: [row["route"] for row in screen.model.rows] == ["乌兰嘎查南沟—边境线"])
