"""Choosing a household, resident or volunteer by typing (a visit's household, a dispute's party):
the person's grids only, and each candidate told apart from its namesakes.

Eight herders called 乌力吉 read as 乌力吉 · 1968年 · 巴彦嘎查 · 巴彦嘎查3组12号, and where two
candidates still share a name, with the last four digits of their ID numbers.

>>> [c.grid for c in candidates(store, worker, "residents", "乌力吉")]   # doctest: +SKIP
['巴彦嘎查', '巴彦嘎查']
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace

from app.services import grids, scoped
from app.services.session import Session
from app.store import Store

SHOWN = 8
# Per kind of record: its name, the address it is found at, and the person's birth date and ID
# number (a household's are its head's), for the ids in the JSON parameter.
_DETAILS = {
    "households": "SELECT h.id, h.head_name, h.address, h.grid, r.birth_date, r.id_number FROM households h "
    "LEFT JOIN residents r ON r.id = (SELECT x.id FROM residents x WHERE x.household_id = h.id "
    "AND x.name = h.head_name AND x.deleted = 0 LIMIT 1) WHERE h.id IN (SELECT value FROM json_each(?))",
    "residents": "SELECT r.id, r.name, h.address, r.grid, r.birth_date, r.id_number FROM residents r "
    "LEFT JOIN households h ON h.id = r.household_id WHERE r.id IN (SELECT value FROM json_each(?))",
    "volunteers": "SELECT v.id, v.name, h.address, v.grid, r.birth_date, r.id_number FROM volunteers v "
    "LEFT JOIN residents r ON r.id = v.resident_id LEFT JOIN households h ON h.id = r.household_id "
    "WHERE v.id IN (SELECT value FROM json_each(?))",
}
# Kinds picked from a narrower set of one entity's records: volunteers still active, offered
# when recording who took part in an activity.
_NARROWED = {"active_volunteers": ("volunteers", " AND v.active = 1")}
PICKED = frozenset(_DETAILS) | frozenset(_NARROWED)
# How many search hits a narrowed kind reads for each one shown, as some are left out.
_NARROWED_READ = 4


@dataclass(frozen=True)
class Candidate:
    record_id: str
    name: str
    grid: str  # the grid's name, with its township where two grids share it
    address: str = ""
    birth_year: int | None = None
    id_tail: str = ""  # the ID number's last four, only where another candidate has the same name


def candidates(
    store: Store, session: Session, entity: str, text: str, *, limit: int = SHOWN
) -> list[Candidate]:
    """The best matches for ``text`` among the ``entity`` records of the person's grids."""
    if entity not in PICKED:
        raise ValueError(f"nothing is picked from {entity}")
    searched, narrower = _NARROWED.get(entity, (entity, ""))
    read = limit * _NARROWED_READ if narrower else limit
    hits = scoped.search(store, session, text, entities=[searched], limit=read).hits if text.strip() else []
    if not hits:
        return []
    order = [hit.record_id for hit in hits]
    details = _DETAILS[searched] + narrower
    rows = {row[0]: row for row in store.db.execute(details, [json.dumps(order)]).fetchall()}
    order = [i for i in order if i in rows][:limit]
    named = grids.labels(store, {row[3] for row in rows.values()})
    found = [
        Candidate(
            record_id=record_id,
            name=name,
            grid=named[grid],
            address=address or "",
            birth_year=int(birth[:4]) if birth else None,
            id_tail=(id_number or "")[-4:],
        )
        for record_id, name, address, grid, birth, id_number in (rows[i] for i in order if i in rows)
    ]
    namesakes = Counter(c.name for c in found)
    return [c if namesakes[c.name] > 1 else replace(c, id_tail="") for c in found]
