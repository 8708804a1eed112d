"""What a person types, made into what they meant, before any rule judges it.

An input method in full-width mode types １３９４７１１２３４５ for a phone number; an address pasted
from a chat or a spreadsheet brings its line break along. Neither is a mistake a grid worker should
have to hunt for, so input is normalised as it is typed or imported — never when stored rows are
loaded, which stay exactly as they were saved:

>>> normalize_input("巴彦嘎查\\n２组７号", InputKind.LINE)
'巴彦嘎查 2组7号'
>>> normalize_input("１５２５２２１９８８０４１７１２３ｘ", InputKind.NUMBER)
'15252219880417123x'

Chinese punctuation in running text (，：（）) is the writer's and is kept; only full-width letters
and digits fold, and a number field (phone, ID number) folds everything NFKC folds. Invisible
characters a paste brings along (a zero-width space, a byte-order mark, direction marks, stray
control codes) are dropped: no one can see them to delete them. Mongolian script's own format
characters (free variation selectors, the vowel separator, ZWJ/ZWNJ) are kept.
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo


class InputKind(Enum):
    """How a field takes text: one line, several lines, or a number written with digits."""

    LINE = "line"
    TEXT = "text"
    NUMBER = "number"


# Full-width Latin letters and digits (U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A) and the ideographic space.
_WIDE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\t\v\f\x1c-\x1e\x85\u2028\u2029]")
_CRLF = re.compile("\r\n?|[\u2028\u2029]")
# Unicode's format characters (Cf) but Mongolian's (ALLOWED_FORMAT), and the control codes that are
# neither a line break nor a tab. Written out so matching is one regex; a test holds it to the
# Unicode database, code point by code point.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891"
    "\u08e2\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]"
)


def fold_width(text: str) -> str:
    """Full-width letters, digits and spaces as their ordinary forms; everything else untouched."""
    return _WIDE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def normalize_input(text: str, kind: InputKind) -> str:
    """The text as the field should hold it. Spaces at the ends are left for the model to trim, so
    normalising as the person types never eats the space they just typed."""
    if not text.isprintable():
        text = _INVISIBLE.sub("", text)
    if kind is InputKind.NUMBER:
        return _LINE_BREAKS.sub(" ", unicodedata.normalize("NFKC", text))
    if kind is InputKind.LINE:
        return _LINE_BREAKS.sub(" ", fold_width(text))
    return _CRLF.sub("\n", fold_width(text))


def normalize_enrollment_code(text: str) -> str:
    """A one-time code as the server issued it: upper case, without the dashes and spaces people
    add when they read it out or print it (``k7q2-9xpd`` → ``K7Q29XPD``)."""
    folded = unicodedata.normalize("NFKC", text).upper()
    return "".join(char for char in folded if char.isalnum())


def _named_kind(annotation: Any) -> InputKind:
    if get_origin(annotation) is Annotated:
        found = [item for item in annotation.__metadata__ if isinstance(item, InputKind)]
        return found[0] if found else _named_kind(get_args(annotation)[0])
    kinds = {_named_kind(arg) for arg in get_args(annotation)} - {InputKind.LINE}
    return kinds.pop() if len(kinds) == 1 else InputKind.LINE


def input_kind(field: FieldInfo) -> InputKind:
    """The kind a model field's type names (``Annotated[str, InputKind.NUMBER, ...]``, also inside
    ``| None`` or a list); a field that names none takes one line."""
    named = [item for item in field.metadata if isinstance(item, InputKind)]
    return named[0] if named else _named_kind(field.annotation)


def normalize_fields(model: type[BaseModel], values: dict[str, Any]) -> dict[str, Any]:
    """A record's values as they arrive from outside (an import), each text normalised by the kind
    its field names; values of unknown fields are left for the model to refuse."""

    def normalized(value: Any, kind: InputKind) -> Any:
        if isinstance(value, str):
            return normalize_input(value, kind)
        if isinstance(value, list):
            return [normalized(item, kind) for item in value]
        return value

    fields = model.model_fields
    return {
        name: normalized(value, input_kind(fields[name])) if name in fields else value
        for name, value in values.items()
    }
