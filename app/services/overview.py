"""Figures about a database as a whole: what IT checks and the start screen shows."""

from __future__ import annotations

from dataclasses import dataclass

from app.models import Dispute, Household, Resident, Visit, VolunteerActivity
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
