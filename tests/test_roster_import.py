"""Volunteer roster import from Excel: every bad row reported, nothing saved until confirmed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.demo.roster_file import id_number_for, roster_line, write_roster
from app.models import Grid, GridLevel, Role, Volunteer, VolunteerTeam
from app.services.roster import RosterUnreadable, check_roster, write_report
from app.services.roster_rows import RosterShapeError, find_columns
from app.services.session import Session, session_for
from app.store import Store
from tests.conftest import GRID, make_household, make_resident

pytestmark = pytest.mark.dates

TODAY = date(2026, 3, 5)
WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture
def session() -> Session:
    return Session("worker101", "王芳", Role.WORKER, (GRID,), {GRID: "巴彦嘎查"})


@pytest.fixture
def team(store: Store) -> VolunteerTeam:
    return store.save(VolunteerTeam(grid=GRID, author="worker101", name="红石榴志愿服务队"))


def test_a_clean_roster_with_merged_headers_and_blank_rows_imports_on_confirmation(
    store: Store, session: Session, team: VolunteerTeam, tmp_path: Path
) -> None:
    lines = [roster_line(n, "巴彦嘎查", "红石榴志愿服务队") for n in range(1, 26)]
    path = write_roster(tmp_path / "roster.xlsx", lines, blank_every=10)
    checked = check_roster(store, session, path, today=TODAY)
    assert (checked.rows, checked.valid, checked.problems) == (25, 25, [])
    assert store.count(Volunteer) == 0
    assert checked.import_valid(store) == 25
    checked.close()
    saved = store.find(Volunteer, order_by="id_number")
    assert {v.id_number for v in saved} == {id_number_for(n) for n in range(1, 26)}
    assert {v.team_id for v in saved} == {team.id}
    assert {v.grid for v in saved} == {GRID}


def test_full_width_digits_and_numbers_stored_as_numbers_read_as_typed(
    store: Store, session: Session, tmp_path: Path
) -> None:
    lines = [
        [1, "王芳", id_number_for(1).translate(WIDE), "１３９４７１１２３４５", "巴彦嘎查", None],
        [2, "李强", id_number_for(2), 13947112346, GRID, None],
        [3, "张敏", None, None, None, None],
    ]
    path = write_roster(tmp_path / "roster.xlsx", lines)
    checked = check_roster(store, session, path, today=TODAY)
    assert checked.problems == []
    checked.import_valid(store)
    checked.close()
    by_name = {v.name: v for v in store.find(Volunteer)}
    assert by_name["王芳"].id_number == id_number_for(1)
    assert by_name["王芳"].phone == "13947112345"
    assert by_name["李强"].phone == "13947112346"
    assert by_name["张敏"].grid == GRID  # one grid: an empty village cell means it


def test_every_bad_row_is_reported_with_column_value_and_reason_and_nothing_is_saved(
    store: Store, session: Session, team: VolunteerTeam, tmp_path: Path
) -> None:
    bad_check_digit = id_number_for(5)[:17] + ("0" if id_number_for(5)[17] != "0" else "1")
    lines = [
        roster_line(1, "巴彦嘎查", "红石榴志愿服务队"),
        [2, "李强", bad_check_digit, "13947112345", "巴彦嘎查", None],
        [3, "张敏", id_number_for(1), "13947112345", "巴彦嘎查", None],
        [4, "刘军", id_number_for(4), "13947112345", "乌兰嘎查", None],
        [5, "", id_number_for(6), "12345", "巴彦嘎查", "党员先锋队"],
        [6, "陈丽", 1.52522198804171e17, None, "巴彦嘎查", None],
    ]
    path = write_roster(tmp_path / "roster.xlsx", lines)
    checked = check_roster(store, session, path, today=TODAY)
    # Rows: title, two header rows, then the people from sheet row 4.
    assert checked.bad_rows == [5, 6, 7, 8, 9]
    assert (checked.rows, checked.valid) == (6, 1)
    reasons = {(p.row, p.column): p.zh for p in checked.problems}
    assert "校验位" in reasons[(5, "身份证号")]
    assert "与第4行是同一人" in reasons[(6, "身份证号")]
    assert "未知的嘎查村“乌兰嘎查”" in reasons[(7, "所在嘎查村")]
    assert {(8, "姓名"), (8, "联系电话"), (8, "志愿服务队")} <= set(reasons)
    assert "存成了数字" in reasons[(9, "身份证号")]
    assert [p.value for p in checked.problems if p.row == 7] == ["乌兰嘎查"]
    checked.close()
    assert store.count(Volunteer) == 0


def test_a_person_already_a_volunteer_is_a_duplicate_and_a_resident_is_linked(
    store: Store, session: Session, tmp_path: Path
) -> None:
    household = store.save(make_household())
    resident = store.save(make_resident(household, id_number=id_number_for(1)))  # an even serial: female
    store.save(Volunteer(grid=GRID, author="worker101", name="李强", id_number=id_number_for(2)))
    lines = [roster_line(1, "巴彦嘎查"), roster_line(2, "巴彦嘎查")]
    checked = check_roster(store, session, write_roster(tmp_path / "r.xlsx", lines), today=TODAY)
    assert [(p.row, p.zh) for p in checked.problems] == [(5, "已登记为志愿者（李强），不能重复登记。")]
    checked.import_valid(store)
    checked.close()
    linked = store.find(Volunteer, "id_number = ?", [id_number_for(1)])
    assert [v.resident_id for v in linked] == [resident.id]


def test_a_cancelled_import_saves_nothing(store: Store, session: Session, tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.xlsx", [roster_line(n, "巴彦嘎查") for n in range(1, 1201)])
    checked = check_roster(store, session, path, today=TODAY)

    def cancel_halfway(done: int, _total: int) -> None:
        if done >= 1000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        checked.import_valid(store, progress=cancel_halfway)
    checked.close()
    assert store.count(Volunteer) == 0


def test_a_sheet_without_a_name_header_or_a_file_that_is_not_excel_is_refused(
    store: Store, session: Session, tmp_path: Path
) -> None:
    with pytest.raises(RosterShapeError):
        find_columns([("序号", "备注"), (1, "x")])
    workbook = Workbook()
    workbook.active.append(["编号", "备注"])
    workbook.save(tmp_path / "other.xlsx")
    with pytest.raises(RosterShapeError):
        check_roster(store, session, tmp_path / "other.xlsx", today=TODAY)
    (tmp_path / "notes.xlsx").write_text("not a workbook")
    with pytest.raises(RosterUnreadable):
        check_roster(store, session, tmp_path / "notes.xlsx", today=TODAY)


def test_the_report_is_the_roster_with_its_bad_rows_filled_and_explained(
    store: Store, session: Session, tmp_path: Path
) -> None:
    lines = [
        roster_line(1, "巴彦嘎查"),
        [2, "李强", id_number_for(1), "12345", "巴彦嘎查", None],
        roster_line(3, "巴彦嘎查"),
    ]
    checked = check_roster(store, session, write_roster(tmp_path / "r.xlsx", lines), today=TODAY)
    assert write_report(checked, tmp_path / "检查结果.xlsx") == 1
    checked.close()
    sheet = load_workbook(tmp_path / "检查结果.xlsx").worksheets[0]
    assert sheet.cell(1, 1).value == "红石榴志愿服务队志愿者花名册"
    assert sheet.cell(3, 7).value == "问题"
    assert sheet.cell(4, 2).value == roster_line(1, "巴彦嘎查")[1] and sheet.cell(4, 7).value is None
    reasons = sheet.cell(5, 7).value
    assert "与第4行是同一人" in reasons and "联系电话：" in reasons
    assert (
        sheet.cell(5, 2).fill.fgColor.rgb.endswith("FFC7CE")
        and sheet.cell(6, 2).fill.fgColor.rgb != "00FFC7CE"
    )
    assert store.count(Volunteer) == 0


def test_the_progress_bar_learns_the_row_count_from_the_file_without_reading_it_twice(
    store: Store, session: Session, team: VolunteerTeam, tmp_path: Path
) -> None:
    """A file that declares its size (Excel, WPS, openpyxl's normal mode) gives the bar its total
    at once; one that does not (openpyxl's write-only mode) keeps the bar busy rather than being
    read through once more just to count its rows."""
    lines = [roster_line(n, "巴彦嘎查", "红石榴志愿服务队") for n in range(1, 31)]
    streamed = write_roster(tmp_path / "streamed.xlsx", lines)
    declared = load_workbook(streamed)  # read whole and saved again: openpyxl then writes <dimension>
    declared.save(tmp_path / "declared.xlsx")

    def totals(path: Path) -> set[int]:
        told: list[int] = []
        checked = check_roster(store, session, path, today=TODAY, progress=lambda _done, t: told.append(t))
        assert checked.valid == 30
        checked.close()
        return set(told)

    assert totals(streamed) == {0}
    assert totals(tmp_path / "declared.xlsx") == {declared.worksheets[0].max_row}


BAOLIGEN, ERDUN_GOL = "152500201", "152500202"  # two townships, each with an 额尔敦嘎查
OWN_ERDUN, OTHER_ERDUN = f"{BAOLIGEN}001", f"{ERDUN_GOL}001"


@pytest.fixture
def two_erduns(store: Store) -> Store:
    """As in the demo: 额尔敦嘎查 of 宝力根苏木 and 额尔敦嘎查 of 额尔敦高勒镇, so the laptop labels
    each with its township; 宝力根苏木 keeps a volunteer team of its own."""
    for code, name, level, parent in [
        (BAOLIGEN, "宝力根苏木", GridLevel.TOWNSHIP, None),
        (ERDUN_GOL, "额尔敦高勒镇", GridLevel.TOWNSHIP, None),
        (OWN_ERDUN, "额尔敦嘎查", GridLevel.VILLAGE, BAOLIGEN),
        (OTHER_ERDUN, "额尔敦嘎查", GridLevel.VILLAGE, ERDUN_GOL),
    ]:
        store.save(Grid(grid=code, code=code, name=name, level=level, parent_code=parent, author="admin"))
    store.save(VolunteerTeam(grid=BAOLIGEN, author="admin", name="宝力根苏木志愿服务队"))
    store.save(VolunteerTeam(grid=ERDUN_GOL, author="admin", name="额尔敦高勒镇志愿服务队"))
    return store


def test_a_worker_names_their_village_plainly_though_another_township_has_one_of_that_name(
    two_erduns: Store, tmp_path: Path
) -> None:
    """worker101 looks after one 额尔敦嘎查 and writes it as everyone in the village does; their
    volunteers join the township's team, as the volunteer form lets them. The other township's
    village and team stay out of reach."""
    store = two_erduns
    worker = session_for(store, "worker101", "乌云", Role.WORKER, (OWN_ERDUN,))
    lines = [
        roster_line(1, "额尔敦嘎查", "宝力根苏木志愿服务队"),
        roster_line(2, "额尔敦嘎查（宝力根苏木）", ""),
        roster_line(3, OWN_ERDUN, "宝力根苏木志愿服务队"),
        roster_line(4, "额尔敦嘎查（额尔敦高勒镇）", ""),
        roster_line(5, "额尔敦嘎查", "额尔敦高勒镇志愿服务队"),
    ]
    checked = check_roster(store, worker, write_roster(tmp_path / "roster.xlsx", lines), today=TODAY)
    reasons = {(p.row, p.column): p.zh for p in checked.problems}
    assert set(reasons) == {(7, "所在嘎查村"), (8, "志愿服务队")}, reasons
    assert "不在您负责的网格内" in reasons[(7, "所在嘎查村")]
    checked.import_valid(store)
    checked.close()
    saved = store.find(Volunteer, order_by="id_number")
    assert {v.grid for v in saved} == {OWN_ERDUN} and len(saved) == 3
    [township_team] = store.find(VolunteerTeam, "grid = ?", [BAOLIGEN])
    assert {v.team_id for v in saved} == {township_team.id, None}


def test_a_name_two_of_ones_own_villages_share_asks_which_one(two_erduns: Store, tmp_path: Path) -> None:
    """An administrator looks after both 额尔敦嘎查: the plain name could be either, so the row
    says which names tell them apart; those names are taken."""
    store = two_erduns
    admin = session_for(store, "admin", "管理员", Role.ADMIN, ())
    lines = [
        roster_line(1, "额尔敦嘎查"),
        roster_line(2, "额尔敦嘎查（额尔敦高勒镇）"),
        roster_line(3, "巴彦嘎查"),
    ]
    checked = check_roster(store, admin, write_roster(tmp_path / "roster.xlsx", lines), today=TODAY)
    [problem] = checked.problems
    assert (problem.row, problem.column) == (4, "所在嘎查村")
    assert "额尔敦嘎查（宝力根苏木）、额尔敦嘎查（额尔敦高勒镇）" in problem.zh and "哪一个" in problem.zh
    assert "未知" not in problem.zh
    checked.import_valid(store)
    checked.close()
    assert sorted(v.grid for v in store.find(Volunteer)) == sorted([OTHER_ERDUN, GRID])
