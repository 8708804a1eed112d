"""What two laptops working offline leave after a sync, repaired by a worker: a volunteer listed
twice on one activity (each laptop added them), and one resident registered as a volunteer twice.
The worker sees it beside the record, removes or merges the extra, and no other row or hour is lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.models import Participation, Volunteer, VolunteerActivity
from app.services.drafts import drafts, save_draft
from app.services.session import Session
from app.services.volunteering import from_resident, hours_of, record_activity, register_volunteer
from app.store import Store
from tests.ui.test_volunteers_and_meetings import lone_resident, save
from tests.ui.typing import type_text
from ui.forms.activity_form import ActivityForm
from ui.forms.volunteer_form import VolunteerForm
from ui.main_window import VOLUNTEERING, VOLUNTEERS, MainWindow
from ui.screens.volunteers import VolunteersScreen

START = datetime(2025, 5, 10, 1, tzinfo=UTC)


def _activity(grid: str, title: str) -> VolunteerActivity:
    return VolunteerActivity(
        grid=grid, author="worker101", title=title, started_at=START, ended_at=START + timedelta(hours=3)
    )


def _took_part(activity: VolunteerActivity, volunteer: Volunteer, hours: float, author: str) -> Participation:
    return Participation(
        grid=activity.grid, author=author, activity_id=activity.id, volunteer_id=volunteer.id, hours=hours
    )


def test_worker_removes_the_second_row_a_sync_left_for_one_volunteer_and_keeps_the_rest(
    qtbot, window: MainWindow, demo: Store, session: Session
) -> None:
    grid = lone_resident(demo, session).grid
    batu, sarnai = (
        register_volunteer(demo, Volunteer(grid=grid, author="worker101", name=name))
        for name in ("巴特尔", "萨仁")
    )
    planting = _activity(grid, "春季植树")
    mine, hers = _took_part(planting, batu, 3, "worker101"), _took_part(planting, sarnai, 2, "worker101")
    record_activity(demo, planting, [mine, hers])
    # The other laptop added 巴特尔 too, offline; the sync writes its row as it comes.
    theirs = demo.save(_took_part(planting, batu, 2.5, "worker102"))

    form = window.screen(VOLUNTEERING).open_form(str(planting.id))
    assert isinstance(form, ActivityForm)
    rows = {row.participation_id: row for row in form.participants}
    assert set(rows) == {mine.id, hers.id, theirs.id}
    twice = [row for row in form.participants if not row.twice.isHidden()]
    assert [row.participation_id for row in twice] == [mine.id, theirs.id]
    assert twice[0].twice.text() == "重复"
    assert batu.name in form.participant_problem.text() and "不止一次" in form.participant_problem.text()

    # Saving other changes is not held up by it, and keeps both rows until one is removed.
    form.rows["title"].editor.edit.clear()
    type_text(qtbot, form.rows["title"].editor.edit, "春季植树（补记）")
    save(qtbot, form)
    assert {p.id for p in demo.find(Participation, "activity_id = ?", [str(planting.id)])} == set(rows)

    form = window.screen(VOLUNTEERING).open_form(str(planting.id))
    assert isinstance(form, ActivityForm)
    extra = next(row for row in form.participants if row.participation_id == theirs.id)
    qtbot.mouseClick(extra.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert all(row.twice.isHidden() for row in form.participants)
    assert form.participant_problem.text() == ""
    save(qtbot, form)

    left = demo.find(Participation, "activity_id = ?", [str(planting.id)])
    assert sorted((p.id, p.volunteer_id, p.hours) for p in left) == sorted(
        [(mine.id, batu.id, 3), (hers.id, sarnai.id, 2)]
    )
    assert demo.get(Participation, theirs.id, include_deleted=True).deleted  # a tombstone that syncs
    assert demo.get(VolunteerActivity, planting.id).title == "春季植树（补记）"


def test_worker_edits_a_resident_registered_on_two_laptops_then_merges_the_two_keeping_every_hour(
    qtbot, window: MainWindow, demo: Store, session: Session
) -> None:
    resident = lone_resident(demo, session)
    here = register_volunteer(demo, from_resident(resident, team_id=None, author="worker101"))
    there = demo.save(from_resident(resident, team_id=None, author="worker102"))  # as a sync brings it
    planting, lecture = _activity(resident.grid, "春季植树"), _activity(resident.grid, "政策宣讲")
    record_activity(demo, planting, [_took_part(planting, here, 3, "worker101")])
    record_activity(demo, lecture, [_took_part(lecture, there, 2, "worker102")])

    # Either registration can still be edited: the other is no reason to refuse.
    form = window.screen(VOLUNTEERS).open_form(str(there.id))
    assert isinstance(form, VolunteerForm)
    assert not form.twice.isHidden() and "同一居民登记了两次" in form.twice.text()
    form.rows["phone"].editor.edit.clear()
    type_text(qtbot, form.rows["phone"].editor.edit, "13904790001")
    assert form.rows["resident"].error.text() == ""
    save(qtbot, form)
    assert demo.get(Volunteer, there.id).phone == "13904790001"

    # The list says she is registered twice, and merges the other into the one selected.
    window.go_to(VOLUNTEERS)
    volunteers = window.screen(VOLUNTEERS)
    assert isinstance(volunteers, VolunteersScreen)
    volunteers.select_record(str(here.id))
    detail = volunteers.details_of(str(here.id))
    assert "同一居民登记了两次" in detail and "2 小时" in detail
    assert volunteers.merge_button.isVisible()
    assert volunteers.merge_button.text() == "把另一条登记合并到这一条"
    qtbot.mouseClick(volunteers.merge_button, Qt.MouseButton.LeftButton)

    [merged] = demo.find(Volunteer, "resident_id = ?", [str(resident.id)])
    assert merged.id == here.id
    assert hours_of(demo, merged) == 3 + 2
    assert merged.phone in (resident.phone, "13904790001")
    assert "同一居民登记了两次" not in volunteers.details_of(str(here.id))
    assert not volunteers.merge_button.isVisible()
    after = volunteers.open_form(str(here.id))
    assert isinstance(after, VolunteerForm) and after.twice.isHidden()


def test_the_row_removed_before_the_app_closed_stays_removed_when_the_draft_comes_back(
    qtbot, window: MainWindow, demo: Store, session: Session
) -> None:
    grid = lone_resident(demo, session).grid
    batu = register_volunteer(demo, Volunteer(grid=grid, author="worker101", name="巴特尔"))
    planting = _activity(grid, "春季植树")
    mine = _took_part(planting, batu, 3, "worker101")
    record_activity(demo, planting, [mine])
    theirs = demo.save(_took_part(planting, batu, 2.5, "worker102"))

    form = window.screen(VOLUNTEERING).open_form(str(planting.id))
    assert isinstance(form, ActivityForm)
    kept = next(row for row in form.participants if row.participation_id == mine.id)
    qtbot.mouseClick(kept.findChild(QPushButton), Qt.MouseButton.LeftButton)  # this laptop's, not theirs
    window.close()  # what was done is kept as a draft

    [again] = [window.restore_draft(draft) for draft in drafts(demo)]
    assert isinstance(again, ActivityForm)
    assert [(row.participation_id, row.hours.value()) for row in again.participants] == [(theirs.id, 2.5)]
    save(qtbot, again)
    assert [(p.id, p.hours) for p in demo.find(Participation, "activity_id = ?", [str(planting.id)])] == [
        (theirs.id, 2.5)
    ]


def test_a_draft_written_before_rows_knew_their_participation_keeps_the_stored_one(
    qtbot, window: MainWindow, demo: Store, session: Session
) -> None:
    grid = lone_resident(demo, session).grid
    batu = register_volunteer(demo, Volunteer(grid=grid, author="worker101", name="巴特尔"))
    planting = _activity(grid, "春季植树")
    mine = _took_part(planting, batu, 3, "worker101")
    record_activity(demo, planting, [mine])
    form = window.screen(VOLUNTEERING).open_form(str(planting.id))
    assert isinstance(form, ActivityForm)
    form.participants[0].hours.setValue(2)
    payload = form.payload()
    payload["participants"] = [[volunteer, hours] for volunteer, hours, _id in payload["participants"]]
    save_draft(demo, "older", kind="activity", record_id=str(planting.id), title="植树", payload=payload)
    form.dirty = False
    form.close()

    again = window.restore_draft(next(d for d in drafts(demo) if d.id == "older"))
    assert isinstance(again, ActivityForm)
    save(qtbot, again)
    assert [(p.id, p.hours) for p in demo.find(Participation, "activity_id = ?", [str(planting.id)])] == [
        (mine.id, 2)
    ]
