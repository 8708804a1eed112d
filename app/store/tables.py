"""How a model maps to its table row: JSON for lists, ISO text for times, 0/1 for booleans."""

from __future__ import annotations

import json
import types
import typing
from functools import cache
from typing import Any, TypeVar

import sqlite_utils
from pydantic_core import to_json as json_text

from app.models import Record
from app.models.checks import STORED

R = TypeVar("R", bound=Record)


def to_json(value: Any) -> str:
    """Compact JSON by pydantic-core's writer: a seventh of the standard library's time, which a
    first sync pays for two columns of every record. Equal values as JSON; only a float may be
    spelled otherwise (6.1e-05 as 0.000061)."""
    return json_text(value).decode()


@cache
def json_columns(model: type[Record]) -> frozenset[str]:
    """Fields stored as JSON text: the list-typed ones (tags, needs, mediators, grids)."""

    def is_list(annotation: Any) -> bool:
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            return any(is_list(arg) for arg in typing.get_args(annotation))
        return typing.get_origin(annotation) is list

    return frozenset(name for name, info in model.model_fields.items() if is_list(info.annotation))


def field_values(record: Record) -> dict[str, Any]:
    """The record as JSON-compatible values, the form the change log and the wire carry."""
    return record.model_dump(mode="json")


def to_row(record: Record) -> dict[str, Any]:
    lists = json_columns(type(record))
    return {
        name: to_json(value) if name in lists else int(value) if isinstance(value, bool) else value
        for name, value in field_values(record).items()
    }


def column_value(model: type[Record], field: str, value: Any) -> Any:
    """A field's JSON value (as the change log and the wire carry it) in its column's form."""
    if field in json_columns(model):
        return to_json(value)
    return int(value) if isinstance(value, bool) else value


def from_row(model: type[R], row: dict[str, Any]) -> R:
    """A row as it was stored: its shape is checked, today's input rules are not (app.models.checks).
    A field without a column takes its default: migrations that index old rows run before the
    step that adds a newer field's column."""
    lists = json_columns(model)
    present = [name for name in model.model_fields if name in row]
    values = {name: json.loads(row[name]) if name in lists else row[name] for name in present}
    return model.model_validate(values, context=STORED)


def fetch_row(db: sqlite_utils.Database, table: str, record_id: str) -> dict[str, Any] | None:
    cursor = db.execute(f"SELECT * FROM {table} WHERE id = ?", [record_id])
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None
