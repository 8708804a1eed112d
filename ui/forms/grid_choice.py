"""The grid a new record belongs to: one of the worker's grids, named as people know them."""

from __future__ import annotations

from app.models import Grid, Record
from app.services.session import Session
from app.store import Store
from ui.forms.fields import Choice


def grid_choice(store: Store, session: Session, record: Record | None) -> Choice:
    """Fixed once a record exists: moving a record between grids is not an edit a form makes."""
    grids = list(session.grids)
    if record is not None and record.grid not in grids:
        grids.append(record.grid)
    names = {g.code: g.name for g in store.find(Grid, order_by="code")}
    choice = Choice([(code, names.get(code, code)) for code in grids])
    choice.setEnabled(record is None)
    return choice
