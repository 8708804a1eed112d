"""What a pull brought that is not (yet) part of this laptop's records, and records a merge left
breaking a rule: listed with the reason a person can read, on the 同步 screen.

Pulled changes wait in ``sync_inbox`` while the rest of the pull goes on (sync.replica); most
wait for a page or two. Whatever is still waiting after a sync is parked: it names the record, the
fields and why — part of the record has not arrived, it points at a record this laptop does not
have, or this version of the app does not know it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import ValidationError

from app.errors import TongxinError
from app.models import BY_ENTITY
from app.services.naming import entity_label, field_label, record_title, title_of
from app.store import Store
from app.store.tables import fetch_row
from sync import apply


@dataclass(frozen=True)
class Reason:
    code: str
    zh: str
    en: str


@dataclass(frozen=True)
class Parked:
    entity: str
    record_id: str
    record_title: str
    fields: tuple[str, ...]
    reason: Reason

    @property
    def entity_label(self) -> tuple[str, str]:
        return entity_label(self.entity)


@dataclass(frozen=True)
class Flagged:
    """A record kept as sync merged it, though two of its fields now disagree."""

    entity: str
    record_id: str
    record_title: str
    reason: Reason

    @property
    def entity_label(self) -> tuple[str, str]:
        return entity_label(self.entity)


def count(store: Store) -> int:
    """Records with pulled changes that are not applied."""
    return int(
        store.db.execute(
            "SELECT count(*) FROM (SELECT DISTINCT entity, record_id FROM sync_inbox)"
        ).fetchone()[0]
    )


def parked(store: Store) -> list[Parked]:
    waiting = store.db.execute(
        "SELECT entity, record_id, json_group_array(field) FROM sync_inbox GROUP BY entity, record_id"
        " ORDER BY entity, record_id"
    ).fetchall()
    found = []
    for entity, record_id, fields in waiting:
        names = tuple(json.loads(fields))
        found.append(
            Parked(entity, record_id, _title(store, entity, record_id), names, _why(store, entity, record_id))
        )
    return found


def _title(store: Store, entity: str, record_id: str) -> str:
    if entity not in BY_ENTITY:
        return ""
    values = {field: value for field, (value, _hlc) in apply.waiting_fields(store, entity, record_id).items()}
    return record_title(store, entity, record_id) or title_of(entity, values)


def _why(store: Store, entity: str, record_id: str) -> Reason:
    if entity not in BY_ENTITY:
        return Reason(
            "unknown_entity",
            "本机的同心网格版本不认识这类记录；升级后会自动补上。",
            "This version of the app does not know this kind of record; it is applied after an upgrade.",
        )
    fields = apply.waiting_fields(store, entity, record_id)
    if not fields:
        return Reason(
            "unknown_field",
            "本机的同心网格版本不认识这项内容；升级后会自动补上。",
            "This version of the app does not know this field; it is applied after an upgrade.",
        )
    if fetch_row(store.db, entity, record_id) is None:
        if store.db.execute(
            "SELECT 1 FROM archived WHERE entity = ? AND record_id = ?", [entity, record_id]
        ).fetchone():
            return Reason(
                "archived",
                "该记录已从本机归档；在服务器上找到并取回后，这些修改会自动补上。",
                "The record was archived off this laptop; bring it back from the server and these "
                "changes are applied.",
            )
        try:
            record = apply.build(entity, record_id, fields)
        except ValidationError as invalid:
            return _invalid(invalid)
        except TongxinError as error:
            return Reason(error.code, error.zh, error.en)
        values = record.model_dump(mode="json")
    else:
        values = {field: value for field, (value, _hlc) in fields.items()}
    for field, value in values.items():
        if table := apply.missing_parent(store.db, entity, field, value):
            zh, en = entity_label(table)
            label_zh, label_en = field_label(field)
            return Reason(
                "missing_parent",
                f"“{label_zh}”指向的{zh}不在本机（可能属于本机负责范围以外的网格）。",
                f"Its {label_en.lower()} points at a {en.lower()} this laptop does not hold "
                "(perhaps of a grid outside this laptop's).",
            )
    # Whole, and pointing at nothing missing: a value this laptop holds once only is taken.
    return Reason(
        "duplicate",
        "本机已有一条同样编码或名称的记录（如同一网格编码或用户名），请联系管理员。",
        "Another record here already holds the same code or name (a grid code, a user name); ask IT.",
    )


def _invalid(invalid: ValidationError) -> Reason:
    if all(error["type"] == "missing" for error in invalid.errors()):
        missing = "、".join(field_label(str(error["loc"][0]))[0] for error in invalid.errors())
        return Reason(
            "incomplete",
            f"记录的部分内容（{missing}）还没有同步到本机。",
            "Part of the record has not reached this laptop yet.",
        )
    first = invalid.errors()[0]
    cause = first.get("ctx", {}).get("error")
    if isinstance(cause, TongxinError):
        return Reason(cause.code, cause.zh, cause.en)
    return Reason(
        "invalid", "记录的内容本机无法读取，请联系管理员。", f"The record cannot be read here: {first['msg']}"
    )


def flagged(store: Store) -> list[Flagged]:
    """Records a merge left breaking a rule; one a later merge or an edit mended is dropped here."""
    found = []
    rows = store.db.execute("SELECT entity, record_id FROM record_flags ORDER BY flagged_at").fetchall()
    with store.transaction():
        for entity, record_id in rows:
            row = fetch_row(store.db, entity, record_id)
            problem = apply.merge_problem(BY_ENTITY[entity], row) if row and entity in BY_ENTITY else None
            if problem is None:
                store.db.execute(
                    "DELETE FROM record_flags WHERE entity = ? AND record_id = ?", [entity, record_id]
                )
                continue
            found.append(Flagged(entity, record_id, record_title(store, entity, record_id), Reason(*problem)))
    return found
