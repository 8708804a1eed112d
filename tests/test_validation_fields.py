import unicodedata
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app.errors import InvalidValue
from app.validation import (
    date_not_in_future,
    ensure_aware,
    time_not_in_future,
    validate_mobile,
    validate_name,
    validate_phone,
    validate_text,
)
from app.validation.dates import typed_day


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13912345678", "13912345678"),
        ("139 1234 5678", "13912345678"),
        ("+86 139-1234-5678", "13912345678"),
        ("0471-6912345", "0471-6912345"),
        ("(0479)8212345", "0479-8212345"),
        ("047969123456", "0479-69123456"),
        ("010-62345678-801", "010-62345678-801"),
    ],
)
def test_phone_numbers_are_accepted_in_canonical_form(raw: str, expected: str) -> None:
    assert validate_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1391234567", "mobile_format"),
        ("12912345678", "mobile_format"),
        ("0471-123", "phone_format"),
        ("abc", "phone_format"),
        ("", "phone_empty"),
    ],
)
def test_bad_phone_numbers_say_why(raw: str, code: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        validate_phone(raw)
    assert caught.value.code == code
    assert caught.value.zh and caught.value.en


def test_mobile_only_refuses_landline() -> None:
    with pytest.raises(InvalidValue):
        validate_mobile("0471-6912345")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("王芳", "王芳"),
        ("巴特尔·额尔敦", "巴特尔·额尔敦"),
        ("巴特尔•额尔敦", "巴特尔·额尔敦"),
        ("巴特尔・额尔敦", "巴特尔·额尔敦"),
        ("ᠪᠠᠲᠦ", "ᠪᠠᠲᠦ"),
        ("ᠪᠠᠲᠦ ᠮᠥᠩᠬᠡ", "ᠪᠠᠲᠦ ᠮᠥᠩᠬᠡ"),
        ("Anna  Petrova", "Anna Petrova"),
        ("Zoë O'Neil", "Zoë O'Neil"),
        ("𠮷田", "𠮷田"),
    ],
)
def test_names_in_every_script_of_the_region(raw: str, expected: str) -> None:
    assert validate_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "name_empty"),
        ("  ", "name_empty"),
        ("·巴特尔", "name_dot"),
        ("巴特尔·", "name_dot"),
        ("巴特尔··额尔敦", "name_dot"),
        ("王芳1", "name_char"),
        ("王\u0000芳", "name_char"),
        ("王芳!", "name_char"),
        ("王" * 41, "name_too_long"),
    ],
)
def test_bad_names_say_why(raw: str, code: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        validate_name(raw)
    assert caught.value.code == code


def test_control_characters_in_text_are_refused_but_mongolian_controls_kept() -> None:
    with pytest.raises(InvalidValue) as caught:
        validate_text("走访\u0007记录", max_length=100)
    assert caught.value.code == "text_control"
    with pytest.raises(InvalidValue):
        validate_text("第一行\n第二行", max_length=100)
    assert validate_text("第一行\n第二行", max_length=100, multiline=True) == "第一行\n第二行"
    assert validate_text("ᠮᠣᠩᠭᠣᠯ\u180e\u1820", max_length=100) == "ᠮᠣᠩᠭᠣᠯ\u180e\u1820"


def test_every_code_point_is_refused_exactly_when_its_category_says_so() -> None:
    """Text is first checked in C (printable text holds no control) and only then character by
    character: the two together refuse what the rule names, whatever the character."""
    refused_categories = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}
    kept_controls = "\u180b\u180c\u180d\u180e\u180f\u200c\u200d\u202f"
    wrong = []
    for point in range(0x110000):
        if 0xD800 <= point <= 0xDFFF:  # a str of one surrogate cannot come from decoded input
            continue
        char = chr(point)
        expected = unicodedata.category(char) in refused_categories and char not in kept_controls
        try:
            validate_text(f"a{char}b", max_length=5)
            refused = False
        except InvalidValue:
            refused = True
        if refused != expected:
            wrong.append(f"U+{point:04X}")
    assert not wrong


def test_over_long_text_is_refused_with_the_counts() -> None:
    with pytest.raises(InvalidValue) as caught:
        validate_text("字" * 11, max_length=10)
    assert caught.value.code == "text_too_long"
    assert "11" in caught.value.zh and "10" in caught.value.zh


def test_required_text() -> None:
    with pytest.raises(InvalidValue) as caught:
        validate_text("   ", max_length=10, required=True)
    assert caught.value.code == "text_empty"


def test_times_must_carry_a_zone_and_are_stored_in_utc() -> None:
    with pytest.raises(InvalidValue) as caught:
        ensure_aware(datetime(2026, 11, 29, 9, 0))
    assert caught.value.code == "time_naive"
    hohhot = timezone(timedelta(hours=8))
    assert ensure_aware(datetime(2026, 11, 29, 9, 0, tzinfo=hohhot)) == datetime(
        2026, 11, 29, 1, 0, tzinfo=UTC
    )


def test_visit_times_in_the_future_are_refused() -> None:
    now = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)
    time_not_in_future(now + timedelta(minutes=5), now=now)
    with pytest.raises(InvalidValue) as caught:
        time_not_in_future(now + timedelta(hours=2), now=now)
    assert caught.value.code == "time_future"


def test_dates_compare_with_the_local_day() -> None:
    date_not_in_future(date(2026, 11, 29), today=date(2026, 11, 29))
    with pytest.raises(InvalidValue) as caught:
        date_not_in_future(date(2026, 11, 30), today=date(2026, 11, 29))
    assert caught.value.code == "date_future"


def test_every_day_reads_back_however_it_is_written() -> None:
    """Each day of a leap year and of the years around it, written as people write it, is that
    day; full-width digits (an input method in full-width mode) too."""
    wide = {ord(digit): ord(digit) + 0xFEE0 for digit in "0123456789"}
    day = date(2023, 1, 1)
    while day < date(2026, 1, 1):
        for written in (
            day.isoformat(),
            day.strftime("%Y/%m/%d"),
            day.strftime("%Y%m%d"),
            f"{day.year}.{day.month}.{day.day}",
            f"{day.year}年{day.month}月{day.day}日",
            f" {day.isoformat().translate(wide)} ",
        ):
            assert typed_day(written) == day, written
        day += timedelta(days=1)
    assert typed_day("") is None and typed_day("　") is None


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("2026-02-30", "date_impossible"),
        ("2025-02-29", "date_impossible"),
        ("2026-13-01", "date_impossible"),
        ("2026-00-10", "date_impossible"),
        ("20260231", "date_impossible"),
        ("2026-12", "date_unreadable"),
        ("15/12/2026", "date_unreadable"),
        ("明天", "date_unreadable"),
        ("2026-12-15 10:00", "date_unreadable"),
    ],
)
def test_text_that_names_no_day_says_why(written: str, code: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        typed_day(written)
    assert refused.value.code == code
