"""The grid tree (region → 盟/市 → 旗/县 → 苏木/乡镇 → 嘎查/村 → 组) and what a device covers.

A device enrolled for a grid covers that grid and every grid under it: a township laptop receives
and may write its villages' records. Reads and writes are checked against the covered set; a
device also receives the grid records of the grids above its own, to name them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server import db

_DOWN = """
WITH RECURSIVE under(code) AS (
    SELECT code FROM grids WHERE code IN :roots
    UNION SELECT g.code FROM grids g JOIN under u ON g.parent_code = u.code
)
SELECT code FROM under
"""
_UP = """
WITH RECURSIVE above(code, parent_code) AS (
    SELECT code, parent_code FROM grids WHERE code IN :roots
    UNION SELECT g.code, g.parent_code FROM grids g JOIN above a ON g.code = a.parent_code
)
SELECT code FROM above
"""
_DOWN_QUERY = sa.text(_DOWN).bindparams(sa.bindparam("roots", expanding=True))
_UP_QUERY = sa.text(_UP).bindparams(sa.bindparam("roots", expanding=True))


# Every request asks what its device covers; the tree changes when IT adds a grid, a few times a
# year. So each answer is kept a little while: a new grid is covered within TREE_SECONDS, and two
# tree queries a request (a third of a push's time on PostgreSQL) are spared.
TREE_SECONDS = 10.0
_kept: dict[tuple[str, frozenset[str]], tuple[float, frozenset[str]]] = {}
_kept_lock = threading.Lock()


def _tree(conn: Connection, query: sa.TextClause, direction: str, codes: Iterable[str]) -> frozenset[str]:
    wanted = frozenset(codes)
    if not wanted:
        return frozenset()
    key, now = (direction, wanted), time.monotonic()
    with _kept_lock:
        kept = _kept.get(key)
    if kept and kept[0] > now:
        return kept[1]
    found = frozenset(conn.execute(query, {"roots": sorted(wanted)}).scalars())
    with _kept_lock:
        _kept[key] = (now + TREE_SECONDS, found)
    return found


def covered(conn: Connection, roots: Iterable[str]) -> frozenset[str]:
    """The grids at and under ``roots``."""
    wanted = frozenset(roots)
    return wanted | _tree(conn, _DOWN_QUERY, "down", wanted)


def above(conn: Connection, codes: Iterable[str]) -> frozenset[str]:
    """The grids at and above ``codes``: what a device needs to name where it stands."""
    return _tree(conn, _UP_QUERY, "up", codes)


def forget_tree() -> None:
    """The tree changed in this process (a grid added): answer from it at once."""
    with _kept_lock:
        _kept.clear()


def names(conn: Connection, codes: Iterable[str]) -> dict[str, str]:
    """Grids as people read them, for messages: names by code (codes the tree does not know are
    missing, and shown as codes)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = conn.execute(sa.select(db.grids.c.code, db.grids.c.name).where(db.grids.c.code.in_(wanted)))
    return {code: name for code, name in rows}
