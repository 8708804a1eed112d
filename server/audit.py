"""The server's check of the audit trail: every laptop's chain, complete, as the server holds it.

Laptops push their audit events like any record; the server holds every one of every grid, so it
can check each chain from its first entry to its last (``app.models.audit_chain``): an entry
altered, removed or reordered — on a laptop before it was pushed, or here — is found and named.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from app.models import AuditEvent
from app.models.audit_chain import ChainProblem, verify_chain
from app.models.checks import STORED
from server import db, state


def audit_events(conn: Connection) -> list[AuditEvent]:
    rows = conn.execute(sa.select(db.field_state).where(db.field_state.c.entity == AuditEvent.entity))
    return [
        AuditEvent.model_validate(
            {"id": record_id, **{name: version.value for name, version in found.fields()}}, context=STORED
        )
        for (_entity, record_id), found in state.fold(rows).items()
    ]


def verify(conn: Connection) -> tuple[int, list[ChainProblem]]:
    """How many entries the server holds, and every problem in their chains."""
    events = audit_events(conn)
    return len(events), verify_chain(events, complete=True)
