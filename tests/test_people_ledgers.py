"""The service-item ledger and the floating-population ledger (流动人口台账), read back with openpyxl:
headers, rows, ID numbers masked unless the supervisor exporting asks for them in full."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from app.models import (
    Gender,
    LifeEvent,
    LifeEventKind,
    Residence,
    Role,
    Satisfaction,
    ServiceCategory,
    ServiceChannel,
    ServiceItem,
)
from app.services import care, service_items
from app.services.ledgers import LedgerRequest, export_ledger
from app.services.registry import register_household
from app.services.session import Session
from app.store import Store
from tests.conftest import GRID, make_household, make_resident, valid_id_number

pytestmark = pytest.mark.dates

ZONE = ZoneInfo("Asia/Shanghai")
SUPERVISOR = Session("supervisor1", "张伟", Role.SUPERVISOR, (GRID,))
ELDER_ID = valid_id_number(date(1941, 5, 2), male=False)
MIGRANT_ID = valid_id_number(date(1985, 1, 1), region="622901")


@pytest.fixture
def recorded(store: Store) -> Store:
    household = make_household(head_name="斯琴")
    elder = make_resident(household, name="斯琴", id_number=ELDER_ID, birth_date=date(1941, 5, 2))
    migrant = make_resident(
        household,
        name="马明",
        gender=Gender.MALE,
        id_number=MIGRANT_ID,
        birth_date=date(1985, 1, 1),
        residence=Residence.FLOATING,
        native_place="甘肃省临夏州",
        arrived_on=date(2025, 4, 1),
        arrival_reason="务工",
        permit_number="152501202600123",
        permit_expires=date(2027, 4, 1),
    )
    left = make_resident(
        household,
        name="马丽",
        residence=Residence.FLOATING,
        native_place="宁夏吴忠市",
        arrived_on=date(2024, 1, 1),
    )
    register_household(store, household, [elder, migrant, left])
    care.record_life_event(
        store,
        LifeEvent(
            grid=GRID,
            author="worker101",
            household_id=household.id,
            resident_id=left.id,
            kind=LifeEventKind.MOVED_OUT,
            happened_on=date(2026, 6, 1),
            place="宁夏吴忠市",
        ),
        today=date(2026, 12, 1),
    )
    item = service_items.open_item(
        store,
        ServiceItem(
            grid=GRID,
            author="worker101",
            household_id=household.id,
            resident_id=elder.id,
            category=ServiceCategory.PENSION_CERTIFICATION,
            channel=ServiceChannel.AT_HOME,
            need="老人不会用手机，上门办理养老金资格认证",
            due_on=date(2026, 12, 10),
        ),
    )
    service_items.start(store, item.id, by="worker101")
    service_items.close(
        store,
        item.id,
        outcome="已上门完成人脸认证",
        satisfaction=Satisfaction.SATISFIED,
        at=datetime.now(UTC) - timedelta(hours=1),
    )
    return store


def _sheet(path: Path) -> list[tuple]:
    return list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))


def test_the_service_item_ledger_reads_back_with_masked_id_numbers(recorded: Store, tmp_path: Path) -> None:
    path = tmp_path / "服务事项.xlsx"
    assert export_ledger(recorded, SUPERVISOR, LedgerRequest("service_items", path, (GRID,)), zone=ZONE) == 1
    header, row = _sheet(path)
    assert header[:11] == (
        "登记时间",
        "网格",
        "户主",
        "服务对象",
        "服务对象身份证号",
        "地址",
        "事项类别",
        "办理方式",
        "群众诉求",
        "办理时限",
        "办理状态",
    )
    assert header[-3:] == ("办理结果", "满意度", "经办人")
    values = dict(zip(header, row, strict=True))
    assert values["服务对象身份证号"] == ELDER_ID[:6] + "********" + ELDER_ID[-4:]
    assert (values["事项类别"], values["办理方式"], values["办理状态"], values["满意度"]) == (
        "社保认证",
        "上门办",
        "已办结",
        "满意",
    )
    assert (values["网格"], values["服务对象"], values["办理时限"], values["办理结果"]) == (
        "巴彦嘎查",
        "斯琴",
        "2026-12-10",
        "已上门完成人脸认证",
    )


def test_the_floating_population_ledger_lists_who_came_and_who_left(recorded: Store, tmp_path: Path) -> None:
    path = tmp_path / "流动人口.xlsx"
    export_ledger(recorded, SUPERVISOR, LedgerRequest("floating_population", path, (GRID,)), zone=ZONE)
    header, *rows = _sheet(path)
    assert header == (
        "姓名",
        "性别",
        "民族",
        "身份证号",
        "户籍地",
        "现住址",
        "网格",
        "来本地日期",
        "来本地事由",
        "居住证号",
        "居住证有效期至",
        "离开日期",
        "在册状态",
        "联系电话",
    )
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_name) == {"马明", "马丽"}
    assert by_name["马明"]["身份证号"] == MIGRANT_ID[:6] + "********" + MIGRANT_ID[-4:]
    assert (by_name["马明"]["户籍地"], by_name["马明"]["居住证号"], by_name["马明"]["在册状态"]) == (
        "甘肃省临夏州",
        "152501202600123",
        "在册",
    )
    assert (by_name["马丽"]["离开日期"], by_name["马丽"]["在册状态"]) == ("2026-06-01", "已迁出")
    # by arrival date: only those who came in 2025
    export_ledger(
        recorded,
        SUPERVISOR,
        LedgerRequest(
            "floating_population", path, (GRID,), date_from=date(2025, 1, 1), date_to=date(2025, 12, 31)
        ),
        zone=ZONE,
    )
    assert [row[0] for row in _sheet(path)[1:]] == ["马明"]


def test_a_supervisor_may_export_the_id_numbers_in_full(recorded: Store, tmp_path: Path) -> None:
    path = tmp_path / "流动人口-完整.xlsx"
    request = LedgerRequest("floating_population", path, (GRID,), full_id_numbers=True)
    export_ledger(recorded, SUPERVISOR, request, zone=ZONE)
    assert MIGRANT_ID in [row[3] for row in _sheet(path)]
