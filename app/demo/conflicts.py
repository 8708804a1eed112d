"""A conflict as a sync delivers it when two laptops changed the same guarded field: for the demo
and its screenshots, where no second laptop exists to disagree."""

from __future__ import annotations

import uuid
from typing import Any

from app.models import Record
from app.store import Store
from app.store.tables import to_json


def disagree(
    store: Store, record: Record, field: str, current: Any, incoming: Any, devices: tuple[str, str]
) -> str:
    """Record that ``devices[0]`` set ``current`` and, a minute later, ``devices[1]`` set ``incoming``."""
    with store.transaction():
        later = store.clock.tick()
        earlier = f"{later.wall_ms - 60_000:015d}-000000-{later.device or 'demo'}"
        conflict_id = str(uuid.uuid4())
        store.db.execute(
            "INSERT INTO conflicts (id, entity, record_id, field, grid, current_value, current_hlc, "
            "current_device, current_device_name, incoming_value, incoming_hlc, incoming_device, "
            "incoming_device_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                conflict_id,
                record.entity,
                str(record.id),
                field,
                record.grid,
                to_json(current),
                earlier,
                "demo-a",
                devices[0],
                to_json(incoming),
                str(later),
                "demo-b",
                devices[1],
            ],
        )
    return conflict_id
