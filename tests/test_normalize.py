"""Input is taken as it was meant: full-width digits fold, a line break in a one-line field is a
space, a one-time code is read without its dashes — on input and import, never on load."""

from __future__ import annotations

import json
import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from app.models import Household, Resident
from app.services.importing import import_lines
from app.store import Store
from app.validation import validate_name
from app.validation.normalize import (
    InputKind,
    fold_width,
    input_kind,
    normalize_enrollment_code,
    normalize_input,
)
from app.validation.text import ALLOWED_FORMAT
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


# Traditional Mongolian letters (U+1820–U+1842), the free variation selectors that pick a letter's
# form (U+180B–U+180D, U+180F) and the vowel separator (U+180E), and the narrow no-break space
# (U+202F) that joins a word to its suffix: ᠪᠠᠲᠤ + U+202F + ᠶᠢᠨ is one word, not two.
_LETTER = st.characters(min_codepoint=0x1820, max_codepoint=0x1842)
_SELECTOR = st.sampled_from(["", "\u180b", "\u180c", "\u180d", "\u180f"])
_GLYPH = st.tuples(_LETTER, _SELECTOR).map("".join)
_STEM = st.lists(_GLYPH, min_size=1, max_size=5).map("".join)
_SUFFIX = st.tuples(st.sampled_from(["\u202f", "\u180e", "\u202f\u180e"]), _STEM).map("".join)
_WORD = st.tuples(_STEM, st.lists(_SUFFIX, max_size=2).map("".join)).map("".join)
MONGOLIAN_NAME = st.lists(_WORD, min_size=1, max_size=3).map(" ".join).filter(lambda n: len(n) <= 40)
_MONGOLIAN_MARKS = "\u180b\u180c\u180d\u180e\u180f\u202f"


def _marks(text: str) -> list[str]:
    return [char for char in text if char in _MONGOLIAN_MARKS]


@given(name=MONGOLIAN_NAME)
def test_a_mongolian_name_keeps_its_suffix_spaces_and_variation_selectors(name: str) -> None:
    typed = normalize_input(name, InputKind.LINE)
    assert typed == name
    assert validate_name(typed) == name
    assert Resident.model_validate({**_resident_values(), "name": name}).name == name


@given(name=MONGOLIAN_NAME, digits=st.text("0123456789", min_size=1, max_size=6), cut=st.integers(0, 40))
def test_around_mongolian_text_full_width_digits_fold_and_line_breaks_become_spaces(
    name: str, digits: str, cut: int
) -> None:
    at = min(cut, len(name))
    address = f"{name[:at]}\r\n{name[at:]}{digits.translate(FULL_WIDTH)}号"
    typed = normalize_input(address, InputKind.LINE)
    assert typed == f"{name[:at]} {name[at:]}{digits}号"
    assert _marks(typed) == _marks(name)
    assert normalize_input(address, InputKind.TEXT) == f"{name[:at]}\n{name[at:]}{digits}号"


def _resident_values() -> dict[str, object]:
    return {"grid": GRID, "author": "worker101", "household_id": make_household().id, "gender": "male"}


def test_the_invisible_characters_dropped_are_exactly_unicodes_format_and_control_codes() -> None:
    """Every code point, against this Python's Unicode database: each format character (Cf) but
    Mongolian's, and each control code that is neither a line break nor a tab, is dropped on input;
    nothing visible is. (The list is written out for speed; a newer Unicode may add to it.)"""
    breaks = "\t\n\v\f\r\x1c\x1d\x1e\x85"
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        category = unicodedata.category(char)
        invisible = (category == "Cf" and char not in ALLOWED_FORMAT) or (
            category == "Cc" and char not in breaks
        )
        dropped = normalize_input(f"a{char}b", InputKind.TEXT) == "ab"
        assert dropped == invisible or (dropped and category == "Cn"), f"U+{point:04X} {category}"


_PASTED_ALONG = st.sampled_from(
    ["\u200b", "\ufeff", "\u2060", "\u200e", "\u200f", "\u202e", "\u2066", "\xad", "\x00", "\x7f"]
)


@given(name=MONGOLIAN_NAME, junk=st.lists(st.tuples(st.integers(0, 60), _PASTED_ALONG), max_size=5))
def test_characters_a_paste_brings_along_are_dropped_and_mongolian_marks_kept(
    name: str, junk: list[tuple[int, str]]
) -> None:
    pasted = name
    for at, char in junk:
        pasted = pasted[:at] + char + pasted[at:]
    for kind in InputKind:
        typed = normalize_input(pasted, kind)
        assert not any(char in typed for _at, char in junk)
    assert normalize_input(pasted, InputKind.LINE) == name
    assert validate_name(normalize_input(pasted, InputKind.LINE)) == name
