"""Input is taken as it was meant: full-width digits fold, a line break in a one-line field is a
space, a one-time code is read without its dashes — on input and import, never on load."""

from __future__ import annotations

import json

from app.models import Household, Resident
from app.services.importing import import_lines
from app.store import Store
from app.validation.normalize import (
    InputKind,
    fold_width,
    input_kind,
    normalize_enrollment_code,
    normalize_input,
)
from tests.conftest import GRID, make_household, valid_id_number

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def test_full_width_letters_and_digits_fold_and_chinese_punctuation_stays() -> None:
    assert fold_width("巴彦嘎查３组１２号（东）ＡＢ") == "巴彦嘎查3组12号（东）AB"


def test_a_line_break_in_a_one_line_field_becomes_a_space() -> None:
    assert normalize_input("巴彦嘎查\r\n2组\t7号", InputKind.LINE) == "巴彦嘎查 2组 7号"
    assert normalize_input("一、赔偿\r\n二、修复", InputKind.TEXT) == "一、赔偿\n二、修复"


def test_a_number_folds_everything_nfkc_folds() -> None:
    assert normalize_input("＋８６ １３９－４７１１－２３４５", InputKind.NUMBER) == "+86 139-4711-2345"
    assert normalize_input(valid_id_number().translate(FULL_WIDTH), InputKind.NUMBER) == valid_id_number()


def test_typing_keeps_the_space_just_typed() -> None:
    assert normalize_input("巴特尔 ", InputKind.LINE) == "巴特尔 "


def test_an_enrollment_code_is_read_in_any_case_with_or_without_dashes() -> None:
    for typed in ("K7Q2-9XPD-AB3C", "k7q2 9xpd ab3c", "ｋ７ｑ２－９ＸＰＤ－ＡＢ３Ｃ", " K7Q29XPDAB3C\n"):
        assert normalize_enrollment_code(typed) == "K7Q29XPDAB3C"


def test_each_field_names_how_it_takes_text() -> None:
    kinds = {name: input_kind(field) for name, field in Resident.model_fields.items()}
    assert kinds["id_number"] is kinds["phone"] is InputKind.NUMBER
    assert kinds["notes"] is InputKind.TEXT and kinds["name"] is InputKind.LINE


def test_an_import_takes_a_full_width_id_number_and_a_pasted_address(store: Store) -> None:
    household = make_household()
    lines = [
        json.dumps(
            {**household.model_dump(mode="json"), "entity": "households", "address": "巴彦嘎查\n3组12号"},
            ensure_ascii=False,
        ),
        json.dumps(
            {
                "entity": "residents",
                "grid": GRID,
                "author": "worker101",
                "household_id": str(household.id),
                "name": "王芳",
                "gender": "male",
                "id_number": valid_id_number().translate(FULL_WIDTH),
                "phone": "１３９４７１１２３４５",
            },
            ensure_ascii=False,
        ),
    ]
    result = import_lines(store, lines)
    assert result.errors == [] and result.imported == 2
    assert store.get(Household, household.id).address == "巴彦嘎查 3组12号"
    resident = store.find(Resident)[0]
    assert (resident.id_number, resident.phone) == (valid_id_number(), "13947112345")
