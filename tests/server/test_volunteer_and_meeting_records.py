"""Volunteers' standing, the households an activity served and deliberation meetings (晚议 / 议事)
on the server, on SQLite and PostgreSQL: accepted and served like any record, and what the
laptops' rules refuse is refused here too, with its reason in Chinese."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.server.conftest import G1, DeviceClock, change, enroll, pull_all, push

CREATED = "2026-12-14T02:00:00Z"
BASE = {"grid": G1, "author": "worker101", "created_at": CREATED, "deleted": False}


def _meeting(**changed: object) -> dict[str, object]:
    return {
        **BASE,
        "kind": "evening",
        "held_at": "2026-12-13T12:30:00Z",
        "place": "嘎查党群服务中心",
        "host": "嘎查党支部书记",
        "attendee_names": ["巴特尔", "其其格"],
        "attendee_resident_ids": [str(uuid.UUID(int=7))],
        "attendee_count": 26,
        "topics": "春季草场轮牧安排",
        "decisions": "北梁草场禁牧至6月15日",
        "follow_up_owner": "网格员其其格",
        **changed,
    }


def _volunteer(**changed: object) -> dict[str, object]:
    return {
        **BASE,
        "name": "斯琴高娃",
        "team_id": None,
        "resident_id": None,
        "phone": "13904791234",
        "id_number": None,
        "active": False,
        **changed,
    }


def _activity(**changed: object) -> dict[str, object]:
    return {
        **BASE,
        "title": "草原生态保护政策宣讲",
        "team_id": None,
        "started_at": "2026-12-13T01:00:00Z",
        "ended_at": "2026-12-13T03:00:00Z",
        "location": "嘎查文化室",
        "description": "",
        "attachments": ["d" * 64],
        "review_state": "pending",
        "kind": "lecture",
        "participant_count": 40,
        "beneficiary_count": 0,
        "households_served": [str(uuid.UUID(int=1)), str(uuid.UUID(int=2))],
        **changed,
    }


def test_a_meeting_an_inactive_volunteer_and_households_served_reach_another_laptop(
    client: TestClient, engine: Engine
) -> None:
    laptop, other = enroll(client, engine, G1), enroll(client, engine, G1, name="other")
    clock = DeviceClock(laptop.id)
    meeting, volunteer, activity = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    response = push(
        client,
        laptop,
        change(meeting, "*", _meeting(), clock(), entity="deliberations"),
        change(volunteer, "*", _volunteer(), clock(), entity="volunteers"),
        change(activity, "*", _activity(), clock(), entity="volunteer_activities"),
    )
    assert {r["status"] for r in response.json()["results"]} == {"applied"}, response.text
    response = push(client, laptop, change(volunteer, "active", True, clock(), entity="volunteers"))
    assert {r["status"] for r in response.json()["results"]} == {"applied"}, response.text
    seen, _cursor = pull_all(client, other)
    created = {c["record_id"]: c["value"] for c in seen if c["field"] == "*"}
    assert created[str(meeting)]["attendee_names"] == ["巴特尔", "其其格"]
    assert created[str(meeting)]["attendee_count"] == 26
    assert created[str(meeting)]["decisions"] == "北梁草场禁牧至6月15日"
    assert created[str(activity)]["households_served"] == [str(uuid.UUID(int=1)), str(uuid.UUID(int=2))]
    assert created[str(volunteer)]["active"] is False
    assert [c["value"] for c in seen if c["record_id"] == str(volunteer) and c["field"] == "active"] == [True]


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("deliberations", "kind", "picnic"),
        ("deliberations", "attendee_count", -1),
        ("deliberations", "attendee_names", ["巴特尔3"]),
        ("deliberations", "attendee_resident_ids", ["not-a-uuid"]),
        ("deliberations", "topics", ""),
        ("deliberations", "host", "主持\u0000人"),
        ("volunteers", "active", "maybe"),
        ("volunteer_activities", "households_served", ["not-a-uuid"]),
    ],
)
def test_values_the_laptops_refuse_are_refused(
    client: TestClient, engine: Engine, entity: str, field: str, value: object
) -> None:
    laptop = enroll(client, engine, G1)
    response = push(
        client, laptop, change(uuid.uuid4(), field, value, DeviceClock(laptop.id)(), entity=entity)
    )
    [result] = response.json()["results"]
    assert result["status"] == "refused", (entity, field, value)
    assert result["message_zh"]


def test_a_meeting_counting_fewer_than_it_lists_is_refused_whole(client: TestClient, engine: Engine) -> None:
    laptop = enroll(client, engine, G1)
    record = _meeting(attendee_count=2)  # three listed
    response = push(
        client, laptop, change(uuid.uuid4(), "*", record, DeviceClock(laptop.id)(), entity="deliberations")
    )
    [result] = response.json()["results"]
    assert result["status"] == "refused" and "到会人数不能少于列出的参会人" in result["message_zh"]
