"""Figures about a database as a whole: what IT checks and the start screen shows."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import AuditEvent, Dispute, Household, Resident, Visit, VolunteerActivity
from app.store import Store
from app.store.migrations import schema_version

COUNTED = (Household, Resident, Visit, Dispute, VolunteerActivity)


@dataclass(frozen=True)
class Overview:
    schema_version: int
    counts: dict[str, int]
    pending_changes: int
    integrity: str


def overview(store: Store, *, check_integrity: bool = False) -> Overview:
    return Overview(
        schema_version=schema_version(store.db),
        counts={model.entity: store.count(model) for model in COUNTED},
        pending_changes=store.pending_changes(),
        integrity=store.integrity_check() if check_integrity else "not checked",
    )


# A change to a record typed inside another (a resident in a household, a party of a dispute) is
# a change to that record as the worker knows it; a review or a settled conflict, to what it decided.
_PARENTS = {
    "residents": ("'households'", "t.household_id"),
    "dispute_parties": ("'disputes'", "t.dispute_id"),
    "mediation_sessions": ("'disputes'", "t.dispute_id"),
    "follow_ups": ("'disputes'", "t.dispute_id"),
    "dispute_steps": ("'disputes'", "t.dispute_id"),
    "participations": ("'volunteer_activities'", "t.activity_id"),
    "reviews": ("t.record_entity", "t.record_id"),
    "conflict_resolutions": ("t.record_entity", "t.record_id"),
}
# What the laptop writes about a person's acts (a login) is not a record they made: it syncs like
# any change (``Store.pending_changes`` counts it) but is no "记录待同步" of theirs.
_UNSENT = (
    f"SELECT DISTINCT entity, record_id FROM change_log WHERE seq > ? AND entity != '{AuditEvent.entity}'"
)
_RECORDS_TO_SYNC = "\nUNION ".join(
    [
        "SELECT entity, record_id FROM unsent WHERE entity NOT IN ({})".format(
            ", ".join(f"'{child}'" for child in _PARENTS)
        ),
        *(
            f"SELECT coalesce({entity}, u.entity), coalesce({parent_id}, u.record_id) FROM unsent u "
            f"LEFT JOIN {child} t ON t.id = u.record_id WHERE u.entity = '{child}'"
            for child, (entity, parent_id) in _PARENTS.items()
        ),
    ]
)


def records_to_sync(store: Store) -> int:
    """How many records have changes the server has not acknowledged — records as the worker
    knows them ("3 条记录待同步"), not field changes: a household saved with two residents is one.
    The same count everywhere it is shown: 工作台, the status bar and 同步. Audit entries (a login)
    are not counted: they are the laptop's account of the person, not records the person made."""
    acked = int(store.meta("acked_seq") or 0)
    sql = f"WITH unsent AS ({_UNSENT}) SELECT count(*) FROM ({_RECORDS_TO_SYNC})"
    return int(store.db.execute(sql, [acked]).fetchone()[0])
