"""A grid worker records a visit the way they would on the laptop: keyboard first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from app.models import Household, Visit, VisitType
from app.store import Store
from tests.ui.typing import type_text
from ui.forms.visit_form import VisitForm
from ui.main_window import VISITS, MainWindow
from ui.screens.visits import VisitsScreen


def test_worker_records_visit_for_household(qtbot, window: MainWindow, demo: Store) -> None:
    household = demo.find(Household, order_by="head_name", limit=1)[0]
    before = demo.count(Visit)
    window.nav.setCurrentRow(VISITS)
    screen = window.screen(VISITS)
    assert isinstance(screen, VisitsScreen)
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    form = window.forms[-1]
    assert isinstance(form, VisitForm)
    save = form.findChild(QPushButton, "save")
    assert not save.isEnabled()

    type_text(qtbot, form.household.edit, household.head_name)
    qtbot.waitUntil(lambda: form.household.hits.isVisible())
    hits = [form.household.hits.item(i).text() for i in range(form.household.hits.count())]
    wanted = next(i for i, text in enumerate(hits) if household.address in text)
    form.household.hits.setCurrentRow(wanted)
    qtbot.keyClick(form.household.edit, Qt.Key.Key_Return)
    assert form.household.value() == household.id

    type_combo = form.rows["visit_type"].editor.combo
    type_combo.setFocus()
    type_combo.setCurrentIndex(type_combo.findData(VisitType.HOME_SERVICE.value))
    type_combo.activated.emit(type_combo.currentIndex())
    needs = form.rows["needs"].editor.list
    needs.item(0).setCheckState(Qt.CheckState.Checked)
    summary = form.rows["summary"].editor.edit
    type_text(qtbot, summary, "上门办理低保续期，孩子上学已落实")
    assert save.isEnabled(), form.problem.text()
    qtbot.keyClick(summary, "s", Qt.KeyboardModifier.ControlModifier)

    assert demo.count(Visit) == before + 1
    saved = demo.find(Visit, "summary = ?", ["上门办理低保续期，孩子上学已落实"])[0]
    assert saved.household_id == household.id
    assert saved.visit_type is VisitType.HOME_SERVICE
    assert saved.grid == household.grid
    assert saved.visitor == window.session.username
    assert len(saved.needs) == 1
    shown = [screen.model.record_id(row) for row in range(screen.model.rowCount())]
    assert str(saved.id) in shown
    assert not form.isVisible()


def test_a_visit_without_a_summary_cannot_be_saved(qtbot, window: MainWindow, demo: Store) -> None:
    form = window.new_record(VISITS)
    household = demo.find(Household, limit=1)[0]
    form.household.set_value(household.id, household.head_name)
    form.household.changed.emit()
    summary = form.rows["summary"].editor.edit
    qtbot.keyClicks(summary, "x")
    summary.clear()
    assert not form.save_button.isEnabled()
    error = form.findChild(QLabel, "error_summary")
    assert error.text() == "此项不能为空。"
    before = demo.count(Visit)
    qtbot.keyClick(summary, "s", Qt.KeyboardModifier.ControlModifier)
    assert demo.count(Visit) == before
    assert form.isVisible()


def test_worker_records_a_visit_with_a_photo_that_waits_to_sync(
    qtbot, window: MainWindow, demo: Store, tmp_path
) -> None:
    from app.services.attachments import attachment_data, to_upload

    household = demo.find(Household, order_by="head_name", limit=1)[0]
    form = window.new_record(VISITS)
    assert isinstance(form, VisitForm)
    form.household.set_value(household.id, household.head_name)
    type_text(qtbot, form.rows["summary"].editor.edit, "为独居老人修好了取暖炉，拍照留存")
    photo = tmp_path / "取暖炉.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 20)
    form.rows["attachments"].editor.attach(photo)
    assert "1" in form.rows["attachments"].editor.count.text()
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    [saved] = demo.find(Visit, "summary = ?", ["为独居老人修好了取暖炉，拍照留存"])
    assert len(saved.attachments) == 1
    assert attachment_data(demo, saved.attachments[0]) == photo.read_bytes()
    assert saved.attachments[0] in {sha for sha, _size in to_upload(demo)}
    screen = window.screen(VISITS)
    assert isinstance(screen, VisitsScreen)
    screen.show_record(str(saved.id))
    assert "照片" in screen.detail.toPlainText()


def test_a_household_typed_but_not_picked_is_told_to_pick_from_the_list(
    qtbot, window: MainWindow, demo: Store
) -> None:
    household = demo.find(Household, order_by="head_name", limit=1)[0]
    form = window.new_record(VISITS)
    type_text(qtbot, form.household.edit, household.head_name)
    qtbot.waitUntil(lambda: form.household.hits.isVisible())
    type_text(qtbot, form.rows["summary"].editor.edit, "入户了解情况")
    error = form.findChild(QLabel, "error_household_id")
    assert error.isVisible() and error.text().startswith("请从列表中选择"), error.text()
    assert form.household.edit.text() == household.head_name, "what was typed stays"
    assert not form.save_button.isEnabled()
    form.household.hits.setCurrentRow(0)
    qtbot.keyClick(form.household.edit, Qt.Key.Key_Return)
    assert form.household.value() is not None
    assert error.text() == ""
    assert form.save_button.isEnabled(), form.problem.text()
    form.dirty = False
