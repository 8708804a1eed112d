"""The grid tree (region → 盟/市 → 旗/县 → 苏木/乡镇 → 嘎查/村 → 组) and what a device covers.

A device enrolled for a grid covers that grid and every grid under it: a township laptop receives
and may write its villages' records. Reads and writes are checked against the covered set; a
device also receives the grid records of the grids above its own, to name them.
"""

from __future__ import annotations

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


def covered(conn: Connection, roots: Iterable[str]) -> frozenset[str]:
    """The grids at and under ``roots``."""
    wanted = sorted(set(roots))
    if not wanted:
        return frozenset()
    return frozenset(wanted) | frozenset(conn.execute(_DOWN_QUERY, {"roots": wanted}).scalars())


def above(conn: Connection, codes: Iterable[str]) -> frozenset[str]:
    """The grids at and above ``codes``: what a device needs to name where it stands."""
    wanted = sorted(set(codes))
    if not wanted:
        return frozenset()
    return frozenset(conn.execute(_UP_QUERY, {"roots": wanted}).scalars())


def names(conn: Connection, codes: Iterable[str]) -> dict[str, str]:
    """Grids as people read them, for messages: names by code (codes the tree does not know are
    missing, and shown as codes)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = conn.execute(sa.select(db.grids.c.code, db.grids.c.name).where(db.grids.c.code.in_(wanted)))
    return {code: name for code, name in rows}
