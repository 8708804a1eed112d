"""Dispute screening on the server, on SQLite and PostgreSQL: rounds (a nil report among them) and
their findings, a dispute's 涉及民族因素 flag and 司法确认, a visit's photos and the new referral
bodies are accepted and served like any record; what the laptops' rules refuse is refused here."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from tests.server.conftest import G1, DeviceClock, change, enroll, pull_all, push

CREATED = "2026-12-14T02:00:00Z"
BASE = {"grid": G1, "author": "worker101", "created_at": CREATED, "deleted": False}


def _round(**changed: object) -> dict[str, object]:
    return {
        **BASE,
        "period_start": "2026-12-01",
        "period_end": "2026-12-31",
        "screener": "worker101",
        "screened_on": "2026-12-14",
        "households_covered": [],
        "places_covered": "巴彦嘎查1至3组",
        "nil_report": False,
        "notes": "",
        **changed,
    }


def _finding(round_id: uuid.UUID, **changed: object) -> dict[str, object]:
    return {
        **BASE,
        "round_id": str(round_id),
        "category": "grassland",
        "summary": "两户草场界桩位置有争议",
        "place": "北梁",
        "household_id": None,
        "dispute_id": None,
        "incident_id": None,
        **changed,
    }


def _dispute(**changed: object) -> dict[str, object]:
    return {
        **BASE,
        "title": "草场界桩纠纷",
        "category": "grassland",
        "risk_level": "normal",
        "status": "follow_up",
        "location": "北梁",
        "description": "",
        "occurred_on": None,
        "mediator": "张华",
        "outcome": "和解",
        "agreement": "按合同界桩重设网围栏",
        "attachments": [],
        "review_state": "pending",
        "ethnic_factors": True,
        "judicial_court": "正镶白旗人民法院",
        "judicial_applied_on": "2026-12-10",
        "judicial_result": "confirmed",
        "judicial_decided_on": "2026-12-13",
        **changed,
    }


def test_a_round_its_findings_and_a_nil_report_reach_another_laptop(
    client: TestClient, engine: Engine
) -> None:
    laptop, other = enroll(client, engine, G1), enroll(client, engine, G1, name="other")
    clock = DeviceClock(laptop.id)
    found, nil, dispute = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    first, second = uuid.uuid4(), uuid.uuid4()
    response = push(
        client,
        laptop,
        change(dispute, "*", _dispute(), clock(), entity="disputes"),
        change(found, "*", _round(), clock(), entity="screening_rounds"),
        change(first, "*", _finding(found, dispute_id=str(dispute)), clock(), entity="screening_findings"),
        change(second, "*", _finding(found, category="neighbour"), clock(), entity="screening_findings"),
        change(
            nil,
            "*",
            _round(period_start="2026-11-01", period_end="2026-11-30", nil_report=True),
            clock(),
            entity="screening_rounds",
        ),
    )
    assert {r["status"] for r in response.json()["results"]} == {"applied"}, response.text
    seen, _cursor = pull_all(client, other)
    created = {c["record_id"]: c["value"] for c in seen if c["field"] == "*"}
    assert created[str(nil)]["nil_report"] is True
    assert created[str(first)]["dispute_id"] == str(dispute)
    assert created[str(second)]["category"] == "neighbour"
    assert (created[str(dispute)]["ethnic_factors"], created[str(dispute)]["judicial_result"]) == (
        True,
        "confirmed",
    )


def test_a_visit_with_photos_and_a_referral_to_the_new_bodies_are_kept(
    client: TestClient, engine: Engine
) -> None:
    laptop, other = enroll(client, engine, G1), enroll(client, engine, G1, name="other")
    clock = DeviceClock(laptop.id)
    household, visit, dispute, step = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    response = push(
        client,
        laptop,
        change(
            household,
            "*",
            {
                **BASE,
                "address": "巴彦嘎查2组7号",
                "head_name": "其其格",
                "phone": None,
                "tags": [],
                "notes": "",
            },
            clock(),
            entity="households",
        ),
        change(
            visit,
            "*",
            {
                **BASE,
                "household_id": str(household),
                "visitor": "worker101",
                "visited_at": "2026-12-14T01:00:00Z",
                "visit_type": "routine",
                "needs": [],
                "summary": "修好取暖炉",
                "follow_up_due": None,
                "dispute_id": None,
                "attachments": ["c" * 64],
                "review_state": "pending",
            },
            clock(),
            entity="visits",
        ),
        change(dispute, "*", _dispute(status="referred", ethnic_factors=False), clock(), entity="disputes"),
        change(
            step,
            "*",
            {
                **BASE,
                "dispute_id": str(dispute),
                "from_status": "mediating",
                "to_status": "referred",
                "at": "2026-12-14T01:30:00Z",
                "by": "worker101",
                "reason": "草场确权需林草部门处理",
                "referred_to": "forestry_grassland",
                "reference_no": "",
                "track_from": "peoples",
                "track_to": "administrative",
            },
            clock(),
            entity="dispute_steps",
        ),
    )
    assert {r["status"] for r in response.json()["results"]} == {"applied"}, response.text
    seen, _cursor = pull_all(client, other)
    created = {c["record_id"]: c["value"] for c in seen if c["field"] == "*"}
    assert created[str(visit)]["attachments"] == ["c" * 64]
    assert created[str(step)]["referred_to"] == "forestry_grassland"


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("screening_findings", "category", "quarrel"),
        ("screening_rounds", "nil_report", "maybe"),
        ("disputes", "judicial_result", "approved"),
        ("disputes", "ethnic_factors", "unknown"),
        ("dispute_steps", "referred_to", "village_elders"),
        ("visits", "attachments", ["not-a-sha"]),
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


@pytest.mark.parametrize(
    ("entity", "record", "words"),
    [
        ("screening_rounds", _round(period_end="2026-11-30"), "结束日期"),
        (
            "screening_findings",
            _finding(uuid.uuid4(), dispute_id=str(uuid.uuid4()), incident_id=str(uuid.uuid4())),
            "只能转为纠纷或事件中的一种",
        ),
    ],
)
def test_a_record_breaking_a_rule_across_its_fields_is_refused_whole(
    client: TestClient, engine: Engine, entity: str, record: dict[str, object], words: str
) -> None:
    laptop = enroll(client, engine, G1)
    response = push(
        client, laptop, change(uuid.uuid4(), "*", record, DeviceClock(laptop.id)(), entity=entity)
    )
    [result] = response.json()["results"]
    assert result["status"] == "refused" and words in result["message_zh"]
