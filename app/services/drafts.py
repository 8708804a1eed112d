"""Drafts: what a person has typed into a form and not yet saved.

A draft holds the form's raw field texts, valid or not, so restoring one gives back exactly what
was typed. It lives in the encrypted database but never in the change log: a draft is not a record
and must never reach the server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.store import Store


@dataclass(frozen=True)
class Draft:
    id: str
    kind: str
    record_id: str | None
    title: str
    payload: dict[str, Any]
    saved_at: datetime


def save_draft(
    store: Store, draft_id: str, *, kind: str, record_id: str | None, title: str, payload: dict[str, Any]
) -> None:
    with store.transaction():
        store.db.execute(
            "INSERT INTO drafts (id, kind, record_id, title, payload, saved_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET title = excluded.title, payload = excluded.payload, "
            "saved_at = excluded.saved_at",
            [
                draft_id,
                kind,
                record_id,
                title,
                json.dumps(payload, ensure_ascii=False),
                datetime.now(UTC).isoformat(),
            ],
        )


def discard_draft(store: Store, draft_id: str) -> None:
    with store.transaction():
        store.db.execute("DELETE FROM drafts WHERE id = ?", [draft_id])


def drafts(store: Store) -> list[Draft]:
    """Every draft left behind, oldest first: what the app offers to restore when it starts."""
    rows = store.db.execute(
        "SELECT id, kind, record_id, title, payload, saved_at FROM drafts ORDER BY saved_at"
    ).fetchall()
    return [
        Draft(row[0], row[1], row[2], row[3], json.loads(row[4]), datetime.fromisoformat(row[5]))
        for row in rows
    ]
