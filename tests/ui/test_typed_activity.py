"""A worker records a 宣讲 with 40 participants and a photo; the detail pane shows both."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.models import ActivityKind, VolunteerActivity
from app.services.attachments import attachment_data
from app.store import Store
from tests.ui.typing import type_text
from ui.forms.activity_form import ActivityForm
from ui.main_window import VOLUNTEERING, MainWindow


def test_worker_records_a_lecture_with_40_participants_and_a_photo(
    qtbot, window: MainWindow, demo: Store, tmp_path: Path
) -> None:
    form = window.new_record(VOLUNTEERING)
    assert isinstance(form, ActivityForm)
    type_text(qtbot, form.rows["title"].editor.edit, "民族团结进步政策宣讲")
    kind = form.rows["kind"].editor.combo
    kind.setFocus()
    qtbot.keyClick(kind, Qt.Key.Key_End)
    assert kind.currentText() == "其他"
    qtbot.keyClick(kind, Qt.Key.Key_Home)
    assert kind.currentText() == "宣讲"
    count = form.rows["participant_count"].editor.spin
    count.selectAll()
    qtbot.keyClicks(count, "40")
    served = form.rows["beneficiary_count"].editor.spin
    served.selectAll()
    qtbot.keyClicks(served, "120")
    photo = tmp_path / "宣讲现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 40)
    form.rows["attachments"].editor.attach(photo)
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    [saved] = demo.find(VolunteerActivity, "title = ?", ["民族团结进步政策宣讲"])
    assert (saved.kind, saved.participant_count, saved.beneficiary_count) == (ActivityKind.LECTURE, 40, 120)
    assert attachment_data(demo, saved.attachments[0]) == photo.read_bytes()
    screen = window.screen(VOLUNTEERING)
    detail = screen.details_of(str(saved.id))
    assert "宣讲" in detail and "40" in detail and "120" in detail
