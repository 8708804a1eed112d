"""Breakdowns (分类统计) of the figures about people in a report period: by worker, by village
(嘎查村) and by ethnicity — what the ledgers' second sheet and the PDF report print.

Each subject is one query giving a row per person counted (a visit's household head, a served
resident, a dispute's party, a volunteer's participation — once per activity, as
``app.services.headcounts`` counts it) with who recorded it, its grid and the
person's ethnicity; the counting by each dimension is done here, the same way for every subject.
A record kept at a township's own grid counts for that township; a person without a recorded
ethnicity counts as 未登记.

    found = breakdowns(store, ("152500101001",), date(2026, 1, 1), date(2026, 4, 1), zone)
    found["visits"].by["village"]   # [("巴彦嘎查", 12.0), …]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any

from app.models import Ethnicity, GridLevel
from app.services import grids as grid_names
from app.services.headcounts import counted
from app.store import Store
from app.store.listing import day_start_utc

DIMENSIONS = {"worker": "按网格员", "village": "按嘎查村", "ethnicity": "按民族"}
UNRECORDED = "未登记"

_WHO = (
    "coalesce((SELECT u.display_name FROM users u WHERE u.username = {who} AND u.deleted = 0 LIMIT 1), {who})"
)
_HEAD_ETHNICITY = (
    "(SELECT r.ethnicity FROM residents r WHERE r.household_id = h.id AND r.name = h.head_name "
    "AND r.deleted = 0 LIMIT 1)"
)
# Each subject: its name in a report, its unit, whether it sums a weight (hours) or counts rows,
# and the query giving (worker, grid, ethnicity, person, weight) for the period.
_SUBJECTS: dict[str, tuple[str, str, str]] = {
    "visits": (
        "走访户次",
        "次",
        f"SELECT {_WHO.format(who='v.author')}, v.grid, {_HEAD_ETHNICITY}, v.household_id, 1 "
        "FROM visits v JOIN households h ON h.id = v.household_id "
        "WHERE v.deleted = 0 AND v.grid IN ({grids}) AND v.visited_at >= ? AND v.visited_at < ?",
    ),
    "service_items": (
        "服务群众人次",
        "人次",
        f"SELECT {_WHO.format(who='s.handled_by')}, s.grid, coalesce(r.ethnicity, {_HEAD_ETHNICITY}), "
        "coalesce(s.resident_id, s.household_id), 1 "
        "FROM service_items s JOIN households h ON h.id = s.household_id "
        "LEFT JOIN residents r ON r.id = s.resident_id "
        "WHERE s.deleted = 0 AND s.grid IN ({grids}) AND s.created_at >= ? AND s.created_at < ?",
    ),
    "dispute_parties": (
        "纠纷当事人",
        "人",
        f"SELECT {_WHO.format(who='d.author')}, d.grid, r.ethnicity, p.id, 1 "
        "FROM dispute_parties p JOIN disputes d ON d.id = p.dispute_id "
        "LEFT JOIN residents r ON r.id = p.resident_id AND r.deleted = 0 "
        "WHERE p.deleted = 0 AND d.deleted = 0 AND d.grid IN ({grids}) "
        "AND d.created_at >= ? AND d.created_at < ?",
    ),
    "volunteer_hours": (
        "志愿服务时长",
        "小时",
        f"SELECT {_WHO.format(who='a.author')}, a.grid, r.ethnicity, p.volunteer_id, p.hours "
        "FROM participations p JOIN volunteer_activities a ON a.id = p.activity_id "
        "JOIN volunteers vo ON vo.id = p.volunteer_id "
        "LEFT JOIN residents r ON r.id = vo.resident_id AND r.deleted = 0 "
        f"WHERE {counted('p')} AND a.deleted = 0 AND a.grid IN ({{grids}}) "
        "AND a.started_at >= ? AND a.started_at < ?",
    ),
    "floating_population": (
        "流动人口",
        "人",
        "SELECT NULL, r.grid, r.ethnicity, r.id, 1 FROM residents r "
        "WHERE r.deleted = 0 AND r.residence = 'floating' AND r.grid IN ({grids}) "
        "AND r.arrived_on >= ? AND r.arrived_on < ?",
    ),
}
# Which subjects each ledger's breakdown sheet holds.
LEDGER_SUBJECTS: dict[str, tuple[str, ...]] = {
    "visits": ("visits",),
    "disputes": ("dispute_parties",),
    "volunteer_activities": ("volunteer_hours",),
    "volunteer_hours": ("volunteer_hours",),
    "service_items": ("service_items",),
    "floating_population": ("floating_population",),
}
# A subject counted by day rather than by moment compares local days, not UTC instants.
_BY_DAY = {"floating_population"}


@dataclass(frozen=True)
class Breakdown:
    """One subject's total and its rows by each dimension, largest first (a floating resident has
    no worker, so that subject has no 按网格员)."""

    subject: str
    title: str
    unit: str
    total: float
    people: int
    by: dict[str, list[tuple[str, float]]]


def village_of(store: Store) -> dict[str, str]:
    """Each known grid's village label: the grid itself where it is a village, else the nearest
    village above it, else the grid's own label (a township's own records)."""
    rows = store.db.execute("SELECT code, parent_code, level FROM grids WHERE deleted = 0").fetchall()
    parent = {code: up for code, up, _level in rows}
    level = {code: lvl for code, _up, lvl in rows}
    named = grid_names.labels(store)
    found = {}
    for code in parent:
        at: str | None = code
        while at is not None and level.get(at) != GridLevel.VILLAGE.value:
            at = parent.get(at)
        found[code] = named[at] if at is not None else named[code]
    return found


def _ethnicity(value: str | None) -> str:
    return Ethnicity(value).zh if value else UNRECORDED


def _ranked(counter: Counter[str]) -> list[tuple[str, float]]:
    return sorted(counter.items(), key=lambda pair: (-pair[1], pair[0]))


def _bounds(subject: str, start: date, end: date, zone: tzinfo) -> list[str]:
    if subject in _BY_DAY:
        return [start.isoformat(), end.isoformat()]
    return [day_start_utc(start, zone), day_start_utc(end, zone)]


def breakdown(
    store: Store, subject: str, grids: Sequence[str], start: date, end: date, zone: tzinfo
) -> Breakdown:
    """One subject for ``grids`` from the local day ``start`` up to (not including) ``end``."""
    title, unit, sql = _SUBJECTS[subject]
    marks = ",".join("?" * len(grids)) or "NULL"
    rows: list[tuple[Any, ...]] = store.db.execute(
        sql.format(grids=marks), [*grids, *_bounds(subject, start, end, zone)]
    ).fetchall()
    villages = village_of(store)
    counters: dict[str, Counter[str]] = defaultdict(Counter)
    people: set[str] = set()
    for worker, grid, ethnicity, person, weight in rows:
        if worker is not None:
            counters["worker"][worker] += weight
        counters["village"][villages.get(grid, grid)] += weight
        counters["ethnicity"][_ethnicity(ethnicity)] += weight
        people.add(person)
    dimensions = [d for d in DIMENSIONS if not (d == "worker" and subject == "floating_population")]
    return Breakdown(
        subject,
        title,
        unit,
        float(sum(weight for *_rest, weight in rows)),
        len(people),
        {d: _ranked(counters[d]) for d in dimensions},
    )


def breakdowns(
    store: Store,
    grids: Sequence[str],
    start: date,
    end: date,
    zone: tzinfo,
    subjects: Sequence[str] = tuple(_SUBJECTS),
) -> dict[str, Breakdown]:
    return {subject: breakdown(store, subject, grids, start, end, zone) for subject in subjects}
