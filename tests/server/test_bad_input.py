"""Whatever a device sends, on SQLite and PostgreSQL: never a 500, never a batch lost for one bad
change, never a value stored in a form the laptops' own rules would not give it; every refusal
readable in Chinese and English."""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.models import GridLevel
from server import db, devices
from tests.conftest import valid_id_number
from tests.server.conftest import G1, DeviceClock, EnrolledDevice, change, enroll, push


def _raw_push(client: TestClient, device: EnrolledDevice, changes_json: str):
    body = f'{{"batch_id": "{uuid.uuid4()}", "changes": [{changes_json}]}}'
    return client.post(
        "/v1/push", content=body.encode(), headers={**device.headers, "Content-Type": "application/json"}
    )


def _change_json(
    field: str, raw_value: str, *, entity: str = "participations", device: EnrolledDevice
) -> str:
    return (
        f'{{"entity": {json.dumps(entity)}, "record_id": "{uuid.uuid4()}", "grid": "{G1}", '
        f'"field": "{field}", "value": {raw_value}, "hlc": "{DeviceClock(device.id)()}"}}'
    )


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_numbers_json_cannot_hold_are_refused_per_change(
    client: TestClient, engine: Engine, number: str
) -> None:
    device = enroll(client, engine, G1)
    good = _change_json("head_name", '"其其格"', entity="households", device=device)
    response = _raw_push(client, device, f"{_change_json('hours', number, device=device)}, {good}")
    assert response.status_code == 200, response.text
    first, second = response.json()["results"]
    assert (first["status"], first["reason"]) == ("refused", "invalid_value") and first["message_zh"]
    assert second["status"] == "applied", "one bad change does not sink the batch"
    assert "NaN" not in client.get("/v1/pull", headers=enroll(client, engine, G1).headers).text


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("participations", "hours", -5),
        ("participations", "hours", "5"),
        ("participations", "hours", 25),
        ("households", "deleted", "yes"),
        ("households", "head_name", "\u0007王芳"),
        ("households", "address", "巴彦嘎查\x00"),
        ("households", "phone", "1394791234"),
        ("residents", "id_number", "152522198804171230"),
        ("disputes", "status", "finished"),
        ("visits", "needs", "not a list"),
        ("grids", "name", "自封的嘎查"),
        ("households\x00", "head_name", "王芳"),
        ("households", "nosuchfield", "x"),
    ],
)
def test_values_the_laptops_rules_refuse_are_refused_here_too(
    client: TestClient, engine: Engine, entity: str, field: str, value: object
) -> None:
    device = enroll(client, engine, G1)
    response = push(
        client, device, change(uuid.uuid4(), field, value, DeviceClock(device.id)(), entity=entity)
    )
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    assert result["status"] == "refused", (entity, field, value)
    assert result["message_zh"] and result["message_en"]
    with engine.connect() as conn:
        stored = conn.execute(sa.select(sa.func.count()).where(db.changes.c.device_id == device.id)).scalar()
    assert stored == 0


def test_values_are_kept_in_the_form_the_rules_give_them(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    resident = uuid.uuid4()
    lower_x = valid_id_number().replace("X", "x")
    response = push(
        client,
        device,
        change(resident, "id_number", lower_x, DeviceClock(device.id)(), entity="residents"),
        change(resident, "notes", "  巴彦嘎查  ", DeviceClock(device.id)(), entity="residents"),
        change(resident, "name", "其其格", DeviceClock(device.id)(), entity="residents"),
    )
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["applied"] * 3
    assert results[1]["winner"]["value"] == "巴彦嘎查", "the laptop is told the kept form"
    with engine.connect() as conn:
        kept = dict(
            conn.execute(
                sa.select(db.field_state.c.field, db.field_state.c.value).where(
                    db.field_state.c.record_id == str(resident)
                )
            ).all()
        )
    assert kept["notes"] == "巴彦嘎查" and kept["id_number"] == lower_x.upper()


def test_a_new_record_whose_fields_disagree_is_refused_whole(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    clock = DeviceClock(device.id)
    record = uuid.uuid4()
    values = {
        "grid": G1,
        "author": "w",
        "created_at": "2026-11-20T03:00:00Z",
        "deleted": False,
        "household_id": str(uuid.uuid4()),
        "visitor": "w",
        "visited_at": "2026-11-20T03:00:00Z",
        "visit_type": "routine",
        "needs": [],
        "summary": "走访",
        "follow_up_due": "2026-11-01",
        "dispute_id": None,
        "review_state": "pending",
    }
    response = push(
        client, device, *(change(record, f, v, clock(), entity="visits") for f, v in values.items())
    )
    results = response.json()["results"]
    assert {r["status"] for r in results} == {"refused"}
    assert "回访日期" in results[0]["message_zh"]


def test_a_device_name_with_a_nul_is_refused_and_the_code_kept(client: TestClient, engine: Engine) -> None:
    with engine.begin() as conn:
        code = devices.create_enroll_code(conn, [G1])
    bad = client.post("/v1/enroll", json={"code": code, "device_name": "笔记本\x00"})
    assert 400 <= bad.status_code < 500 and bad.json()["message_zh"]
    good = client.post("/v1/enroll", json={"code": code, "device_name": "笔记本"})
    assert good.status_code == 200, "the code was not used up"


@pytest.mark.parametrize("suffix", ["%0A", "%00", "/../../etc/passwd", "%2F..%2Fx"])
def test_attachment_names_are_hashes_and_nothing_else(
    client: TestClient, engine: Engine, suffix: str
) -> None:
    device = enroll(client, engine, G1)
    sha = "a" * 64
    for response in (
        client.get(f"/v1/attachments/{sha}{suffix}/status", headers=device.headers),
        client.get(f"/v1/attachments/{sha}{suffix}", headers=device.headers),
        client.patch(
            f"/v1/attachments/{sha}{suffix}",
            content=b"x",
            headers={**device.headers, "Upload-Offset": "0", "Upload-Length": "1"},
        ),
    ):
        assert 400 <= response.status_code < 500, (suffix, response.status_code)


def test_a_grid_record_from_a_device_is_refused(client: TestClient, engine: Engine) -> None:
    with engine.begin() as conn:
        devices.add_grid(conn, "152500101099", "新嘎查", GridLevel.VILLAGE)
    device = enroll(client, engine, G1)
    response = push(
        client, device, change(uuid.uuid4(), "code", G1, DeviceClock(device.id)(), entity="grids")
    )
    assert response.json()["results"][0]["reason"] == "server_managed"


@pytest.mark.parametrize("text", ["NaN 测试", "Infinity 草场", "路径 C:\\u0000 备注", "-Infinity\\u0000NaN"])
def test_text_that_only_spells_a_refused_value_is_kept_as_typed(
    client: TestClient, engine: Engine, text: str
) -> None:
    """The server looks for NULs and NaNs in a value's JSON text first: a worker's note that merely
    spells one out must not be refused for it."""
    device = enroll(client, engine, G1)
    response = push(
        client, device, change(uuid.uuid4(), "notes", text, DeviceClock(device.id)(), entity="households")
    )
    [result] = response.json()["results"]
    assert result["status"] == "applied" and result["winner"] is None, result
    with engine.connect() as conn:
        kept = conn.execute(sa.select(db.changes.c.value).where(db.changes.c.device_id == device.id)).scalar()
    assert kept == text
