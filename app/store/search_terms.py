"""Turning text into search terms, and a person's query into an FTS5 expression.

SQLite's tokenizers do not segment Chinese: unicode61 keeps a whole run of characters as one
token and the trigram tokenizer cannot find the two-character words most names and terms are.
So terms are made here. A run of Chinese characters becomes its overlapping bigrams plus its last
character alone (王芳华 → 王芳 芳华 华). Then

* a one-character query is a prefix query (芳*: every bigram starting with 芳, or 芳 at a run end),
* a two-character query is one exact term,
* a longer query is the phrase of its bigrams, which must stand next to each other.

Names also get their pinyin (full, per part, given name, initials: wangfang, fang, wf), with
every reading of a polyphonic surname. Numbers (phones, ID numbers) are indexed forwards and
reversed, so "last four digits of the ID" is a prefix query on the reversed term.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache

_HAN_CHAR = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RUN = re.compile(f"[{_HAN_CHAR}]+")
_RUN = re.compile(f"[{_HAN_CHAR}]+|[^\\W{_HAN_CHAR}]+")
_HAN = re.compile(f"[{_HAN_CHAR}]")
_NUMBERISH = re.compile(r"^\d+x?$")
# Mongolian free variation selectors and joiners change a glyph's shape, not the word.
_INVISIBLE = dict.fromkeys(map(ord, "\u180b\u180c\u180d\u180e\u180f\u200c\u200d"))


def normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).replace("\u202f", " ")
    return folded.casefold()


def _han_terms(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def text_terms(text: str) -> list[str]:
    terms: list[str] = []
    for run in _RUN.findall(normalize(text)):
        terms.extend(_han_terms(run) if _HAN.match(run) else [run])
    return terms


@cache
def _readings(char: str) -> tuple[str, ...]:
    """Every reading of one character, the most common first (names are read per character)."""
    # pypinyin loads its dictionaries on import (~0.4 s); only indexing a name needs them, so the
    # app's window opens without waiting for them.
    from pypinyin import Style, lazy_pinyin, pinyin

    readings = pinyin(char, style=Style.NORMAL, heteronym=True)[0]
    primary = lazy_pinyin(char)[0]
    return (primary, *(r for r in readings if r != primary))


def _pinyin_terms(name: str) -> list[str]:
    parts = _HAN_RUN.findall(name)
    if not parts:
        return []
    part_syllables = [[_readings(char)[0] for char in part] for part in parts]
    syllables = [s for part in part_syllables for s in part]
    initials = "".join(s[0] for s in syllables)
    terms = {"".join(syllables), initials, *("".join(part) for part in part_syllables)}
    if len(syllables) > 1:
        given = "".join(syllables[1:])
        terms.add(given)
        for surname in _readings(parts[0][0]):
            terms.update((surname + given, surname[0] + initials[1:]))
    return sorted(terms)


def name_terms(name: str) -> list[str]:
    """Also indexes a dotted name run together, since 巴特尔额尔敦 is often typed without the dot."""
    folded = normalize(name)
    undotted = text_terms(folded.replace("·", "")) if "·" in folded else []
    return text_terms(folded) + undotted + _pinyin_terms(folded)


def number_terms(number: str) -> list[str]:
    digits = "".join(ch for ch in normalize(number) if ch.isalnum())
    return [digits, digits[::-1]] if digits else []


def joined(terms: Iterable[str]) -> str:
    return " ".join(terms)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _query_parts(query: str) -> Iterator[str]:
    for run in _RUN.findall(normalize(query)):
        if _HAN.match(run):
            if len(run) == 1:
                yield f"{_quote(run)}*"
            else:
                yield _quote(" ".join(run[i : i + 2] for i in range(len(run) - 1)))
        elif _NUMBERISH.match(run):
            yield f"({_quote(run)}* OR codes : {_quote(run[::-1])}*)"
        else:
            yield f"{_quote(run)}*"


def entity_term(entity: str) -> str:
    return "e" + entity.replace("_", "")


def grid_term(grid: str) -> str:
    return "g" + grid.replace("_", "").lower()


def _any_of(terms: list[str]) -> str:
    return "scope : (" + " OR ".join(_quote(term) for term in terms) + ")"


def match_expression(
    query: str, *, entities: list[str] | None = None, grids: list[str] | None = None
) -> str | None:
    """The FTS5 MATCH expression for what a person typed, or None if nothing can match.

    Every term is quoted, so no input can be read as FTS5 syntax. ``entities`` and ``grids``
    narrow the match to those kinds of record and those grids (an empty list matches nothing).
    """
    parts = list(itertools.islice(_query_parts(query), 16))
    if not parts or entities == [] or grids == []:
        return None
    if entities:
        parts.append(_any_of([entity_term(e) for e in entities]))
    if grids:
        parts.append(_any_of([grid_term(g) for g in grids]))
    return " AND ".join(parts)
