"""Recording a volunteer activity: who took part for how long, with a photo kept encrypted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.models import Participation, Volunteer, VolunteerActivity
from app.services.attachments import MAX_ATTACHMENT_BYTES, attachment_data
from app.store import Store
from tests.ui.typing import type_text
from ui.forms.activity_form import ActivityForm
from ui.main_window import VOLUNTEERING, MainWindow


def test_worker_records_an_activity_with_volunteers_and_a_photo(
    qtbot, window: MainWindow, demo: Store, tmp_path: Path
) -> None:
    # an active one: a volunteer who stopped serving is not offered (the demo has one)
    volunteer = demo.find(Volunteer, "active = 1 AND name GLOB '[一-龥]*'", limit=1)[0]
    form = window.new_record(VOLUNTEERING)
    assert isinstance(form, ActivityForm)
    type_text(qtbot, form.rows["title"].editor.edit, "红石榴志愿服务队入户宣讲")
    type_text(qtbot, form.volunteer.edit, volunteer.name)
    qtbot.waitUntil(form.volunteer.hits.isVisible)
    ids = [
        form.volunteer.hits.item(i).data(Qt.ItemDataRole.UserRole)[0]
        for i in range(form.volunteer.hits.count())
    ]
    form.volunteer.hits.setCurrentRow(ids.index(str(volunteer.id)))
    qtbot.keyClick(form.volunteer.edit, Qt.Key.Key_Return)
    assert [row.volunteer_id for row in form.participants] == [volunteer.id]
    form.participants[0].hours.setValue(2.5)

    photos = form.rows["attachments"].editor
    too_big = tmp_path / "huge.jpg"
    too_big.write_bytes(b"\0" * (MAX_ATTACHMENT_BYTES + 1))
    photos.attach(too_big)
    assert "huge.jpg：附件大小必须在" in photos.problem.text() and photos.value() == []
    photo = tmp_path / "宣讲.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 40)
    photos.attach(photo)
    assert photos.problem.text() == "" and len(photos.value()) == 1
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    saved = demo.find(VolunteerActivity, "title = ?", ["红石榴志愿服务队入户宣讲"])[0]
    assert attachment_data(demo, saved.attachments[0]) == photo.read_bytes()
    taken = demo.find(Participation, "activity_id = ?", [str(saved.id)])
    assert [(p.volunteer_id, p.hours) for p in taken] == [(volunteer.id, 2.5)]
