"""Which rules a model runs depends on where its values come from.

Input rules — a check digit, a control character, a date that must not be after today, two fields
that must agree — guard what a person types, an import brings or the server accepts. A row that
is already stored was checked when it was written, by the rules of its day; checking it again
against today's rules (or today's date) on every load made records unreadable and upgrades fail.
So a model is validated in one of three ways, told by the validation context:

- no context: **input**, every rule;
- ``STORED``: a row as it was stored — only its shape (types, enums, references);
- ``MERGED``: a record sync assembled from fields that each passed on the device that wrote them —
  every rule but those that read today's date, so that a merge breaking a cross-field rule can be
  flagged for a person instead of refused.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Final

from pydantic import TypeAdapter, ValidationInfo

if TYPE_CHECKING:
    from app.models.record import Record

STORED: Final = {"check": "stored"}
MERGED: Final = {"check": "merged"}


def _mode(info: ValidationInfo) -> str | None:
    context = info.context
    return context.get("check") if isinstance(context, dict) else None


def checks_values(info: ValidationInfo) -> bool:
    """Field and cross-field rules: for input and for merged records, not for stored rows."""
    return _mode(info) != "stored"


def checks_today(info: ValidationInfo) -> bool:
    """Rules that read today's date: for input only, where the person can see what today is."""
    return _mode(info) is None


def input_rule(rule: Callable[[Any], Any]) -> Callable[[Any, ValidationInfo], Any]:
    """A field validator that runs on input and merges, and lets a stored value through as it is."""

    def checked(value: Any, info: ValidationInfo) -> Any:
        return rule(value) if checks_values(info) else value

    checked.__doc__ = rule.__doc__
    return checked


@cache
def field_adapter(model: type[Record], field: str) -> TypeAdapter[Any]:
    """One field's type with its own validators, to check a single value as that field's input
    (what the server does with a pushed value, what a supervisor's merged value must pass)."""
    info = model.model_fields[field]
    # Every model field is annotated; FieldInfo types the annotation as optional for other uses.
    kind: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(kind)
