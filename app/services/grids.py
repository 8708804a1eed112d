"""Grids as people know them: 巴彦嘎查, or 巴彦嘎查（宝力根苏木） where another grid this laptop knows
has the same name — never a code. Every list, picker, message and export names grids from here.

>>> labels(store, ["152500101001"])   # doctest: +SKIP
{'152500101001': '巴彦嘎查'}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from app.models import GridLevel
from app.store import Store

# Where a household can be moved to: a village (嘎查/村), not a township or a banner.
_PLACES_FOR_HOUSEHOLDS = (GridLevel.VILLAGE.value,)
UNKNOWN_GRID = "未知网格"


def _known(store: Store) -> list[tuple[str, str, str | None, str]]:
    return store.db.execute(
        "SELECT g.code, g.name, p.name, g.level FROM grids g "
        "LEFT JOIN grids p ON p.code = g.parent_code AND p.deleted = 0 WHERE g.deleted = 0"
    ).fetchall()


def labels(store: Store, codes: Iterable[str] | None = None) -> dict[str, str]:
    """Each grid's name, with its parent's where two grids share the name; ``codes`` limits the
    answer to those grids (a grid this laptop does not know reads 未知网格)."""
    known = _known(store)
    count = Counter(name for _code, name, _parent, _level in known)
    named = {
        code: f"{name}（{parent}）" if count[name] > 1 and parent else name
        for code, name, parent, _level in known
    }
    if codes is None:
        return named
    return {code: named.get(code, UNKNOWN_GRID) for code in codes}


def label(store: Store, code: str) -> str:
    return labels(store, [code])[code]


def villages(store: Store, grids: Iterable[str]) -> list[tuple[str, str]]:
    """The villages among ``grids`` as (code, label), in the order of their labels: where a
    household can go."""
    wanted = set(grids)
    named = labels(store)
    found = [
        (code, named[code])
        for code, _name, _parent, level in _known(store)
        if code in wanted and level in _PLACES_FOR_HOUSEHOLDS
    ]
    return sorted(found, key=lambda pair: pair[1])
