"""What the server accepts of a pushed value: the laptop's own input rules, through the shared
models, and the value kept in the form those rules give it.

A value is checked as JSON, strictly (no "5" for a number, no "yes" for a boolean), with its
field's validators (check digits, control characters, lengths); a new record sent whole is also
checked as a record (two fields that must agree). The stored and served value is the validated
one, so a laptop and the server never hold two spellings of one value.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import to_json

from app.errors import TongxinError
from app.models import BY_ENTITY
from app.models.checks import MERGED, field_adapter
from app.models.record import NOT_SYNCED

# Written by the server alone: the grid tree and the accounts come from the administrators.
SERVER_MANAGED = frozenset({"grids", "users"})


class Refusal(Exception):
    def __init__(self, reason: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.reason, self.zh, self.en = reason, zh, en


def _adapter(entity: str, field: str) -> TypeAdapter[Any] | None:
    model = BY_ENTITY.get(entity)
    if model is None or field not in model.model_fields or field in NOT_SYNCED:
        return None
    return field_adapter(model, field)


@cache
def _synced_fields(entity: str) -> frozenset[str]:
    return frozenset(BY_ENTITY[entity].model_fields) - NOT_SYNCED


def known(entity: str) -> bool:
    return entity in BY_ENTITY


def _flaw(value: Any) -> str | None:
    """What no stored value may hold, looked for in one walk: a NUL (PostgreSQL's text cannot
    keep one) or a number that is not finite (JSON cannot)."""
    if isinstance(value, str):
        return "nul" if "\x00" in value else None
    if isinstance(value, float):
        return None if math.isfinite(value) else "not_finite"
    if isinstance(value, list):
        return next((flaw for item in value if (flaw := _flaw(item))), None)
    if isinstance(value, dict):
        return next((flaw for k, v in value.items() if (flaw := _flaw(k) or _flaw(v))), None)
    return None


def _invalid(entity: str, field: str, error: ValidationError) -> Refusal:
    first = error.errors()[0]
    cause = first.get("ctx", {}).get("error")
    if isinstance(cause, TongxinError):
        return Refusal("invalid_value", f"{field}：{cause.zh}", f"{entity}.{field}: {cause.en}")
    return Refusal(
        "invalid_value",
        f"字段 {entity}.{field} 的值无效。",
        f"Invalid value for {entity}.{field}: {first['msg']}",
    )


def _managed_by_server(entity: str) -> None:
    if entity in SERVER_MANAGED:
        raise Refusal(
            "server_managed",
            "网格和账号由服务器管理员维护，设备不能修改。",
            "Grids and accounts are kept by the server's administrators.",
        )


# What the JSON text of a value holds wherever the value holds a NUL or a number that is not
# finite (and, rarely, where a text merely spells one of them out).
_FLAW_MARKS = ("\\u0000", "NaN", "Infinity")


def _json_text(entity: str, field: str, value: Any) -> str:
    """The value as JSON text, for validation in JSON mode, by pydantic-core's writer (ten times
    the standard library's speed). The walk for what JSON or the database cannot keep runs only
    where the text shows a mark of it: walking every pushed record cost a sixth of a push."""
    text = to_json(value).decode()
    if not any(mark in text for mark in _FLAW_MARKS):
        return text
    flaw = _flaw(value)
    if flaw == "not_finite":
        raise Refusal(
            "invalid_value",
            f"字段 {entity}.{field} 不是有效的数字。",
            f"{entity}.{field} is not a finite number.",
        )
    if flaw == "nul":
        raise Refusal(
            "invalid_value", f"字段 {entity}.{field} 含有空字符。", f"{entity}.{field} contains a NUL."
        )
    return text


def validated(entity: str, field: str, value: Any) -> Any:
    """The value as the server keeps it, or a Refusal saying why not."""
    _managed_by_server(entity)
    adapter = _adapter(entity, field)
    if adapter is None:
        raise Refusal("unknown_field", f"未知的字段：{entity}.{field}", f"Unknown field {entity}.{field}")
    text = _json_text(entity, field, value)
    try:
        return adapter.dump_python(adapter.validate_json(text, strict=True), mode="json")
    except ValidationError as error:
        raise _invalid(entity, field, error) from None


def validated_record(entity: str, record_id: str, values: Any) -> dict[str, Any]:
    """A new record sent whole, as the server keeps it: its fields checked by their own rules and
    together (app.models.checks MERGED: not the rules that read today's date), in one pass."""
    _managed_by_server(entity)
    model = BY_ENTITY.get(entity)
    if model is None or not isinstance(values, dict):
        raise Refusal("unknown_field", f"未知的记录类型：{entity}", f"Unknown record type {entity}")
    if unknown := sorted(values.keys() - _synced_fields(entity)):
        raise Refusal(
            "unknown_field", f"未知的字段：{entity}.{unknown[0]}", f"Unknown field {entity}.{unknown[0]}"
        )
    text = _json_text(entity, "*", {**values, "id": record_id})
    try:
        record = model.model_validate_json(text, strict=True, context=MERGED)
    except TongxinError as error:
        raise Refusal(error.code, error.zh, error.en) from None
    except ValidationError as error:
        location = error.errors()[0]["loc"]
        raise _invalid(entity, str(location[0]) if location else "", error) from None
    return record.model_dump(mode="json", exclude=set(NOT_SYNCED))


def check_new_record(entity: str, record_id: str, values: dict[str, Any]) -> None:
    """A record sent whole checked as one: the rules that tie its fields together (a model
    without such rules has nothing more to check than its fields one by one)."""
    model = BY_ENTITY[entity]
    if not model.__pydantic_decorators__.model_validators:
        return
    missing = [name for name, info in model.model_fields.items() if info.is_required() and name not in values]
    if missing:
        return  # sent over several batches: its fields are checked one by one
    try:
        model.model_validate({**values, "id": record_id}, context=MERGED)
    except TongxinError as error:
        raise Refusal(error.code, error.zh, error.en) from None
    except ValidationError as error:
        raise _invalid(
            entity, str(error.errors()[0]["loc"][0] if error.errors()[0]["loc"] else ""), error
        ) from None
