"""Grids as people know them: 巴彦嘎查, or 巴彦嘎查（宝力根苏木） where another grid this laptop knows
has the same name — never a code. Every list, picker, message and export names grids from here
(the store's own refusals from ``app.store.scope``, which this reads).

>>> labels(store, ["152500101001"])   # doctest: +SKIP
{'152500101001': '巴彦嘎查'}
"""

from __future__ import annotations

from collections.abc import Iterable

from app.models import GridLevel
from app.store import Store, scope

UNKNOWN_GRID = "未知网格"


def labels(store: Store, codes: Iterable[str] | None = None) -> dict[str, str]:
    """Each grid's label; ``codes`` limits the answer to those grids (one this laptop does not
    know reads 未知网格)."""
    named = scope.grid_labels(store.db)
    return named if codes is None else {code: named.get(code, UNKNOWN_GRID) for code in codes}


def label(store: Store, code: str) -> str:
    return labels(store, [code])[code]


def villages(store: Store, grids: Iterable[str]) -> list[tuple[str, str]]:
    """The villages (嘎查/村) among ``grids`` as (code, label), in the order of their labels: where a
    household can go."""
    wanted = set(grids)
    named = scope.grid_labels(store.db)
    found = [
        (code, named[code])
        for code, _name, _parent, level in scope.known_grids(store.db)
        if code in wanted and level == GridLevel.VILLAGE.value
    ]
    return sorted(found, key=lambda pair: pair[1])
