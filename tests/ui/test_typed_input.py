"""Item 5 of the first hour: text is taken as the worker meant it. A full-width ID number from an
input method in full-width mode is a correct number; an address pasted with a line break is saved
with a space; neither shows an error the worker has to hunt for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QLabel

from app.models import Gender, Household, Resident
from app.store import Store
from tests.conftest import valid_id_number
from tests.ui.typing import type_text
from ui.forms.household_form import HouseholdForm
from ui.main_window import HOUSEHOLDS, MainWindow

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def test_full_width_id_number_and_phone_from_an_ime_are_saved_as_digits(
    qtbot, window: MainWindow, demo: Store
) -> None:
    form = window.new_record(HOUSEHOLDS)
    assert isinstance(form, HouseholdForm)
    type_text(qtbot, form.rows["head_name"].editor.edit, "其其格")
    type_text(qtbot, form.rows["address"].editor.edit, "巴彦嘎查３组１２号")
    type_text(qtbot, form.rows["phone"].editor.edit, "139４711２３45")  # half and full width mixed
    form.add_resident()
    resident = form.residents[0]
    type_text(qtbot, resident.rows["name"].editor.edit, "其其格")
    gender = resident.rows["gender"].editor.combo
    gender.setCurrentIndex(gender.findData(Gender.FEMALE.value))
    gender.activated.emit(gender.currentIndex())
    number = valid_id_number(male=False)
    type_text(qtbot, resident.rows["id_number"].editor.edit, number.translate(FULL_WIDTH))

    assert resident.rows["id_number"].editor.edit.text() == number  # shown as it will be saved
    assert resident.findChild(QLabel, "error_id_number").text() == ""
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    saved = demo.find(Household, "head_name = ?", ["其其格"])[0]
    assert (saved.address, saved.phone) == ("巴彦嘎查3组12号", "13947112345")
    people = demo.find(Resident, "household_id = ?", [str(saved.id)])
    assert [p.id_number for p in people] == [number]


def test_an_address_pasted_with_a_line_break_is_saved_with_a_space(
    qtbot, window: MainWindow, demo: Store
) -> None:
    form = window.new_record(HOUSEHOLDS)
    qtbot.waitUntil(form.isActiveWindow)  # the new form takes the keyboard
    type_text(qtbot, form.rows["head_name"].editor.edit, "巴特尔")
    address = form.rows["address"].editor.edit
    QGuiApplication.clipboard().setText("锡林郭勒盟正镶白旗\r\n巴彦嘎查2组7号")
    address.setFocus()
    qtbot.keySequence(address, QKeySequence.StandardKey.Paste)

    assert address.text() == "锡林郭勒盟正镶白旗 巴彦嘎查2组7号"
    assert form.rows["address"].error.text() == "" and form.problem.text() == ""
    qtbot.keyClick(address, "s", Qt.KeyboardModifier.ControlModifier)

    saved = demo.find(Household, "head_name = ?", ["巴特尔"])
    assert [h.address for h in saved] == ["锡林郭勒盟正镶白旗 巴彦嘎查2组7号"]


def test_a_name_pasted_with_a_zero_width_space_is_saved_without_it(
    qtbot, window: MainWindow, demo: Store
) -> None:
    """Copied from a chat, a name brings an invisible zero-width space and a byte-order mark: the
    worker cannot see them, so they are dropped rather than refused."""
    form = window.new_record(HOUSEHOLDS)
    qtbot.waitUntil(form.isActiveWindow)
    name = form.rows["head_name"].editor.edit
    QGuiApplication.clipboard().setText("\ufeff敖\u200b登")
    name.setFocus()
    qtbot.keySequence(name, QKeySequence.StandardKey.Paste)
    type_text(qtbot, form.rows["address"].editor.edit, "巴彦嘎查1组3号")
    assert name.text() == "敖登"
    assert form.rows["head_name"].error.text() == "" and form.problem.text() == ""
    qtbot.keyClick(name, "s", Qt.KeyboardModifier.ControlModifier)
    assert [h.address for h in demo.find(Household, "head_name = ?", ["敖登"])] == ["巴彦嘎查1组3号"]
