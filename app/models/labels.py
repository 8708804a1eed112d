"""Enums whose members carry their Chinese and English labels, so every list and export agrees."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabeledEnum(StrEnum):
    """Members are declared as ``NAME = "stored_value", "中文", "English"``."""

    zh: str
    en: str

    def __new__(cls, value: str, zh: str, en: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.zh = zh
        member.en = en
        return member

    def label(self, language: str = "zh") -> str:
        return self.zh if language.startswith("zh") else self.en
