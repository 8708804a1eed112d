"""Changes the server refused, as a state a person sees and ends — never a silent loss.

A refusal stays listed (record, fields, the server's reason, what to do) until a person resolves
it: by fixing the record (the new change, once accepted, settles the refusal of that field), by
sending the refused changes again (after IT widened the laptop's grids, say), or by discarding
them after a confirmation — the laptop then takes the server's value, or drops a record the
server never accepted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.models import BY_ENTITY
from app.models.record import CREATION
from app.services.naming import entity_label, field_label, record_title, title_of
from app.store import Store, search
from app.store.tables import fetch_row
from sync import apply, replica

_WHAT_TO_DO = {
    "out_of_scope": (
        "该记录所属的网格不在本设备负责的范围内：如果本机应当负责它，请管理员调整本设备的网格，"
        "然后点“重新发送”；否则点“放弃…”，并在负责该网格的电脑上录入。",
        "The record's grid is not one this laptop covers: if it should, have IT add the grid to this "
        "laptop and press Send again; otherwise discard it and record it on a laptop of that grid.",
    ),
    "invalid_value": (
        "服务器认为内容不符合要求：请打开记录改正后保存，改正的内容会自动重新发送；也可以放弃。",
        "The server found a value it cannot accept: open the record, correct it and save (it is sent "
        "again by itself); or discard it.",
    ),
    "too_large": (
        "这条修改太大，服务器无法接收：如果是过长的文字，请打开记录改短后保存，改正的内容会自动"
        "重新发送；否则请管理员调大服务器的上限，然后点“重新发送”。",
        "This change is too large for the server: if it is long text, open the record, shorten it "
        "and save (it is sent again by itself); otherwise have IT raise the server's limit, then "
        "press Send again.",
    ),
    "unknown_field": (
        "服务器的版本不认识这项内容：请管理员升级服务器后重新发送。",
        "The server's version does not know this field: have IT upgrade the server, then send again.",
    ),
}
_ASK_IT = ("请联系管理员。", "Ask IT.")


@dataclass(frozen=True)
class Refusal:
    """The refused changes of one record for one reason."""

    entity: str
    record_id: str
    record_title: str
    fields: tuple[str, ...]
    reason: str
    reason_zh: str
    reason_en: str
    refused_at: datetime

    @property
    def what_to_do(self) -> tuple[str, str]:
        return _WHAT_TO_DO.get(self.reason, _ASK_IT)

    @property
    def entity_label(self) -> tuple[str, str]:
        return entity_label(self.entity)

    @property
    def whole_record(self) -> bool:
        """The server refused the record's creation, not an edit of some of its fields."""
        return CREATION in self.fields

    @property
    def field_labels(self) -> tuple[tuple[str, str], ...]:
        return tuple(field_label(field) for field in self.fields)


def count(store: Store) -> int:
    """Refused changes still waiting for a person."""
    return int(store.db.execute("SELECT count(*) FROM sync_refused").fetchone()[0])


def listed(store: Store) -> list[Refusal]:
    rows = store.db.execute(
        "SELECT entity, record_id, reason, max(message_zh), max(message_en), max(refused_at),"
        " json_group_array(field) FROM sync_refused GROUP BY entity, record_id, reason ORDER BY min(seq)"
    ).fetchall()
    return [
        Refusal(
            entity=entity,
            record_id=record_id,
            record_title=_title(store, entity, record_id),
            fields=tuple(dict.fromkeys(json.loads(fields))),
            reason=reason,
            reason_zh=zh or reason,
            reason_en=en or reason,
            refused_at=datetime.fromisoformat(at) if at else datetime.min,
        )
        for entity, record_id, reason, zh, en, at, fields in rows
    ]


def _title(store: Store, entity: str, record_id: str) -> str:
    """The record's name, from the record or, for one it no longer lists, from what was sent."""
    if title := record_title(store, entity, record_id):
        return title
    values: dict[str, Any] = {}
    for field, value in store.db.execute(
        "SELECT field, value FROM sync_refused WHERE entity = ? AND record_id = ?", [entity, record_id]
    ):
        values |= json.loads(value) if field == CREATION else {field: json.loads(value)}
    return title_of(entity, values)


def _refused(store: Store, record_id: str) -> list[tuple[Any, ...]]:
    return store.db.execute(
        "SELECT seq, entity, field, value, hlc, base_hlc, winner FROM sync_refused WHERE record_id = ?"
        " ORDER BY seq",
        [record_id],
    ).fetchall()


def resend(store: Store, record_id: str) -> int:
    """Send a record's refused changes again, as they were made (their clocks unchanged, so a
    later edit elsewhere still wins), under the record's grid as it is now."""
    with store.transaction():
        refused = _refused(store, record_id)
        for _seq, entity, field, value, hlc, base_hlc, _winner in refused:
            row = fetch_row(store.db, entity, record_id)
            grid = row["grid"] if row else json.loads(value) if field == "grid" else ""
            store.db.execute(
                "INSERT INTO change_log (entity, record_id, grid, field, value, hlc, base_hlc, device)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [entity, record_id, grid, field, value, hlc, base_hlc, store.device_id],
            )
        store.db.execute("DELETE FROM sync_refused WHERE record_id = ?", [record_id])
    return len(refused)


def discard(store: Store, record_id: str) -> int:
    """Give up a record's refused changes: each field takes the server's value, and a record the
    server never accepted leaves this laptop (it is on no other)."""
    with store.transaction():
        refused = _refused(store, record_id)
        after = replica.acked_seq(store)
        for _seq, entity, field, _value, _hlc, _base, winner in refused:
            if winner is None:
                _drop_unaccepted(store, entity, record_id)
                continue
            kept = json.loads(winner)
            server = apply.RemoteChange(entity, record_id, "", field, kept["value"], kept["hlc"])
            apply.take_server_value(store, server, after)
        store.db.execute("DELETE FROM sync_refused WHERE record_id = ?", [record_id])
    return len(refused)


def _drop_unaccepted(store: Store, entity: str, record_id: str) -> None:
    """Off this laptop's lists, without a change to send: the server never had the record."""
    if entity in BY_ENTITY:
        store.db.execute(f"UPDATE {entity} SET deleted = 1 WHERE id = ?", [record_id])
        search.queue(store.db, entity, record_id)
