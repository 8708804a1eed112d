"""Stories of volunteers and deliberation meetings: a worker makes a team and two volunteers (one
picked from the residents, one from outside), records a 宣讲 with 40 participants, a photo and two
households served, makes a volunteer inactive — no longer offered, hours kept — and records a 议事
meeting found again in its list. Bad input is refused beside the field, and nothing typed is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.errors import InvalidValue
from app.models import (
    ActivityKind,
    Deliberation,
    Household,
    MeetingKind,
    Participation,
    Resident,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)
from app.services.attachments import attachment_data
from app.services.drafts import drafts
from app.services.session import Session
from app.services.volunteering import record_activity
from app.store import Store
from tests.ui.typing import type_text
from ui.forms.activity_form import ActivityForm
from ui.forms.fields import Choice
from ui.forms.meeting_form import MeetingForm
from ui.forms.picker import RecordPicker
from ui.forms.team_form import TeamForm
from ui.forms.volunteer_form import VolunteerForm
from ui.main_window import MEETINGS, VOLUNTEERING, VOLUNTEERS, MainWindow
from ui.screens.meetings import MeetingsScreen
from ui.screens.volunteers import VolunteersScreen


def choose(choice: Choice, value: str) -> None:
    """Pick an entry of a drop-down as a click on it does."""
    combo = choice.combo
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def hits_of(qtbot, picker: RecordPicker, text: str) -> list[str]:
    """Type into a picker and read the ids it offers (none, after the search ran, if none)."""
    picker.edit.clear()
    type_text(qtbot, picker.edit, text)
    picker.search_now()
    return [picker.hits.item(i).data(Qt.ItemDataRole.UserRole)[0] for i in range(picker.hits.count())]


def pick(qtbot, picker: RecordPicker, text: str, record_id: object) -> None:
    """Type a name, choose the one meant among the hits, press Enter."""
    ids = hits_of(qtbot, picker, text)
    assert str(record_id) in ids, f"{text} not offered"
    picker.hits.setCurrentRow(ids.index(str(record_id)))
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)


def lone_resident(store: Store, session: Session, *, skip: int = 0) -> Resident:
    """A resident of the worker's grids no namesake shares and who is not a volunteer yet."""
    row = store.db.execute(
        "SELECT r.id FROM residents r WHERE r.deleted = 0 AND r.id_number IS NOT NULL "
        "AND r.name NOT GLOB '*[A-Za-z]*' "
        "AND (SELECT count(*) FROM residents x WHERE x.name = r.name) = 1 "
        "AND NOT EXISTS (SELECT 1 FROM volunteers v WHERE v.resident_id = r.id OR v.id_number = r.id_number) "
        "ORDER BY r.id LIMIT 1 OFFSET ?",
        [skip],
    ).fetchone()
    return store.get(Resident, row[0])


def save(qtbot, form) -> None:
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def test_worker_registers_a_team_and_two_volunteers_records_a_lecture_then_retires_one(
    qtbot, window: MainWindow, demo: Store, session: Session, tmp_path: Path
) -> None:
    window.go_to(VOLUNTEERING)
    team_button = window.screen(VOLUNTEERING).findChild(
        type(window.screen(VOLUNTEERING).new_button), "new_team"
    )
    qtbot.mouseClick(team_button, Qt.MouseButton.LeftButton)
    team_form = next(f for f in window.forms if isinstance(f, TeamForm))
    type_text(qtbot, team_form.rows["name"].editor.edit, "乌兰牧骑红石榴志愿服务队")
    save(qtbot, team_form)
    [team] = demo.find(VolunteerTeam, "name = ?", ["乌兰牧骑红石榴志愿服务队"])

    # One volunteer picked from the residents: name, phone and ID number come from the registry.
    resident = lone_resident(demo, session)
    first = window.new_record(VOLUNTEERS)
    assert isinstance(first, VolunteerForm)
    pick(qtbot, first.resident, resident.name, resident.id)
    assert first.rows["name"].editor.value() == resident.name
    assert first.rows["id_number"].editor.value() == resident.id_number
    assert first.rows["phone"].editor.value() == resident.phone
    choose(first.rows["team_id"].editor, str(team.id))
    save(qtbot, first)
    [picked] = demo.find(Volunteer, "resident_id = ?", [str(resident.id)])
    assert (picked.name, picked.id_number, picked.team_id, picked.active) == (
        resident.name,
        resident.id_number,
        team.id,
        True,
    )

    # One from outside the registry, typed in.
    second = window.new_record(VOLUNTEERS)
    assert isinstance(second, VolunteerForm)
    type_text(qtbot, second.rows["name"].editor.edit, "斯琴高娃")
    type_text(qtbot, second.rows["phone"].editor.edit, "13904791234")
    choose(second.rows["team_id"].editor, str(team.id))
    save(qtbot, second)
    [outside] = demo.find(Volunteer, "name = ? AND resident_id IS NULL", ["斯琴高娃"])
    assert (outside.phone, outside.team_id, outside.active) == ("13904791234", team.id, True)

    # A 宣讲 with 40 taking part, a photo, two households served and both volunteers.
    served = demo.find(
        Household,
        "(SELECT count(*) FROM households x WHERE x.head_name = households.head_name) <= 3",
        order_by="address",
        limit=2,
    )
    assert len(served) == 2
    form = window.new_record(VOLUNTEERING)
    assert isinstance(form, ActivityForm)
    type_text(qtbot, form.rows["title"].editor.edit, "草原生态保护政策宣讲")
    choose(form.rows["kind"].editor, ActivityKind.LECTURE.value)
    choose(form.rows["team_id"].editor, str(team.id))
    count = form.rows["participant_count"].editor.spin
    count.selectAll()
    qtbot.keyClicks(count, "40")
    photo = tmp_path / "宣讲现场.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 40)
    form.rows["attachments"].editor.attach(photo)
    for household in served:
        pick(qtbot, form.rows["households_served"].editor.picker, household.head_name, household.id)
    assert served[0].head_name in form.rows["households_served"].editor.shown.text()
    pick(qtbot, form.volunteer, picked.name, picked.id)
    pick(qtbot, form.volunteer, outside.name, outside.id)
    for row in form.participants:
        row.hours.setValue(3)
    save(qtbot, form)
    [lecture] = demo.find(VolunteerActivity, "title = ?", ["草原生态保护政策宣讲"])
    assert (lecture.kind, lecture.participant_count) == (ActivityKind.LECTURE, 40)
    assert lecture.households_served == [h.id for h in served]
    assert attachment_data(demo, lecture.attachments[0]) == photo.read_bytes()
    detail = window.screen(VOLUNTEERING).details_of(str(lecture.id))
    assert "宣讲" in detail and "40" in detail and served[1].head_name in detail

    # 斯琴高娃 stops serving: made inactive from the volunteer list.
    window.go_to(VOLUNTEERS)
    volunteers = window.screen(VOLUNTEERS)
    assert isinstance(volunteers, VolunteersScreen)
    volunteers.select_record(str(outside.id))
    assert volunteers.standing_button.text() == "标记为停用"
    qtbot.mouseClick(volunteers.standing_button, Qt.MouseButton.LeftButton)
    assert demo.get(Volunteer, outside.id).active is False
    assert volunteers.standing_button.text() == "重新启用"

    # Not offered for a new activity, and refused by the service if named anyway …
    later = window.new_record(VOLUNTEERING)
    assert isinstance(later, ActivityForm)
    assert str(outside.id) not in hits_of(qtbot, later.volunteer, "斯琴高娃")
    assert str(picked.id) in hits_of(qtbot, later.volunteer, picked.name)
    later.dirty = False
    later.close()
    newer = VolunteerActivity(
        grid=lecture.grid,
        author="w",
        title="再次宣讲",
        started_at=lecture.started_at,
        ended_at=lecture.ended_at,
    )
    with pytest.raises(InvalidValue, match="已停用"):
        record_activity(
            demo,
            newer,
            [
                Participation(
                    grid=newer.grid, author="w", activity_id=newer.id, volunteer_id=outside.id, hours=1
                )
            ],
        )

    # … but the hours given stay theirs, in the list (filtered to the inactive) and the detail.
    window.go_to(VOLUNTEERS)
    choose(volunteers.choices["active"][1], "inactive")
    choose(volunteers.choices["team"][1], str(team.id))
    rows = [volunteers.model.record_id(r) for r in range(volunteers.model.rowCount())]
    assert rows == [str(outside.id)]
    hours_column = volunteers.model.column_of("hours")
    assert volunteers.model.index(0, hours_column).data() == "3"
    assert "已停用" in volunteers.model.index(0, volunteers.model.column_of("active")).data()
    detail = volunteers.details_of(str(outside.id))
    assert "草原生态保护政策宣讲" in detail and "3" in detail
    # The lecture keeps both on it when opened again.
    reopened = window.screen(VOLUNTEERING).open_form(str(lecture.id))
    assert isinstance(reopened, ActivityForm)
    assert {row.volunteer_id for row in reopened.participants} == {picked.id, outside.id}


def test_worker_records_a_deliberation_meeting_and_finds_it_in_the_list(
    qtbot, window: MainWindow, demo: Store, session: Session
) -> None:
    resident = lone_resident(demo, session)
    form = window.new_record(MEETINGS)
    assert isinstance(form, MeetingForm)
    choose(form.rows["kind"].editor, MeetingKind.EVENING.value)
    type_text(qtbot, form.rows["place"].editor.edit, "嘎查党群服务中心")
    type_text(qtbot, form.rows["host"].editor.edit, "嘎查党支部书记 巴图")
    type_text(qtbot, form.rows["attendee_names"].editor.edit, "巴特尔、其其格，王芳")
    pick(qtbot, form.rows["attendee_resident_ids"].editor.picker, resident.name, resident.id)
    count = form.rows["attendee_count"].editor.spin
    assert count.value() == 4  # everyone listed, counted by itself
    count.selectAll()
    qtbot.keyClicks(count, "26")
    type_text(qtbot, form.rows["topics"].editor.edit, "牧区小学校车接送安排\n饮水井维修费用分摊")
    type_text(qtbot, form.rows["decisions"].editor.edit, "按户均摊维修费，每户200元")
    type_text(qtbot, form.rows["follow_up_owner"].editor.edit, "网格员其其格")
    save(qtbot, form)

    [meeting] = demo.find(Deliberation, "host = ?", ["嘎查党支部书记 巴图"])
    assert meeting.kind is MeetingKind.EVENING
    assert meeting.attendee_names == ["巴特尔", "其其格", "王芳"]
    assert meeting.attendee_resident_ids == [resident.id]
    assert (meeting.attendee_count, meeting.follow_up_owner) == (26, "网格员其其格")
    assert meeting.topics == "牧区小学校车接送安排\n饮水井维修费用分摊"
    assert meeting.decisions == "按户均摊维修费，每户200元"

    window.go_to(MEETINGS)
    screen = window.screen(MEETINGS)
    assert isinstance(screen, MeetingsScreen)
    type_text(qtbot, screen.search, "校车")
    screen.apply_filter()
    assert [screen.model.record_id(r) for r in range(screen.model.rowCount())] == [str(meeting.id)]
    screen.select_record(str(meeting.id))
    shown = screen.detail.toPlainText()
    assert "晚议" in shown and resident.name in shown and "每户200元" in shown and "26" in shown


def test_bad_input_is_refused_beside_the_field_and_nothing_is_lost(
    qtbot, window: MainWindow, demo: Store, session: Session
) -> None:
    form = window.new_record(VOLUNTEERS)
    assert isinstance(form, VolunteerForm)
    type_text(qtbot, form.rows["name"].editor.edit, "阿拉坦其木格")
    type_text(qtbot, form.rows["phone"].editor.edit, "12345")
    type_text(qtbot, form.rows["id_number"].editor.edit, "152522195103081240")
    assert not form.save_button.isEnabled()
    assert form.rows["phone"].error.text() == "手机号码应为11位数字，以13至19开头。"
    assert form.rows["id_number"].error.text() == "身份证号码校验位不正确，请逐位核对。"
    form.rows["phone"].editor.edit.clear()
    type_text(qtbot, form.rows["phone"].editor.edit, "13904790000")
    form.rows["id_number"].editor.edit.clear()
    assert form.rows["name"].editor.value() == "阿拉坦其木格"  # still there
    # The same resident twice: refused beside the resident row.
    taken = demo.find(Volunteer, "resident_id IS NOT NULL", limit=1)[0]
    resident = demo.get(Resident, taken.resident_id)
    pick(qtbot, form.resident, resident.name, resident.id)
    assert "已登记为志愿者" in form.rows["resident"].error.text()
    assert not form.save_button.isEnabled()
    form.dirty = False
    form.close()

    meeting = window.new_record(MEETINGS)
    assert isinstance(meeting, MeetingForm)
    type_text(qtbot, meeting.rows["host"].editor.edit, "巴图")
    type_text(qtbot, meeting.rows["attendee_names"].editor.edit, "巴特尔、其其格3")
    assert "姓名中不能有“3”" in meeting.rows["attendee_names"].error.text()
    meeting.rows["attendee_names"].editor.edit.clear()
    type_text(qtbot, meeting.rows["attendee_names"].editor.edit, "巴特尔、其其格")
    assert meeting.rows["attendee_names"].error.text() == ""
    count = meeting.rows["attendee_count"].editor.spin
    count.selectAll()
    qtbot.keyClicks(count, "1")
    assert "到会人数不能少于列出的参会人（已列出2人）" in meeting.rows["attendee_count"].error.text()
    assert "议题" in meeting.problem.text()  # topics not typed yet: named as still to fill in
    assert not meeting.save_button.isEnabled()
    count.selectAll()
    qtbot.keyClicks(count, "12")
    type_text(qtbot, meeting.rows["topics"].editor.edit, "草场承包经营权流转公示")
    QApplication.processEvents()
    save(qtbot, meeting)
    [saved] = demo.find(Deliberation, "topics = ?", ["草场承包经营权流转公示"])
    assert (saved.host, saved.attendee_names, saved.attendee_count) == ("巴图", ["巴特尔", "其其格"], 12)


def test_a_meeting_and_a_volunteer_typed_when_the_app_closes_come_back_whole(
    qtbot, window: MainWindow, demo: Store, session: Session
) -> None:
    resident = lone_resident(demo, session)
    meeting = window.new_record(MEETINGS)
    assert isinstance(meeting, MeetingForm)
    type_text(qtbot, meeting.rows["host"].editor.edit, "巴图")
    type_text(qtbot, meeting.rows["attendee_names"].editor.edit, "巴特尔、其其格")
    pick(qtbot, meeting.rows["attendee_resident_ids"].editor.picker, resident.name, resident.id)
    type_text(qtbot, meeting.rows["topics"].editor.edit, "冬季接羔保育")
    volunteer = window.new_record(VOLUNTEERS)
    assert isinstance(volunteer, VolunteerForm)
    pick(qtbot, volunteer.resident, resident.name, resident.id)
    window.close()  # each open form keeps what was typed as a draft

    restored = [window.restore_draft(draft) for draft in drafts(demo)]
    [again] = [form for form in restored if isinstance(form, MeetingForm)]
    assert again.values()["attendee_names"] == ["巴特尔", "其其格"]
    assert again.values()["attendee_resident_ids"] == [resident.id]
    assert (again.values()["attendee_count"], again.values()["topics"]) == (3, "冬季接羔保育")
    [person] = [form for form in restored if isinstance(form, VolunteerForm)]
    assert person.resident.value() == resident.id
    assert person.values()["name"] == resident.name
    save(qtbot, again)
    save(qtbot, person)
    assert demo.find(Deliberation, "topics = ?", ["冬季接羔保育"])[0].attendee_count == 3
    assert demo.find(Volunteer, "resident_id = ?", [str(resident.id)])[0].name == resident.name
