"""迁入 and 出生 entered from the household form, as 迁出 and death already were: the life event is
kept with the household's history, read back when the form opens again, corrected or withdrawn
there; a birth or a move dated after today is refused beside the date, and nothing typed is lost."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QPushButton

from app.models import Gender, Household, LifeEvent, LifeEventKind, Presence, Resident
from app.store import Store
from tests.ui.typing import type_text
from ui import calendar_day
from ui.forms.household_form import HouseholdForm, ResidentEditor
from ui.main_window import HOUSEHOLDS, MainWindow

pytestmark = pytest.mark.dates

TODAY = date(2026, 3, 5)


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_day, "local_today", lambda: TODAY)


def _choose(combo, value: str) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def _pick_day(editor: ResidentEditor, name: str, day: date) -> None:
    """A day chosen in the field's calendar."""
    editor.rows[name].editor.calendar().activated.emit(QDate(day.year, day.month, day.day))


def _open(window: MainWindow, household: Household) -> HouseholdForm:
    form = window.screen(HOUSEHOLDS).open_form(str(household.id))
    assert isinstance(form, HouseholdForm)
    return form


def _new_resident(qtbot, form: HouseholdForm, name: str, gender: Gender) -> ResidentEditor:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(form.findChild(QPushButton, "add_resident"), Qt.MouseButton.LeftButton)
    editor = form.residents[-1]
    assert isinstance(editor, ResidentEditor)
    type_text(qtbot, editor.rows["name"].editor.edit, name)
    _choose(editor.rows["gender"].editor.combo, gender.value)
    return editor


def _events(demo: Store, resident: Resident) -> list[LifeEvent]:
    return demo.find(LifeEvent, "resident_id = ?", [str(resident.id)])


def test_a_baby_born_and_a_daughter_in_law_moving_in_are_life_events(
    qtbot, window: MainWindow, demo: Store
) -> None:
    household = demo.find(Household, order_by="head_name", limit=1)[0]
    form = _open(window, household)
    baby = _new_resident(qtbot, form, "阿拉坦", Gender.MALE)
    _pick_day(baby, "birth_date", date(2026, 2, 20))
    _choose(baby.rows["joined_by"].editor.combo, LifeEventKind.BIRTH.value)
    bride = _new_resident(qtbot, form, "萨仁", Gender.FEMALE)
    _choose(bride.rows["joined_by"].editor.combo, LifeEventKind.MOVED_IN.value)
    _pick_day(bride, "joined_on", date(2026, 3, 1))
    type_text(qtbot, bride.rows["moved_from"].editor.edit, "锡林浩特市")
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    [alatan] = demo.find(Resident, "name = ? AND household_id = ?", ["阿拉坦", str(household.id)])
    [saren] = demo.find(Resident, "name = ? AND household_id = ?", ["萨仁", str(household.id)])
    [born] = _events(demo, alatan)
    [moved] = _events(demo, saren)
    assert (born.kind, born.happened_on, born.place) == (LifeEventKind.BIRTH, date(2026, 2, 20), "")
    assert (moved.kind, moved.happened_on, moved.place) == (
        LifeEventKind.MOVED_IN,
        date(2026, 3, 1),
        "锡林浩特市",
    )
    assert moved.household_id == household.id and moved.grid == household.grid
    assert alatan.presence is saren.presence is Presence.PRESENT

    # opened again, the form says how each came; a corrected day is saved on the same event
    again = _open(window, household)
    [bride] = [e for e in again.residents if e.record is not None and e.record.id == saren.id]
    assert isinstance(bride, ResidentEditor)
    assert bride.rows["joined_by"].editor.value() is LifeEventKind.MOVED_IN
    assert bride.rows["joined_on"].editor.value() == date(2026, 3, 1)
    assert bride.rows["moved_from"].editor.raw() == "锡林浩特市"
    _pick_day(bride, "joined_on", date(2026, 2, 27))
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    [moved] = _events(demo, saren)
    assert moved.happened_on == date(2026, 2, 27)

    # entered by mistake on the wrong person: withdrawn, the resident stays
    third = _open(window, household)
    [baby] = [e for e in third.residents if e.record is not None and e.record.id == alatan.id]
    assert isinstance(baby, ResidentEditor)
    _choose(baby.rows["joined_by"].editor.combo, "")
    qtbot.mouseClick(third.save_button, Qt.MouseButton.LeftButton)
    assert _events(demo, alatan) == []
    assert demo.get(Resident, alatan.id).presence is Presence.PRESENT


def test_a_move_dated_after_today_or_a_birth_off_the_birth_date_is_refused_beside_the_day(
    qtbot, window: MainWindow, demo: Store
) -> None:
    household = demo.find(Household, order_by="head_name", limit=1)[0]
    form = _open(window, household)
    baby = _new_resident(qtbot, form, "特日格勒", Gender.FEMALE)
    _pick_day(baby, "birth_date", date(2026, 1, 9))
    _choose(baby.rows["joined_by"].editor.combo, LifeEventKind.BIRTH.value)
    _pick_day(baby, "joined_on", date(2026, 1, 10))
    assert not form.save_button.isEnabled()
    assert baby.rows["joined_on"].error.text() == "应与出生日期（2026-01-09）一致。"
    _pick_day(baby, "joined_on", date(2026, 1, 9))
    assert baby.rows["joined_on"].error.text() == ""

    comer = _new_resident(qtbot, form, "朝鲁", Gender.MALE)
    _choose(comer.rows["joined_by"].editor.combo, LifeEventKind.MOVED_IN.value)
    type_text(qtbot, comer.rows["moved_from"].editor.edit, "二连浩特市")
    _pick_day(comer, "joined_on", date(2026, 3, 6))
    assert not form.save_button.isEnabled()
    assert comer.rows["joined_on"].error.text() == "日期不能晚于今天。"
    assert comer.rows["moved_from"].editor.raw() == "二连浩特市"  # nothing typed is lost
    assert demo.find(Resident, "name = ?", ["朝鲁"]) == []
    _pick_day(comer, "joined_on", date(2026, 3, 5))
    assert form.save_button.isEnabled(), form.problem.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [chaolu] = demo.find(Resident, "name = ? AND household_id = ?", ["朝鲁", str(household.id)])
    [moved] = _events(demo, chaolu)
    assert (moved.kind, moved.happened_on, moved.place) == (LifeEventKind.MOVED_IN, TODAY, "二连浩特市")
