"""A household moved to another village (as CommCare reassigns a case): the household with its
residents, visits, the disputes only its people are party to (with their parties, mediation
sessions, steps, follow-ups and photos) and the reviews of all of those — in one step, with a
reason that stays in the record's history.

Each record's grid changes as an ordinary change, so the server checks that whoever moves it covers
both villages, the new village's laptops receive the records whole and the old village's laptops
let go of them after their next sync (the server keeps everything).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from uuid import UUID

from app.errors import InvalidValue
from app.models import BY_ENTITY, AuditEvent, Household, Record
from app.services import audit, grids
from app.services.session import Permission, Session
from app.store import Store

REASON_LIMIT = 500

# What belongs to what: (child table, its column naming the parent), followed from the household.
_OWNED_BY_HOUSEHOLD = (("residents", "household_id"), ("visits", "household_id"))
_OWNED_BY_DISPUTE = (
    ("dispute_parties", "dispute_id"),
    ("mediation_sessions", "dispute_id"),
    ("dispute_steps", "dispute_id"),
    ("follow_ups", "dispute_id"),
)


@dataclass(frozen=True)
class Transfer:
    moved: int
    audit: AuditEvent


def _ids(store: Store, sql: str, params: list[str]) -> list[str]:
    return [row[0] for row in store.db.execute(sql, params).fetchall()]


def _in(ids: list[str]) -> tuple[str, list[str]]:
    return "(SELECT value FROM json_each(?))", [json.dumps(ids)]


def _owned_disputes(store: Store, residents: list[str]) -> list[str]:
    """Disputes every one of whose parties who is a resident here is one of ``residents``."""
    marks, params = _in(residents)
    return _ids(
        store,
        f"SELECT DISTINCT p.dispute_id FROM dispute_parties p WHERE p.resident_id IN {marks} AND NOT EXISTS ("
        " SELECT 1 FROM dispute_parties o WHERE o.dispute_id = p.dispute_id AND o.resident_id IS NOT NULL"
        f" AND o.resident_id NOT IN {marks})",
        [*params, *params],
    )


def belonging_to(store: Store, household_id: str) -> list[tuple[str, str]]:
    """(entity, id) of the household and everything that moves with it."""
    found: list[tuple[str, str]] = [("households", household_id)]
    for table, column in _OWNED_BY_HOUSEHOLD:
        found += [
            (table, i) for i in _ids(store, f"SELECT id FROM {table} WHERE {column} = ?", [household_id])
        ]
    residents = [i for e, i in found if e == "residents"]
    disputes = _owned_disputes(store, residents) if residents else []
    found += [("disputes", i) for i in disputes]
    if disputes:
        marks, params = _in(disputes)
        for table, column in _OWNED_BY_DISPUTE:
            found += [
                (table, i) for i in _ids(store, f"SELECT id FROM {table} WHERE {column} IN {marks}", params)
            ]
    reviewed = [i for e, i in found if e in ("visits", "disputes")]
    marks, params = _in(reviewed)
    found += [
        ("reviews", i) for i in _ids(store, f"SELECT id FROM reviews WHERE record_id IN {marks}", params)
    ]
    return found


def destinations(store: Store, session: Session, household: Household) -> list[tuple[str, str]]:
    """The villages of the person's grids a household can move to, as (code, name): not its own."""
    return [(code, name) for code, name in grids.villages(store, session.grids) if code != household.grid]


def _check_request(to_grid: str, reason: str) -> None:
    if not to_grid:
        raise InvalidValue("transfer_grid", "请选择要转入的嘎查村。", "Choose the village it moves to.")
    if not reason.strip():
        raise InvalidValue("transfer_reason", "转移住户需要说明原因。", "Say why the household moves.")
    if len(reason.strip()) > REASON_LIMIT:
        raise InvalidValue(
            "transfer_reason",
            f"原因请写在{REASON_LIMIT}字以内（现有{len(reason.strip())}字）。",
            f"Keep the reason within {REASON_LIMIT} characters (it has {len(reason.strip())}).",
        )


def transfer_household(
    store: Store, session: Session, household_id: UUID | str, to_grid: str, *, reason: str
) -> Transfer:
    """Move a household and what belongs to it to ``to_grid``, recording who, when and why.

    A refusal says which field it is about by its code: ``transfer_grid``, ``transfer_same_grid``,
    ``other_grid`` and ``outside_device`` the village chosen, ``transfer_reason`` the reason."""
    session.require(Permission.REVIEW)
    _check_request(to_grid, reason)
    with store.transaction():
        household = store.get(Household, household_id)
        session.require_grid(household.grid)
        session.require_grid(to_grid)
        if household.grid == to_grid:
            raise InvalidValue(
                "transfer_same_grid", "住户已在该网格。", "The household is already in that grid."
            )
        source = household.grid
        moved = belonging_to(store, str(household.id))
        for entity, record_id in moved:
            model: type[Record] = BY_ENTITY[entity]
            record = store.get(model, record_id, include_deleted=True)
            if record.grid == source:
                store.save(record.model_copy(update={"grid": to_grid}))
        event = audit.record(
            store,
            actor=session,
            action="transfer_household",
            detail=(
                f"住户“{household.head_name}”（{household.address}）从{grids.label(store, source)}"
                f"转至{grids.label(store, to_grid)}，共{len(moved)}条记录。原因：{reason.strip()}"
            ),
            grid=to_grid,
        )
    return Transfer(len(moved), event)
