"""A volunteer roster written the way people keep one in Excel, to try the import on and to test it.

The sheet has a title merged across the top, a two-row header (基本信息 merged over 姓名 and
身份证号; 序号, 联系电话, 所在嘎查村 and 志愿服务队 merged down both rows), ID and phone numbers stored as
text, and a blank row after every ``blank_every`` people. Written in openpyxl's write-only mode, so
a 100,000-row roster is written without holding it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from app.validation import check_digit

TITLE = "红石榴志愿服务队志愿者花名册"
SURNAMES = "王李张刘陈杨赵黄周吴巴乌其"
GIVEN = ("芳", "强", "敏", "军", "特尔", "图雅", "其其格", "明", "丽", "宝音")


def id_number_for(serial: int, *, region: str = "152522") -> str:
    """A valid ID number, different for every serial below a million."""
    birth = date(1960, 1, 1) + timedelta(days=serial % 14000)
    first17 = f"{region}{birth:%Y%m%d}{serial // 14000 % 1000:03d}"
    return first17 + check_digit(first17)


def roster_line(serial: int, village: str, team: str = "") -> list[object]:
    name = SURNAMES[serial % len(SURNAMES)] + GIVEN[serial // len(SURNAMES) % len(GIVEN)]
    return [serial, name, id_number_for(serial), f"139{serial % 100_000_000:08d}", village, team]


def write_roster(path: Path, lines: Iterable[Sequence[object]], *, blank_every: int = 0) -> Path:
    """Write ``lines`` (序号, 姓名, 身份证号, 联系电话, 所在嘎查村, 志愿服务队) under the headers."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("花名册")
    sheet.append([TITLE, None, None, None, None, None])
    sheet.append(["序号", "基本信息", None, "联系电话", "所在嘎查村", "志愿服务队"])
    sheet.append([None, "姓名", "身份证号", None, None, None])
    for count, line in enumerate(lines, start=1):
        sheet.append(list(line))
        if blank_every and count % blank_every == 0:
            sheet.append([])
    for cells in ("A1:F1", "B2:C2", "A2:A3", "D2:D3", "E2:E3", "F2:F3"):
        sheet.merged_cells.add(cells)
    workbook.save(path)
    return path
