"""The rules of a volunteer roster (志愿者花名册) row, with no file and no database in sight.

A roster comes from Excel as people keep it: a title merged across the top, headers over one or two
rows (a merged 证件信息 above 身份证号), blank rows between groups, phone and ID numbers typed as text
or as numbers, full-width digits from a Chinese input method. ``find_columns`` finds the header band;
``RosterRules.check`` turns one data row into the values of a volunteer or the list of what is wrong
with it, each reason in Chinese (English kept), so the report can name every bad row at once.

>>> rules = RosterRules(villages={"巴彦嘎查": "152500101001"}, teams={}, today=date(2026, 3, 5))
>>> columns = find_columns([("姓名", "联系电话", "所在嘎查村")])
>>> rules.check(7, columns, ("王芳", "１３９４７１１２３４５", "巴彦嘎查")).values["phone"]
'13947112345'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.errors import InvalidValue
from app.validation import parse_id_number, validate_name, validate_phone
from app.validation.normalize import InputKind, normalize_input

NAME, ID_NUMBER, PHONE, VILLAGE, TEAM = "name", "id_number", "phone", "village", "team"

# The words rosters use for each column, compared without spaces, line breaks or width.
HEADERS: dict[str, tuple[str, ...]] = {
    NAME: ("姓名", "志愿者姓名"),
    ID_NUMBER: ("身份证号", "身份证号码", "公民身份号码", "身份证"),
    PHONE: ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"),
    VILLAGE: ("所在嘎查村", "嘎查村", "所在村", "村", "村社区", "所属网格", "网格"),
    TEAM: ("志愿服务队", "所属队伍", "服务队", "队伍", "所属服务队"),
}
COLUMN_NAMES: dict[str, tuple[str, str]] = {
    NAME: ("姓名", "Name"),
    ID_NUMBER: ("身份证号", "ID number"),
    PHONE: ("联系电话", "Phone"),
    VILLAGE: ("所在嘎查村", "Village"),
    TEAM: ("志愿服务队", "Team"),
}
# Header rows are looked for among the first rows only: a title and a two-row header fit easily.
HEADER_SEARCH_ROWS = 10


def _label(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value)) if value is not None else ""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "()（）/、*")


_BY_LABEL = {_label(word): key for key, words in HEADERS.items() for word in words}


@dataclass(frozen=True)
class Columns:
    """Where each known column is (0-based), and the sheet row (1-based) the data starts after."""

    at: dict[str, int]
    header_end: int


class RosterShapeError(InvalidValue):
    """The file is not a roster this import can read at all (no 姓名 header, say)."""


def find_columns(first_rows: Iterable[Sequence[Any]]) -> Columns:
    """The header band is the first row naming a known column and the rows right after it that
    name more (a merged group header above sub-headers); a title row above names none."""
    at: dict[str, int] = {}
    header_end = 0
    for number, row in enumerate(first_rows, start=1):
        labels = [_label(cell) for cell in row]
        found = {index: _BY_LABEL[label] for index, label in enumerate(labels) if label in _BY_LABEL}
        if found:
            for index, key in found.items():
                at.setdefault(key, index)
            header_end = number
        elif at or number >= HEADER_SEARCH_ROWS:
            break
    if NAME not in at:
        raise RosterShapeError(
            "roster_no_header",
            "没有找到表头：前几行中应有“姓名”一列。",
            "No header found: one of the first rows must have a 姓名 (name) column.",
        )
    return Columns(at, header_end)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell: the sheet row, the column's name, the value as read."""

    row: int
    column: str
    value: str
    zh: str
    en: str


@dataclass
class CheckedRow:
    row: int
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def is_blank(cells: Sequence[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def cell_text(value: object, *, number: bool = False) -> str:
    """What a person typed in the cell. Excel keeps a typed 13947112345 as a number (an int here,
    or a float with ``.0``); both read back as the digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return normalize_input(text, InputKind.NUMBER if number else InputKind.LINE).strip()


@dataclass
class RosterRules:
    """What a row is checked against: the villages (name or code → grid code) and the teams
    (name → team id) the importing person may use, and the day that counts as today.
    ``ambiguous`` holds the names that several of the person's grids share, with the labels that
    tell them apart."""

    villages: dict[str, str]
    teams: dict[str, str]
    today: date
    default_village: str | None = None
    ambiguous: dict[str, list[str]] = field(default_factory=dict)

    def check(self, row: int, columns: Columns, cells: Sequence[Any]) -> CheckedRow:
        checked = CheckedRow(row)

        def raw(key: str) -> object:
            index = columns.at.get(key)
            return cells[index] if index is not None and index < len(cells) else None

        def problem(key: str, value: object, zh: str, en: str) -> None:
            shown = "" if value is None else str(value)
            checked.problems.append(Problem(row, COLUMN_NAMES[key][0], shown, zh, en))

        def judged(key: str, value: object, rule: Any) -> None:
            try:
                checked.values[key] = rule(value)
            except InvalidValue as bad:
                problem(key, value, bad.zh, bad.en)

        judged(NAME, raw(NAME), lambda v: validate_name(cell_text(v)))
        judged(ID_NUMBER, raw(ID_NUMBER), self._id_number)
        judged(PHONE, raw(PHONE), self._phone)
        judged(VILLAGE, raw(VILLAGE), self._village)
        judged(TEAM, raw(TEAM), self._team)
        return checked

    def _phone(self, value: object) -> str | None:
        text = cell_text(value, number=True)
        return validate_phone(text) if text else None

    def _id_number(self, value: object) -> str | None:
        if isinstance(value, float) and (not value.is_integer() or value > 2**53):
            raise InvalidValue(
                "roster_id_as_number",
                "身份证号被Excel存成了数字，后几位已丢失；请把该列设为“文本”后重新填写。",
                "Excel stored the ID number as a number and lost its last digits; make the column text.",
            )
        text = cell_text(value, number=True)
        return parse_id_number(text, today=self.today).number if text else None

    def _village(self, value: object) -> str:
        text = cell_text(value)
        if not text:
            if self.default_village is not None:
                return self.default_village
            raise InvalidValue("roster_no_village", "未填写所在嘎查村。", "The village is missing.")
        if text in self.ambiguous:
            choices = self.ambiguous[text]
            raise InvalidValue(
                "roster_ambiguous_village",
                f"您负责的网格中有{len(choices)}个“{text}”：{'、'.join(choices)}。请写明是哪一个。",
                f"{len(choices)} of your grids are called {text!r}: {', '.join(choices)}. Write which one.",
            )
        if text not in self.villages:
            raise InvalidValue(
                "roster_unknown_village",
                f"未知的嘎查村“{text}”，或不在您负责的网格内。",
                f"Unknown village {text!r}, or not one of your grids.",
            )
        return self.villages[text]

    def _team(self, value: object) -> str | None:
        text = cell_text(value)
        if not text:
            return None
        if text not in self.teams:
            raise InvalidValue(
                "roster_unknown_team",
                f"未知的志愿服务队“{text}”，请先在“志愿服务队”中创建。",
                f"Unknown volunteer team {text!r}; create it first.",
            )
        return self.teams[text]
