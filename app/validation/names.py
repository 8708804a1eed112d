"""Personal names as they are written in Inner Mongolia.

Chinese characters, traditional Mongolian script (U+1800–U+18AF, with its format controls),
Latin letters, and the middle dot that joins transliterated names (巴特尔·额尔敦). IMEs produce
several look-alike dots; they are folded to U+00B7 so the same name is always spelt the same.
"""

from __future__ import annotations

import re
import unicodedata

from app.errors import InvalidValue

MAX_NAME_LENGTH = 40
MIDDLE_DOT = "·"
_DOT_VARIANTS = str.maketrans(
    {"•": MIDDLE_DOT, "・": MIDDLE_DOT, "‧": MIDDLE_DOT, "．": MIDDLE_DOT, "﹒": MIDDLE_DOT}
)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_MONGOLIAN = r"\u1800-\u18af\u202f"
_LATIN = r"A-Za-z\u00c0-\u024f"
_NAME_CHAR = re.compile(f"[{_HAN}{_MONGOLIAN}{_LATIN}]")
_PART = f"[{_HAN}{_MONGOLIAN}{_LATIN}]+(?:[ '\\-][{_HAN}{_MONGOLIAN}{_LATIN}]+)*"
_NAME = re.compile(f"^{_PART}(?:{MIDDLE_DOT}{_PART})*$")
# Runs of white space, but not U+202F: Mongolian script writes it between a word and its suffix
# (ᠪᠠᠲᠤ\u202fᠶᠢᠨ), where an ordinary space would cut the suffix off and change how it is shaped.
_SPACES = re.compile("[^\\S\u202f]+")


def normalize_name(raw: str) -> str:
    """NFC, folded dots, single spaces, trimmed; Mongolian suffix spaces and variation selectors
    kept as typed."""
    text = unicodedata.normalize("NFC", raw).translate(_DOT_VARIANTS)
    return _SPACES.sub(" ", text).strip(" ")


def validate_name(raw: str) -> str:
    name = normalize_name(raw)
    if not name:
        raise InvalidValue("name_empty", "请填写姓名。", "Enter a name.")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidValue(
            "name_too_long",
            f"姓名不能超过{MAX_NAME_LENGTH}个字符（当前{len(name)}个）。",
            f"A name has at most {MAX_NAME_LENGTH} characters (this one has {len(name)}).",
        )
    for char in name:
        if not (_NAME_CHAR.match(char) or char in f" '-{MIDDLE_DOT}"):
            shown = char if char.isprintable() else f"U+{ord(char):04X}"
            raise InvalidValue(
                "name_char",
                f"姓名中不能有“{shown}”：只能使用汉字、蒙古文、拉丁字母和间隔号“·”。",
                f"A name cannot contain “{shown}”: use Chinese, Mongolian script, Latin letters "
                "and the middle dot “·”.",
            )
    if not _NAME.match(name):
        raise InvalidValue(
            "name_dot",
            "间隔号“·”只能用在两段姓名之间，不能在开头、结尾或连续使用。",
            "The middle dot “·” goes between two parts of a name, never first, last or doubled.",
        )
    return name
