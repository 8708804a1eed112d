"""Enums whose members carry their Chinese and English labels, so every list and export agrees."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Self


class LabeledEnum(StrEnum):
    """Members are declared as ``NAME = "stored_value", "中文", "English"``."""

    zh: str
    en: str

    if TYPE_CHECKING:
        # Callers look a member up by its stored value, ``Role("worker")``; the three-part form
        # below runs only while the class body is built, so the checker is shown the lookup.
        def __new__(cls, value: str) -> Self: ...

    else:

        def __new__(cls, value: str, zh: str, en: str) -> Self:
            member = str.__new__(cls, value)
            member._value_ = value
            member.zh = zh
            member.en = en
            return member

    def label(self, language: str = "zh") -> str:
        return self.zh if language.startswith("zh") else self.en
