"""The server takes care memberships, life events, service items and residents' new fields like
any record, refuses what the laptops' rules refuse, and keeps a service item's state guarded:
on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from server import db
from tests.server.conftest import G1, DeviceClock, change, enroll, pull_all, push

HOUSEHOLD = str(uuid.uuid4())


def _record(entity: str, values: dict[str, object]) -> dict[str, object]:
    return {
        "grid": G1,
        "author": "worker101",
        "created_at": "2026-11-30T02:00:00Z",
        "deleted": False,
        **values,
    }


NEW_RECORDS = {
    "care_memberships": {
        "household_id": HOUSEHOLD,
        "resident_id": None,
        "care_group": "elderly_alone",
        "since": "2026-01-01",
        "until": None,
        "certificate_no": "",
        "grade": "",
        "needs_check": False,
        "notes": "",
    },
    "life_events": {
        "household_id": HOUSEHOLD,
        "resident_id": None,
        "kind": "moved_out",
        "happened_on": "2026-11-01",
        "place": "呼和浩特市",
        "notes": "",
    },
    "service_items": {
        "household_id": HOUSEHOLD,
        "resident_id": None,
        "opened_visit_id": None,
        "closed_visit_id": None,
        "category": "id_card",
        "channel": "at_home",
        "need": "上门办理身份证换领",
        "due_on": "2026-12-10",
        "status": "opened",
        "handled_by": "worker101",
        "escalated_to": "",
        "escalated_on": None,
        "closed_at": None,
        "outcome": "",
        "satisfaction": None,
    },
}


@pytest.mark.parametrize("entity", sorted(NEW_RECORDS))
def test_new_record_types_are_accepted_whole_and_served_back(
    client: TestClient, engine: Engine, entity: str
) -> None:
    device, reader = enroll(client, engine, G1), enroll(client, engine, G1)
    record = uuid.uuid4()
    response = push(
        client,
        device,
        change(record, "*", _record(entity, NEW_RECORDS[entity]), DeviceClock(device.id)(), entity=entity),
    )
    assert response.json()["results"][0]["status"] == "applied", response.text
    pulled, _ = pull_all(client, reader)
    [served] = [c for c in pulled if c["record_id"] == str(record)]
    assert served["entity"] == entity and served["value"]["household_id"] == HOUSEHOLD


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("service_items", "status", "finished"),
        ("service_items", "satisfaction", "very happy"),
        ("service_items", "channel", "by_pigeon"),
        ("care_memberships", "care_group", "astronaut"),
        ("care_memberships", "needs_check", "yes"),
        ("life_events", "kind", "vanished"),
        ("life_events", "happened_on", "not a date"),
        ("residents", "residence", "on_the_moon"),
        ("residents", "presence", "gone"),
        ("residents", "permit_number", "x" * 33),
    ],
)
def test_values_the_laptops_refuse_are_refused(
    client: TestClient, engine: Engine, entity: str, field: str, value: object
) -> None:
    device = enroll(client, engine, G1)
    [result] = push(
        client, device, change(uuid.uuid4(), field, value, DeviceClock(device.id)(), entity=entity)
    ).json()["results"]
    assert result["status"] == "refused", (entity, field, value)
    assert result["message_zh"] and result["message_en"]


def test_a_floating_resident_sent_whole_without_a_native_place_is_refused(
    client: TestClient, engine: Engine
) -> None:
    device = enroll(client, engine, G1)
    resident = _record(
        "residents",
        {
            "household_id": HOUSEHOLD,
            "name": "马明",
            "gender": "male",
            "birth_date": None,
            "id_number": None,
            "ethnicity": None,
            "phone": None,
            "notes": "",
            "residence": "floating",
            "presence": "present",
            "native_place": "",
            "arrived_on": None,
            "arrival_reason": "",
            "permit_number": "",
            "permit_expires": None,
            "departed_on": None,
        },
    )
    [refused] = push(
        client, device, change(uuid.uuid4(), "*", resident, DeviceClock(device.id)(), entity="residents")
    ).json()["results"]
    assert refused["status"] == "refused" and "户籍地" in refused["message_zh"]
    resident["native_place"] = "甘肃省临夏州"
    [applied] = push(
        client, device, change(uuid.uuid4(), "*", resident, DeviceClock(device.id)(), entity="residents")
    ).json()["results"]
    assert applied["status"] == "applied"


def test_a_service_item_closed_differently_on_two_laptops_is_a_conflict(
    client: TestClient, engine: Engine
) -> None:
    a, b = enroll(client, engine, G1), enroll(client, engine, G1)
    item, base = uuid.uuid4(), DeviceClock(a.id)()
    push(client, a, change(item, "status", "in_progress", base, entity="service_items"))
    push(
        client, a, change(item, "status", "done", DeviceClock(a.id)(), entity="service_items", base_hlc=base)
    )
    [late] = push(
        client,
        b,
        change(item, "status", "cannot_be_done", DeviceClock(b.id)(), entity="service_items", base_hlc=base),
    ).json()["results"]
    assert late["status"] == "conflict"
    with engine.connect() as conn:
        conflict = conn.execute(sa.select(db.conflicts)).one()
    assert (conflict.entity, conflict.current_value, conflict.incoming_value) == (
        "service_items",
        "done",
        "cannot_be_done",
    )
