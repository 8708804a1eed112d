"""住户 shows each household's care groups (独居老人, 防返贫监测户 …) where it once showed the old
household tags: the groups its people are in today, and a filter by group."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.models import CareGroup, CareMembership, Gender, Household, Presence, Resident
from app.services.registry import register_household
from app.services.session import Session
from app.store import Store
from tests.ui.typing import type_text
from ui import calendar_day
from ui.forms.household_form import HouseholdForm
from ui.main_window import HOUSEHOLDS, MainWindow
from ui.screens.households import HouseholdsScreen

pytestmark = pytest.mark.dates

TODAY = date(2026, 3, 5)


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar_day, "local_today", lambda: TODAY)


def _tick(resident, label: str) -> None:  # type: ignore[no-untyped-def]
    groups = resident.rows["care_groups"].editor.list
    [item] = [groups.item(i) for i in range(groups.count()) if groups.item(i).text() == label]
    item.setCheckState(Qt.CheckState.Checked)


def _shown(screen: HouseholdsScreen, household: Household) -> str:
    """The care-groups cell of the household's row, as the list draws it."""
    [row] = [r for r in range(screen.model.rowCount()) if screen.model.record_id(r) == str(household.id)]
    return screen.model.index(row, screen.model.column_of("care_groups")).data()


def _choose(combo, value: str) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def test_the_household_list_shows_the_care_groups_its_people_are_in_today(
    qtbot, window: MainWindow, demo: Store, session: Session
) -> None:
    form = window.new_record(HOUSEHOLDS)
    assert isinstance(form, HouseholdForm)
    type_text(qtbot, form.rows["head_name"].editor.edit, "额尔敦")
    type_text(qtbot, form.rows["address"].editor.edit, "巴彦嘎查9组2号")
    for name, gender, group in (
        ("额尔敦", Gender.MALE, "独居老人"),
        ("其木格", Gender.FEMALE, "防返贫监测户"),
    ):
        qtbot.mouseClick(form.findChild(QPushButton, "add_resident"), Qt.MouseButton.LeftButton)
        resident = form.residents[-1]
        type_text(qtbot, resident.rows["name"].editor.edit, name)
        _choose(resident.rows["gender"].editor.combo, gender.value)
        _tick(resident, group)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    [household] = demo.find(Household, "head_name = ? AND address = ?", ["额尔敦", "巴彦嘎查9组2号"])

    window.nav.setCurrentRow(HOUSEHOLDS)
    screen = window.screen(HOUSEHOLDS)
    assert isinstance(screen, HouseholdsScreen)
    headers = [
        screen.model.headerData(c, Qt.Orientation.Horizontal) for c in range(screen.model.columnCount())
    ]
    assert "关爱对象" in headers and "标签" not in headers
    qtbot.waitUntil(
        lambda: str(household.id) in [screen.model.record_id(r) for r in range(screen.model.rowCount())]
    )
    assert _shown(screen, household) == "独居老人、防返贫监测户"

    # 其木格 passed away; 额尔敦's group ended yesterday: neither is the household's today
    [qimuge] = demo.find(Resident, "name = ? AND household_id = ?", ["其木格", str(household.id)])
    demo.save(qimuge.model_copy(update={"presence": Presence.DECEASED}))
    [alone] = demo.find(
        CareMembership, "care_group = ? AND household_id = ?", ["elderly_alone", str(household.id)]
    )
    demo.save(alone.model_copy(update={"until": TODAY - timedelta(days=1)}))
    screen.refresh()
    assert _shown(screen, household) == ""


def test_the_household_list_is_filtered_by_a_care_group(
    qtbot, window: MainWindow, demo: Store, session: Session
) -> None:
    household = Household(
        grid=session.grids[0], author=session.username, address="巴彦嘎查9组3号", head_name="娜仁"
    )
    veteran = Resident(
        grid=household.grid,
        author=session.username,
        household_id=household.id,
        name="娜仁",
        gender=Gender.FEMALE,
    )
    register_household(demo, household, [veteran])
    demo.save(
        CareMembership(
            grid=household.grid,
            author=session.username,
            household_id=household.id,
            resident_id=veteran.id,
            care_group=CareGroup.VETERAN,
            since=TODAY,
        )
    )
    window.nav.setCurrentRow(HOUSEHOLDS)
    screen = window.screen(HOUSEHOLDS)
    assert isinstance(screen, HouseholdsScreen)
    _label, combo = screen.choices["care_group"]
    _choose(combo.combo, CareGroup.VETERAN.value)
    listed = [screen.model.record_id(r) for r in range(screen.model.rowCount())]
    assert str(household.id) in listed
    assert all(
        "退役军人" in screen.model.index(r, screen.model.column_of("care_groups")).data()
        for r in range(len(listed))
    )
    # a group that starts tomorrow is not hers today
    _choose(combo.combo, CareGroup.LOW_INCOME.value)
    demo.save(
        CareMembership(
            grid=household.grid,
            author=session.username,
            household_id=household.id,
            resident_id=veteran.id,
            care_group=CareGroup.LOW_INCOME,
            since=TODAY + timedelta(days=1),
        )
    )
    screen.refresh()
    assert str(household.id) not in [screen.model.record_id(r) for r in range(screen.model.rowCount())]
