"""Registering a household with its residents; a wrong ID number is caught beside the field."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.models import Gender, Household, Resident
from app.services.drafts import drafts
from app.store import Store
from tests.conftest import valid_id_number
from tests.ui.typing import type_text
from ui.forms.household_form import HouseholdForm
from ui.main_window import HOUSEHOLDS, MainWindow


def _fill_household(qtbot, form: HouseholdForm) -> None:
    type_text(qtbot, form.rows["head_name"].editor.edit, "乌云其木格")
    type_text(qtbot, form.rows["address"].editor.edit, "巴彦嘎查2组7号")
    type_text(qtbot, form.rows["phone"].editor.edit, "13947112345")


def test_a_bad_id_number_shows_its_chinese_message_and_keeps_save_disabled(qtbot, window: MainWindow) -> None:
    form = window.new_record(HOUSEHOLDS)
    assert isinstance(form, HouseholdForm)
    _fill_household(qtbot, form)
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.findChild(type(form.save_button), "add_resident"), Qt.MouseButton.LeftButton)
    resident = form.residents[0]
    type_text(qtbot, resident.rows["name"].editor.edit, "乌云其木格")
    wrong = valid_id_number()[:-1] + ("0" if valid_id_number()[-1] != "0" else "1")
    type_text(qtbot, resident.rows["id_number"].editor.edit, wrong)

    error = resident.findChild(QLabel, "error_id_number")
    assert error.text() == "身份证号码校验位不正确，请逐位核对。" and error.isVisible()
    assert not form.save_button.isEnabled()
    assert resident.rows["id_number"].editor.edit.text() == wrong  # nothing typed is lost


def test_worker_registers_household_with_resident(qtbot, window: MainWindow, demo: Store) -> None:
    form = window.new_record(HOUSEHOLDS)
    _fill_household(qtbot, form)
    form.add_resident()
    resident = form.residents[0]
    type_text(qtbot, resident.rows["name"].editor.edit, "乌云其木格")
    gender = resident.rows["gender"].editor.combo
    gender.setCurrentIndex(gender.findData(Gender.FEMALE.value))
    gender.activated.emit(gender.currentIndex())
    number = valid_id_number(male=False)
    type_text(qtbot, resident.rows["id_number"].editor.edit, number)
    error = resident.findChild(QLabel, "error_id_number")
    assert "出生日期" not in error.text()
    assert form.save_button.isEnabled(), (form.problem.text(), error.text())
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    saved = demo.find(Household, "head_name = ?", ["乌云其木格"])
    assert len(saved) == 1 and saved[0].phone == "13947112345"
    people = demo.find(Resident, "household_id = ?", [str(saved[0].id)])
    assert [(p.name, p.id_number, p.gender) for p in people] == [("乌云其木格", number, Gender.FEMALE)]
    assert drafts(demo) == []


def test_escape_asks_before_discarding_what_was_typed(qtbot, window: MainWindow, demo: Store) -> None:
    form = window.new_record(HOUSEHOLDS)
    type_text(qtbot, form.rows["head_name"].editor.edit, "巴特尔")
    asked: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.button(button).click()

    QTimer.singleShot(50, lambda: answer(QMessageBox.StandardButton.Cancel))
    qtbot.keyClick(form.rows["head_name"].editor.edit, Qt.Key.Key_Escape)
    assert form.isVisible() and form.rows["head_name"].editor.raw() == "巴特尔"
    QTimer.singleShot(50, lambda: answer(QMessageBox.StandardButton.Discard))
    qtbot.keyClick(form.rows["head_name"].editor.edit, Qt.Key.Key_Escape)
    assert len(asked) == 2 and "未保存" in asked[0]
    qtbot.waitUntil(lambda: not form.isVisible())
    assert demo.find(Household, "head_name = ?", ["巴特尔"]) == []
