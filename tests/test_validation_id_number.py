from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import InvalidValue
from app.validation import check_digit, parse_id_number

PROVINCES = ["11", "15", "23", "37", "44", "54", "65", "82"]


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(PROVINCES)) + f"{draw(st.integers(0, 9999)):04d}"
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    first17 = f"{region}{birth:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return first17 + check_digit(first17)


@given(id_numbers())
def test_every_valid_number_passes(number: str) -> None:
    info = parse_id_number(number)
    assert info.number == number
    assert info.birth_date.strftime("%Y%m%d") == number[6:14]
    assert info.male == (int(number[16]) % 2 == 1)


@given(id_numbers(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_every_single_character_change_is_caught(number: str, position: int, replacement: str) -> None:
    changed = number[:position] + replacement + number[position + 1 :]
    if changed == number:
        return
    with pytest.raises(InvalidValue):
        parse_id_number(changed)


@pytest.mark.parametrize(
    ("number", "code", "zh_fragment"),
    [
        ("15252219880417123", "id_length", "18位"),
        ("1525221988041712345", "id_length", "18位"),
        ("15252219880417X234", "id_chars", "前17位必须是数字"),
        ("99252219880417123" + "0", "id_region", "省级行政区"),
        ("152522" + "19880230" + "123" + check_digit("15252219880230123"), "id_birth_date", "不是真实的日期"),
        ("152522" + "18800101" + "123" + check_digit("15252218800101123"), "id_birth_range", "合理范围"),
        ("152522198804171230", "id_check_digit", "校验位"),
    ],
)
def test_each_failure_has_its_own_message(number: str, code: str, zh_fragment: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_id_number(number)
    assert caught.value.code == code
    assert zh_fragment in caught.value.zh
    assert caught.value.en


def test_lower_case_x_and_spaces_are_accepted_and_normalised() -> None:
    first17 = "15252219900101123"
    assert check_digit(first17) == "X"
    assert parse_id_number(" 152522 19900101 123x").number == first17 + "X"


def test_birth_date_after_today_is_refused() -> None:
    first17 = "15252220300101123"
    with pytest.raises(InvalidValue) as caught:
        parse_id_number(first17 + check_digit(first17), today=date(2026, 11, 29))
    assert caught.value.code == "id_birth_range"
