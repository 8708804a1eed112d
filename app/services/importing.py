"""Importing records from JSON Lines: every line checked first, then all saved or none.

Each line is one record, ``{"entity": "households", ...fields}``. Text is normalised as typed text
is (full-width digits fold, a line break in a one-line field becomes a space). A file with any bad
line imports nothing and reports every bad line, so a worker fixes the file once, not line by line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError

from app.errors import InvalidValue
from app.models import BY_ENTITY, Record
from app.store import Store
from app.validation.normalize import normalize_fields


@dataclass
class LineError:
    line: int
    zh: str
    en: str


@dataclass
class ImportResult:
    imported: int = 0
    errors: list[LineError] = field(default_factory=list)


def field_errors(error: ValidationError) -> tuple[str, str]:
    """A model's validation errors as one Chinese and one English sentence, field by field."""
    zh, en = [], []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "record"
        cause = item.get("ctx", {}).get("error")
        if isinstance(cause, InvalidValue):
            zh.append(f"{where}：{cause.zh}")
            en.append(f"{where}: {cause.en}")
        else:
            zh.append(f"{where}：{item['msg']}")
            en.append(f"{where}: {item['msg']}")
    return "；".join(zh), "; ".join(en)


def parse_line(text: str) -> Record:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise InvalidValue("import_shape", "每行必须是一个JSON对象。", "Each line must be a JSON object.")
    entity = data.pop("entity", None)
    model = BY_ENTITY.get(entity) if isinstance(entity, str) else None
    if model is None:
        raise InvalidValue(
            "import_entity",
            f"未知的记录类型：{entity!r}。",
            f"Unknown record type: {entity!r}.",
        )
    return model.model_validate(normalize_fields(model, data))


def import_lines(store: Store, lines: Iterable[str]) -> ImportResult:
    result = ImportResult()
    records: list[Record] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            records.append(parse_line(text))
        except json.JSONDecodeError as exc:
            result.errors.append(
                LineError(
                    number, f"不是有效的JSON（第{exc.colno}列）。", f"Not valid JSON (column {exc.colno})."
                )
            )
        except ValidationError as exc:
            result.errors.append(LineError(number, *field_errors(exc)))
        except InvalidValue as exc:
            result.errors.append(LineError(number, exc.zh, exc.en))
    if not result.errors:
        result.imported = store.save_all(records)
    return result
