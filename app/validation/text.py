"""Free text: summaries, addresses, notes. Control characters would corrupt exports and sync."""

from __future__ import annotations

import unicodedata

from app.errors import InvalidValue

# Mongolian script needs its format controls (FVS, MVS, ZWJ/ZWNJ, NNBSP); every other Cc/Cf is refused.
ALLOWED_FORMAT = frozenset("\u180b\u180c\u180d\u180e\u180f\u200c\u200d\u202f")


def validate_text(raw: str, *, max_length: int, multiline: bool = False, required: bool = False) -> str:
    text = unicodedata.normalize("NFC", raw).strip()
    if required and not text:
        raise InvalidValue("text_empty", "此项不能为空。", "This field is required.")
    if len(text) > max_length:
        raise InvalidValue(
            "text_too_long",
            f"内容不能超过{max_length}个字符（当前{len(text)}个）。",
            f"At most {max_length} characters (this has {len(text)}).",
        )
    if not text.isprintable():  # in C: text it calls printable holds none of the characters below
        _refuse_controls(text, multiline=multiline)
    return text


def _refuse_controls(text: str, *, multiline: bool) -> None:
    allowed_breaks = "\n\t" if multiline else ""
    for char in text:
        if char in allowed_breaks or char in ALLOWED_FORMAT:
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            where = "换行" if char in "\r\n\u2028\u2029" else f"U+{ord(char):04X}"
            raise InvalidValue(
                "text_control",
                f"内容中含有不可见的控制字符（{where}），请删除后再保存。",
                f"The text contains an invisible control character ({where}); remove it.",
            )
