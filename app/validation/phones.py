"""Chinese telephone numbers: mobiles (1[3-9] + 9 digits) and landlines (area code + number)."""

from __future__ import annotations

import re

from app.errors import InvalidValue

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Area codes are 3 or 4 digits starting with 0 (010, 0471); local numbers 7 or 8 digits; an
# optional extension after a dash.
_LANDLINE = re.compile(r"^(0\d{2,3})-?([2-9]\d{6,7})(?:-(\d{1,6}))?$")
_SEPARATORS = str.maketrans("", "", " ()（）")


def _clean(raw: str) -> str:
    number = raw.translate(_SEPARATORS).replace("－", "-").replace("—", "-")
    for prefix in ("+86", "0086"):
        if number.startswith(prefix):
            number = number[len(prefix) :].lstrip("-")
    return number


def validate_mobile(raw: str) -> str:
    number = _clean(raw).replace("-", "")
    if not _MOBILE.match(number):
        raise InvalidValue(
            "mobile_format",
            "手机号码应为11位数字，以13至19开头。",
            "A mobile number has 11 digits and starts with 13 to 19.",
        )
    return number


def validate_phone(raw: str) -> str:
    """A mobile or landline number, returned in one canonical spelling (0471-1234567)."""
    number = _clean(raw)
    if not number:
        raise InvalidValue("phone_empty", "请填写电话号码。", "Enter a phone number.")
    if number.startswith("1"):
        return validate_mobile(number)
    match = _LANDLINE.match(number)
    if not match:
        raise InvalidValue(
            "phone_format",
            "电话号码格式不正确：手机为11位，座机为区号加7至8位号码（如0471-1234567）。",
            "Not a phone number: mobiles have 11 digits, landlines an area code and 7-8 digits "
            "(e.g. 0471-1234567).",
        )
    area, local, extension = match.groups()
    return f"{area}-{local}" + (f"-{extension}" if extension else "")
