"""The grid tree as this laptop knows it (the grid records the server sends) and the grids the
laptop itself covers: those it was enrolled for and every grid under them.

The device's grids bound what anyone may save on it — checked by the store at every save, so no
screen or service can forget it — and what it keeps: a record that moved out of them leaves.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

import sqlite_utils

_DOWN = """
WITH RECURSIVE under(code) AS (
    SELECT value FROM json_each(?)
    UNION SELECT g.code FROM grids g JOIN under u ON g.parent_code = u.code WHERE g.deleted = 0
)
SELECT code FROM under
"""


def covered(db: sqlite_utils.Database, roots: Iterable[str]) -> frozenset[str]:
    """The grids at and under ``roots``."""
    return frozenset(row[0] for row in db.execute(_DOWN, [json.dumps(sorted(set(roots)))]))


_UP = """
WITH RECURSIVE up(code) AS (
    SELECT value FROM json_each(?)
    UNION SELECT g.parent_code FROM grids g JOIN up u ON g.code = u.code
    WHERE g.deleted = 0 AND g.parent_code IS NOT NULL
)
SELECT code FROM up
"""


def with_ancestors(db: sqlite_utils.Database, codes: Iterable[str]) -> frozenset[str]:
    """The grids ``codes`` and every grid above them: where what serves them is kept (a township's
    volunteer team serves its villages)."""
    return frozenset(row[0] for row in db.execute(_UP, [json.dumps(sorted(set(codes)))]))


def enrolled_grids(db: sqlite_utils.Database) -> list[str] | None:
    """The grids the server enrolled this laptop for; None for a laptop never enrolled."""
    row = db.execute("SELECT value FROM meta WHERE key = 'server_grids'").fetchone()
    return json.loads(row[0]) if row and row[0] else None


def device_grids(db: sqlite_utils.Database) -> frozenset[str] | None:
    """What this laptop covers; None where it is not enrolled (a demo, a laptop not yet set up)."""
    enrolled = enrolled_grids(db)
    return None if enrolled is None else covered(db, enrolled)


_KNOWN = (
    "SELECT g.code, g.name, p.name, g.level FROM grids g "
    "LEFT JOIN grids p ON p.code = g.parent_code AND p.deleted = 0 WHERE g.deleted = 0"
)


def known_grids(db: sqlite_utils.Database) -> list[tuple[str, str, str | None, str]]:
    """(code, name, parent's name, level) of every grid this laptop knows."""
    return db.execute(_KNOWN).fetchall()


def grid_labels(db: sqlite_utils.Database) -> dict[str, str]:
    """Every known grid by the name people use: 巴彦嘎查, or 巴彦嘎查（宝力根苏木） where another grid
    has the same name."""
    known = known_grids(db)
    count = Counter(name for _code, name, _parent, _level in known)
    return {
        code: f"{name}（{parent}）" if count[name] > 1 and parent else name
        for code, name, parent, _level in known
    }


def grid_names(db: sqlite_utils.Database, codes: Iterable[str]) -> dict[str, str]:
    """Grids by name where this laptop knows them (by code where it does not: IT can act on that)."""
    labels = grid_labels(db)
    return {code: labels.get(code, code) for code in codes}


def grid_name(db: sqlite_utils.Database, code: str) -> str:
    return grid_names(db, [code])[code]
