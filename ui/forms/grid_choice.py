"""The grid a new record belongs to: one of the person's grids, named as people know them."""

from __future__ import annotations

from app.models import Record
from app.services import grids
from app.services.session import Session
from app.store import Store
from ui.forms.fields import Choice


def grid_choice(store: Store, session: Session, record: Record | None) -> Choice:
    """Fixed once a record exists: moving a record between grids is a transfer, not an edit."""
    codes = list(session.grids)
    if record is not None and record.grid not in codes:
        codes.append(record.grid)
    named = grids.labels(store, codes)
    # Villages first: where a household lives or a dispute arises, so the one first offered.
    villages = {code for code, _name in grids.villages(store, codes)}
    ordered = sorted(codes, key=lambda code: (code not in villages, code))
    choice = Choice([(code, named[code]) for code in ordered])
    choice.setEnabled(record is None)
    return choice
