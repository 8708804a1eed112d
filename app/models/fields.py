"""Field types shared by the models: each runs the matching validator from app.validation."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, ValidationInfo

from app.errors import InvalidValue
from app.models.checks import checks_values, input_rule
from app.validation import ensure_aware, parse_id_number, validate_name, validate_phone, validate_text
from app.validation.normalize import InputKind

_CODE = re.compile(r"^[0-9A-Za-z_]{2,32}$")
_USERNAME = re.compile(r"^[a-z0-9_.]{2,32}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _grid_code(value: str) -> str:
    if not _CODE.match(value):
        raise InvalidValue(
            "grid_code",
            "网格编码只能由2至32位字母、数字或下划线组成。",
            "A grid code is 2 to 32 letters, digits or underscores.",
        )
    return value


def validate_username(value: str) -> str:
    if not _USERNAME.match(value):
        raise InvalidValue(
            "username",
            "用户名只能由2至32位小写字母、数字、下划线或点组成。",
            "A user name is 2 to 32 lower-case letters, digits, underscores or dots.",
        )
    return value


def _text(max_length: int, *, multiline: bool = False, required: bool = False) -> AfterValidator:
    return AfterValidator(
        input_rule(lambda v: validate_text(v, max_length=max_length, multiline=multiline, required=required))
    )


def _attachment(value: str) -> str:
    if not _SHA256.match(value):
        raise InvalidValue(
            "attachment_ref",
            "附件引用必须是64位小写十六进制的SHA-256。",
            "An attachment is named by its SHA-256 in 64 lower-case hex digits.",
        )
    return value


def _utc(moment: datetime, info: ValidationInfo) -> datetime:
    """Input without a zone is refused; a stored one (never written so) is read as UTC."""
    if not checks_values(info) and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return ensure_aware(moment)


GridCode = Annotated[str, AfterValidator(input_rule(_grid_code))]
# A photo or scan kept beside a record, named by the SHA-256 of its bytes.
AttachmentRef = Annotated[str, AfterValidator(input_rule(_attachment))]
Username = Annotated[str, AfterValidator(input_rule(validate_username))]
PersonName = Annotated[str, AfterValidator(input_rule(validate_name))]
# The InputKind beside a validator says how typed or imported text is normalised for the field
# (app.validation.normalize); a text field without one takes a single line.
Phone = Annotated[str, InputKind.NUMBER, AfterValidator(input_rule(validate_phone))]
IdNumber = Annotated[str, InputKind.NUMBER, AfterValidator(input_rule(lambda v: parse_id_number(v).number))]
UtcDateTime = Annotated[datetime, AfterValidator(_utc)]
Title = Annotated[str, _text(100, required=True)]
Address = Annotated[str, _text(200, required=True)]
Place = Annotated[str, _text(200)]
Note = Annotated[str, InputKind.TEXT, _text(2000, multiline=True)]
Summary = Annotated[str, InputKind.TEXT, _text(4000, multiline=True, required=True)]
