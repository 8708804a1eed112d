"""Community work on the server, on SQLite and PostgreSQL: patrols, incidents and typed activities
are accepted, kept and served like any record; what the laptops' rules refuse is refused here."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.demo.roster_file import id_number_for
from tests.server.conftest import G1, DeviceClock, change, enroll, pull_all, push

CREATED = "2026-03-05T02:00:00Z"


def _patrol() -> dict[str, object]:
    return {
        "grid": G1,
        "author": "worker101",
        "created_at": CREATED,
        "deleted": False,
        "route": "巴彦嘎查—北山草场",
        "patroller": "worker101",
        "started_at": "2026-03-05T01:00:00Z",
        "ended_at": "2026-03-05T03:30:00Z",
        "findings": "北山草场发现未熄灭的火堆",
        "attachments": ["a" * 64],
    }


def _incident(patrol_id: uuid.UUID | None, **changed: object) -> dict[str, object]:
    return {
        "grid": G1,
        "author": "worker101",
        "created_at": CREATED,
        "deleted": False,
        "patrol_id": str(patrol_id) if patrol_id else None,
        "category": "grassland_fire",
        "place": "北山草场",
        "summary": "未熄灭的火堆，已初步扑灭",
        "reported_at": "2026-03-05T02:00:00Z",
        "status": "reported",
        "escalated_at": None,
        "handling_note": "",
        "attachments": [],
        **changed,
    }


def test_a_patrol_with_an_incident_escalated_reaches_another_laptop(
    client: TestClient, engine: Engine
) -> None:
    laptop, other = enroll(client, engine, G1), enroll(client, engine, G1, name="other")
    clock = DeviceClock(laptop.id)
    patrol, incident = uuid.uuid4(), uuid.uuid4()
    created = push(
        client,
        laptop,
        change(patrol, "*", _patrol(), clock(), entity="patrols"),
        change(incident, "*", _incident(patrol), clock(), entity="incidents"),
    )
    assert [r["status"] for r in created.json()["results"]] == ["applied", "applied"], created.text
    escalated = push(
        client,
        laptop,
        change(incident, "escalated_at", "2026-03-05T04:00:00Z", clock(), entity="incidents"),
        change(incident, "status", "handling", clock(), entity="incidents"),
    )
    assert [r["status"] for r in escalated.json()["results"]] == ["applied", "applied"], escalated.text
    seen, _cursor = pull_all(client, other)
    by_field = {(c["entity"], c["field"]): c["value"] for c in seen}
    assert by_field[("patrols", "*")]["route"] == "巴彦嘎查—北山草场"
    assert by_field[("incidents", "*")]["category"] == "grassland_fire"
    assert by_field[("incidents", "status")] == "handling"
    assert by_field[("incidents", "escalated_at")].startswith("2026-03-05T04:00:00")


@pytest.mark.parametrize(
    ("entity", "field", "value", "words"),
    [
        ("incidents", "category", "wildfire", ""),
        ("incidents", "status", "finished", ""),
        ("volunteer_activities", "kind", "picnic", ""),
        ("volunteer_activities", "participant_count", -1, ""),
        ("volunteer_activities", "participant_count", "40", ""),
        ("volunteer_activities", "participant_count", 100_001, ""),
        (
            "volunteers",
            "id_number",
            id_number_for(7)[:17] + ("1" if id_number_for(7)[17] == "0" else "0"),
            "校验位",
        ),
        ("patrols", "route", "", ""),
    ],
)
def test_values_the_laptops_refuse_are_refused(
    client: TestClient, engine: Engine, entity: str, field: str, value: object, words: str
) -> None:
    laptop = enroll(client, engine, G1)
    response = push(
        client, laptop, change(uuid.uuid4(), field, value, DeviceClock(laptop.id)(), entity=entity)
    )
    [result] = response.json()["results"]
    assert result["status"] == "refused", (entity, field, value)
    assert result["message_zh"] and words in result["message_zh"]


def test_an_incident_escalated_before_it_was_reported_is_refused_whole(
    client: TestClient, engine: Engine
) -> None:
    laptop = enroll(client, engine, G1)
    incident = _incident(None, escalated_at="2026-03-05T01:00:00Z")
    response = push(
        client, laptop, change(uuid.uuid4(), "*", incident, DeviceClock(laptop.id)(), entity="incidents")
    )
    [result] = response.json()["results"]
    assert result["status"] == "refused" and "上报乡镇" in result["message_zh"]


def test_an_activity_with_a_type_and_head_counts_is_kept_as_sent(client: TestClient, engine: Engine) -> None:
    laptop, other = enroll(client, engine, G1), enroll(client, engine, G1, name="other")
    clock = DeviceClock(laptop.id)
    activity = uuid.uuid4()
    values = {
        "grid": G1,
        "author": "worker101",
        "created_at": CREATED,
        "deleted": False,
        "title": "党的二十届四中全会精神宣讲",
        "team_id": None,
        "started_at": "2026-03-05T01:00:00Z",
        "ended_at": "2026-03-05T03:00:00Z",
        "location": "巴彦嘎查党群服务中心",
        "description": "",
        "attachments": ["b" * 64],
        "review_state": "pending",
        "kind": "lecture",
        "participant_count": 40,
        "beneficiary_count": 120,
    }
    response = push(client, laptop, change(activity, "*", values, clock(), entity="volunteer_activities"))
    assert response.json()["results"][0]["status"] == "applied", response.text
    seen, _cursor = pull_all(client, other)
    [created] = [c["value"] for c in seen if c["record_id"] == str(activity)]
    assert (created["kind"], created["participant_count"], created["beneficiary_count"]) == (
        "lecture",
        40,
        120,
    )
