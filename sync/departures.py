"""Records leave a laptop when they leave its grids: a household transferred to another village,
a laptop whose grids IT narrowed. They stay on the server; here they are deleted, with their search
entries and the photos only they listed, so a lost laptop holds no more than it needs.

A record is kept while it still has changes to send (the server answers those, refused or not, and
the refusal is listed for a person), and while a record that stays points at it (a visit of this
village to a household that moved): removing it would leave the visit pointing at nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from app.models import LISTS_FILES, RECORD_TYPES
from app.store import Store, search
from app.store.scope import device_grids

# The grid tree names the grids above this laptop's own, and accounts are the keys to it.
_KEPT_WHEREVER = frozenset({"grids", "users"})
_LISTS_FILES = LISTS_FILES


def _children(store: Store, entity: str) -> list[tuple[str, str]]:
    """(table, column) of every reference to ``entity``."""
    found = []
    for model in RECORD_TYPES:
        for row in store.db.execute(f"PRAGMA foreign_key_list({model.entity})").fetchall():
            if row[2] == entity:
                found.append((model.entity, row[3]))
    return found


def leave(store: Store, candidates: Iterable[tuple[str, str]] | None = None) -> int:
    """Delete the records (of ``candidates``, or all) outside this laptop's grids; call inside a
    transaction, after the records' own changes were applied. Returns how many left."""
    covered = device_grids(store.db)
    if covered is None:
        return 0
    wanted = None if candidates is None else {(e, r) for e, r in candidates if e not in _KEPT_WHEREVER}
    files: set[str] = set()
    left = 0
    # A record goes once nothing that stays points at it: passes until one removes nothing.
    while removed := _one_pass(store, json.dumps(sorted(covered)), wanted, files):
        left += removed
    _drop_unlisted(store, files)
    return left


def _one_pass(store: Store, inside: str, wanted: set[tuple[str, str]] | None, files: set[str]) -> int:
    after = int(store.meta("acked_seq") or 0)
    removed = 0
    for model in RECORD_TYPES:
        entity = model.entity
        if entity in _KEPT_WHEREVER or (wanted is not None and not any(e == entity for e, _ in wanted)):
            continue
        guards = " ".join(
            f"AND NOT EXISTS (SELECT 1 FROM {table} c WHERE c.{column} = t.id)"
            for table, column in _children(store, entity)
        )
        rows = store.db.execute(
            f"SELECT t.id FROM {entity} t WHERE t.grid NOT IN (SELECT value FROM json_each(?)) {guards}"
            " AND NOT EXISTS (SELECT 1 FROM change_log l"
            " WHERE l.seq > ? AND l.entity = ? AND l.record_id = t.id)",
            [inside, after, entity],
        ).fetchall()
        ids = [row[0] for row in rows if wanted is None or (entity, row[0]) in wanted]
        if not ids:
            continue
        if entity in _LISTS_FILES:
            files |= _listed(store, entity, ids)
        store.db.execute(
            f"DELETE FROM {entity} WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]
        )
        for record_id in ids:
            search.forget(store.db, record_id)
        removed += len(ids)
    return removed


def _listed(store: Store, entity: str, ids: list[str]) -> set[str]:
    rows = store.db.execute(
        f"SELECT j.value FROM {entity} t, json_each(t.attachments) j"
        " WHERE t.id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids)],
    )
    return {row[0] for row in rows}


def _drop_unlisted(store: Store, files: set[str]) -> None:
    """Photos the departed records listed and nothing here lists any more."""
    if not files:
        return
    still = set()
    for entity in _LISTS_FILES:
        still |= {
            row[0] for row in store.db.execute(f"SELECT j.value FROM {entity} t, json_each(t.attachments) j")
        }
    gone = sorted(files - still)
    store.db.execute(
        "DELETE FROM attachment_files WHERE sha256 IN (SELECT value FROM json_each(?))", [json.dumps(gone)]
    )
