"""Sync conflicts for the supervisor: both values side by side, and the one they keep.

The server opens a conflict when two laptops changed a guarded field (a dispute's outcome, a
review state…) without seeing each other's change; the later clock wins provisionally. Settling
it writes the kept or merged value as an ordinary change and a ``ConflictResolution`` record,
both synced: every device that receives the resolution stops listing the conflict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from app.clock import Stamp
from app.errors import InvalidValue, TongxinError
from app.models import BY_ENTITY, ConflictResolution, LabeledEnum, Record
from app.models.checks import field_adapter
from app.services.naming import record_title
from app.services.session import Permission, Session
from app.store import Store
from app.store.tables import to_json

_OPEN_SQL = """
SELECT c.id, c.entity, c.record_id, c.field, c.grid, c.current_value, c.current_hlc, c.current_device,
       c.current_device_name, c.incoming_value, c.incoming_hlc, c.incoming_device, c.incoming_device_name
  FROM conflicts c
 WHERE c.grid IN ({grids}) AND NOT EXISTS (
       SELECT 1 FROM conflict_resolutions r WHERE r.conflict_id = c.id AND r.deleted = 0)
 ORDER BY c.incoming_hlc
"""


@dataclass(frozen=True)
class Side:
    value: Any
    hlc: str
    device: str
    device_name: str

    @property
    def at(self) -> datetime:
        return datetime.fromtimestamp(Stamp.parse(self.hlc).wall_ms / 1000, UTC)


@dataclass(frozen=True)
class Conflict:
    id: str
    entity: str
    record_id: str
    field: str
    grid: str
    record_title: str
    current: Side
    incoming: Side

    @property
    def provisional(self) -> Side:
        """The value the record holds until the supervisor decides: the later clock's."""
        return max(self.current, self.incoming, key=lambda side: side.hlc)

    def shown(self, value: Any, language: str = "zh") -> str:
        """A value as a person reads it: a status's label, not its code."""
        model = BY_ENTITY.get(self.entity)
        annotation = (
            model.model_fields[self.field].annotation if model and self.field in model.model_fields else None
        )
        if isinstance(annotation, type) and issubclass(annotation, LabeledEnum):
            labels = {member.value: member.label(language) for member in annotation}
            if value in labels:
                return labels[value]
        if value is None or value == "":
            return "—"
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def open_conflicts(store: Store, session: Session) -> list[Conflict]:
    """The conflicts of the supervisor's grids no one has settled yet, oldest first."""
    session.require(Permission.RESOLVE_CONFLICTS)
    marks = ",".join("?" * len(session.grids))
    rows = store.db.execute(_OPEN_SQL.format(grids=marks), list(session.grids)).fetchall()
    return [
        Conflict(
            id=cid,
            entity=entity,
            record_id=record_id,
            field=field,
            grid=grid,
            record_title=record_title(store, entity, record_id) or entity,
            current=Side(
                json.loads(cv), ch, cd or Stamp.parse(ch).device, cn or cd or Stamp.parse(ch).device
            ),
            incoming=Side(json.loads(iv), ih, idev, iname or idev),
        )
        for cid, entity, record_id, field, grid, cv, ch, cd, cn, iv, ih, idev, iname in rows
    ]


def _field_value(model: type[Record], field: str, value: Any) -> Any:
    """The kept or merged value checked as the field's own input: the rest of the record is as
    sync merged it (perhaps flagged for two fields that disagree) and is not the decision here."""
    try:
        return field_adapter(model, field).validate_python(value)
    except ValidationError as invalid:
        cause = invalid.errors()[0].get("ctx", {}).get("error")
        if isinstance(cause, TongxinError):
            raise cause from None
        raise InvalidValue(
            "merged_value", "输入的值不符合该字段的要求。", f"The value does not fit this field: {invalid}"
        ) from None


def settle(store: Store, session: Session, conflict: Conflict, value: Any) -> ConflictResolution:
    """Keep ``value`` (one side's, or a merged one the supervisor typed) and close the conflict."""
    session.require(Permission.RESOLVE_CONFLICTS)
    session.require_grid(conflict.grid)
    model = BY_ENTITY.get(conflict.entity)
    if model is None:
        raise TongxinError(
            "unknown_entity",
            "此版本无法处理该记录类型。",
            f"This version cannot settle {conflict.entity} records.",
        )
    with store.transaction():
        record = store.get(model, conflict.record_id, include_deleted=True)
        settled = record.model_copy(update={conflict.field: _field_value(model, conflict.field, value)})
        store.save(settled)
        return store.save(
            ConflictResolution(
                grid=conflict.grid,
                author=session.username,
                conflict_id=UUID(conflict.id),
                record_entity=conflict.entity,
                record_id=UUID(conflict.record_id),
                field=conflict.field,
                value=to_json(settled.model_dump(mode="json")[conflict.field]),
                resolver=session.display_name,
            )
        )
