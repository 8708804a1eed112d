"""Paged, sorted, filtered rows for the app's record lists.

A list reads one page at a time (``LIMIT``/``OFFSET`` over an indexed order) so a table over
100,000 records costs the same to open as one over ten. The text filter is the store's search:
a record is listed when it, or a record it points to (a visit's household), matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import sqlite_utils

from app.store import search, search_terms
from app.store.tables import to_json


@dataclass(frozen=True)
class Column:
    """One column of a list. A ``?`` in ``sql`` stands for today's date (a care group a household
    is in today), so the list needs to be told the day."""

    key: str
    sql: str


@dataclass(frozen=True)
class ListSpec:
    """What one list shows. ``searched`` maps an entity the text filter looks in to the column
    that holds that entity's id in this list's rows; ``choices`` maps a filter name to a condition
    whose first parameter is the value chosen (any ``?`` after it stands for today's date) and
    which may end in ``{grids}``: "in the person's grids", for a subquery to use its grid index."""

    entity: str
    source: str
    columns: tuple[Column, ...]
    order: str
    live: str
    grid_column: str
    date_column: str | None = None
    date_is_datetime: bool = True
    choices: dict[str, str] = field(default_factory=dict)
    searched: dict[str, str] = field(default_factory=dict)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class ListFilter:
    text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    choices: dict[str, str] = field(default_factory=dict)
    grids: tuple[str, ...] | None = None
    # The day a list that shows or filters by what holds today (care groups) is asked on.
    today: date | None = None


def _today(wanted: ListFilter, marks: int) -> list[str]:
    """Today's date for ``marks`` parameters of a list's SQL."""
    if not marks:
        return []
    if wanted.today is None:
        raise ValueError("this list shows what holds today: the filter needs today's date")
    return [wanted.today.isoformat()] * marks


def day_start_utc(day: date, zone: tzinfo) -> str:
    """The UTC instant a local day starts, in the stored text form, so text comparison orders it.

    Stored times look like ``2026-11-01T03:00:00Z`` or ``…:00.123456Z``; the bound carries
    ``.000000`` so a stored time in the very same second compares on the right side of it."""
    moment = datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


# A text filter matching at least this many index entries is "broad": the list then walks its
# order index and keeps matching rows (the first page fills at once) instead of fetching every
# match and sorting them (fast for a name, slow for "嘎查", which is in every address).
BROAD_MATCH = 1_000


def _match_clause(
    db: sqlite_utils.Database, spec: ListSpec, expression: str
) -> tuple[str, str, list[Any], list[Any]]:
    """The condition "this row or what it points to matches" (with the WITH clause it needs): by
    the matching ids themselves when they are few, by walking the list's order and testing each
    row against the matches, held once, when they are many."""
    ids = [row[0] for row in db.execute(f"{search.MATCHING_IDS} LIMIT ?", [expression, BROAD_MATCH + 1])]
    if len(ids) <= BROAD_MATCH:
        clause = " OR ".join(f"{c} IN (SELECT value FROM json_each(?))" for c in spec.searched.values())
        return "", clause, [], [to_json(ids)] * len(spec.searched)
    prefix = f"WITH matched(record_id) AS MATERIALIZED ({search.MATCHING_IDS}) "
    # "+" keeps SQLite from driving the query by the (large) match set.
    clause = " OR ".join(f"+{c} IN matched" for c in spec.searched.values())
    return prefix, clause, [expression], []


def _conditions(spec: ListSpec, wanted: ListFilter, zone: tzinfo) -> tuple[list[str], list[Any]]:
    clauses: list[str] = [spec.live]
    params: list[Any] = []
    if wanted.grids is not None:
        # "+": never by the grid index. Unfiltered, the list walks its order index keeping its
        # grids' rows (by the grid index SQLite sorted a whole village, 100,000 rows: 60 ms, for one
        # page); searched, the matches (already of these grids) drive it.
        clauses.append(f"+{spec.grid_column} IN ({', '.join('?' * len(wanted.grids)) or 'NULL'})")
        params.extend(wanted.grids)
    if spec.date_column and wanted.date_from:
        clauses.append(f"{spec.date_column} >= ?")
        params.append(
            day_start_utc(wanted.date_from, zone) if spec.date_is_datetime else wanted.date_from.isoformat()
        )
    if spec.date_column and wanted.date_to:
        clauses.append(f"{spec.date_column} < ?")
        end = wanted.date_to + timedelta(days=1)
        params.append(day_start_utc(end, zone) if spec.date_is_datetime else end.isoformat())
    for name, value in wanted.choices.items():
        if value:
            condition = spec.choices[name]
            params.extend([value, *_today(wanted, condition.count("?") - 1)])
            if "{grids}" in condition:
                grids = wanted.grids
                within = "IS NOT NULL" if grids is None else f"IN ({', '.join('?' * len(grids)) or 'NULL'})"
                condition = condition.replace("{grids}", within)
                params.extend(grids or ())
            clauses.append(condition)
    return clauses, params


def list_rows(
    db: sqlite_utils.Database,
    spec: ListSpec,
    wanted: ListFilter,
    *,
    sort: str | None = None,
    descending: bool = True,
    offset: int = 0,
    limit: int = 100,
    zone: tzinfo,
) -> list[dict[str, Any]]:
    """One page of a list's rows as {column key: stored value}, ``id`` always included."""
    clauses, params = _conditions(spec, wanted, zone)
    prefix = ""
    prefix_params: list[Any] = []
    if wanted.text.strip():
        # The grids are part of the match: a broad word ("嘎查") then matches one village's records,
        # not the township's, and the few matches drive the query.
        grids = None if wanted.grids is None else list(wanted.grids)
        expression = search_terms.match_expression(wanted.text, entities=list(spec.searched), grids=grids)
        if expression is None:
            return []
        prefix, clause, prefix_params, match_params = _match_clause(db, spec, expression)
        clauses.append(clause.join("()"))
        params.extend(match_params)
    order = spec.column(sort).sql if sort else spec.order
    direction = "DESC" if descending else "ASC"
    selected = ", ".join(f"{c.sql} AS {c.key}" for c in spec.columns)
    cursor = db.execute(
        f"{prefix}SELECT {selected} FROM {spec.source} WHERE {' AND '.join(clauses)} "
        f"ORDER BY {order} {direction}, id {direction} LIMIT ? OFFSET ?",
        [
            *prefix_params,
            *_today(wanted, selected.count("?")),
            *params,
            *_today(wanted, order.count("?")),
            limit,
            offset,
        ],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
