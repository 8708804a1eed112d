"""Bringing archived records back from the server (``app.store.archive`` lets them leave).

A worker searches the server's archive of their grids (``search``), or the titles this laptop
kept of what left it, and brings a record back (``bring_back``): the server sends every change of
the record and of the records that left with it, and they are applied as a pull page is — the
pull cursor stays where it was — so the record comes back exactly as the server holds it.
"""

from __future__ import annotations

from app.store import Store
from sync import apply, pages, replica
from sync.engine import SyncEngine
from sync.protocol import ArchiveHit, ArchiveSearchResponse, FetchResponse


def search(engine: SyncEngine, query: str, *, limit: int = 20) -> list[ArchiveHit]:
    """Records of this laptop's grids on the server whose text holds ``query``."""
    answer = engine.transport().get("/v1/records/search", {"q": query, "limit": limit})
    return ArchiveSearchResponse.model_validate(answer).hits


def _members(store: Store, entity: str, record_id: str) -> list[tuple[str, str]]:
    """The record and those that left with it (what this laptop kept of them), else itself."""
    rows = store.db.execute(
        "SELECT entity, record_id FROM archived WHERE root_id = ? ORDER BY entity, record_id", [record_id]
    ).fetchall()
    return [(row[0], row[1]) for row in rows] or [(entity, record_id)]


def bring_back(engine: SyncEngine, entity: str, record_id: str) -> int:
    """Fetch one archived record (with its group) from the server; returns the records it held."""
    store = engine.store
    members = _members(store, entity, record_id)
    body = {"records": [{"entity": e, "record_id": r} for e, r in members]}
    answer = engine.transport().post("/v1/records", body, FetchResponse)
    changes = [
        apply.RemoteChange(c.entity, str(c.record_id), c.grid, c.field, c.value, c.hlc)
        for c in answer.changes
    ]
    with store.transaction():
        pages.apply_page(store, changes, replica.pull_cursor(store), answer.server_hlc)
        missing = {(key.entity, str(key.record_id)) for key in answer.missing}
        for member in members:
            if member not in missing:
                store.db.execute("DELETE FROM archived WHERE entity = ? AND record_id = ?", list(member))
    return len(members) - len(missing)
