"""What a batch id, a clock stamp and an enrollment code stand for, on SQLite and PostgreSQL.

Failed before: a batch id sent again with other content was answered 200 with the first answer
(its content dropped); a push with a clock counter of 999999 made every later push and enrollment
answer 500; an enrollment whose answer was lost used up the code and left an orphan device."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.clock import Stamp
from server import db, devices
from sync.protocol import BatchRecords, DeviceState, change_digest
from tests.server.conftest import G1, DeviceClock, change, enroll, push


def test_a_batch_id_sent_again_with_other_content_is_refused(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    clock = DeviceClock(device.id)
    record, batch = uuid.uuid4(), str(uuid.uuid4())
    first = change(record, "head_name", "王芳", clock())
    assert push(client, device, first, batch_id=batch).status_code == 200
    again = push(client, device, first, batch_id=batch)
    assert again.status_code == 200 and again.json()["results"][0]["status"] == "applied"
    other = push(client, device, change(record, "head_name", "李娜", clock()), batch_id=batch)
    assert other.status_code == 409
    assert other.json()["error"] == "batch_reused" and "批次" in other.json()["message_zh"]
    with engine.connect() as conn:
        names = conn.execute(sa.select(db.changes.c.value).where(db.changes.c.field == "head_name")).scalars()
        assert list(names) == ["王芳"]


def test_a_counter_at_its_last_value_breaks_nothing(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    wall = int(datetime.now(UTC).timestamp() * 1000)
    record = uuid.uuid4()
    for counter in (999_998, 999_999, 999_999):
        stamp = str(Stamp(wall, counter, device.id))
        response = push(client, device, change(record, "head_name", f"王芳{counter}", stamp))
        assert response.status_code == 200, response.text
        assert Stamp.parse(response.json()["server_hlc"])
    later = push(client, device, change(record, "address", "巴彦嘎查", DeviceClock(device.id)()))
    assert later.status_code == 200
    assert enroll(client, engine, G1, name="another").token
    assert client.get("/v1/pull", headers=device.headers).status_code == 200


def test_an_unreadable_stamp_is_a_clear_refusal(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    response = push(client, device, change(uuid.uuid4(), "head_name", "王芳", f"{10**15}-000000-{device.id}"))
    assert 400 <= response.status_code < 500
    assert response.json()["message_zh"]


def test_an_enrollment_asked_again_with_the_same_code_and_name_gets_the_same_device(
    client: TestClient, engine: Engine
) -> None:
    with engine.begin() as conn:
        code = devices.create_enroll_code(conn, [G1])
    first = client.post("/v1/enroll", json={"code": code, "device_name": "嘎查办公室"}).json()
    again = client.post("/v1/enroll", json={"code": code.lower(), "device_name": "嘎查办公室"})
    assert again.status_code == 200 and again.json()["device_id"] == first["device_id"]
    new_token = {"Authorization": f"Bearer {again.json()['token']}"}
    old_token = {"Authorization": f"Bearer {first['token']}"}
    assert client.get("/v1/pull", headers=new_token).status_code == 200
    assert client.get("/v1/pull", headers=old_token).status_code == 401, "the lost token is void"
    other = client.post("/v1/enroll", json={"code": code, "device_name": "另一台"})
    assert other.status_code == 401, "another laptop cannot take the code"
    with engine.begin() as conn:
        conn.execute(sa.update(db.enroll_codes).values(used_at=datetime.now(UTC) - timedelta(hours=1)))
    late = client.post("/v1/enroll", json={"code": code, "device_name": "嘎查办公室"})
    assert late.status_code == 401
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(db.devices)).scalar_one() == 1


def test_the_server_tells_a_device_which_of_its_changes_it_holds(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    clock = DeviceClock(device.id)
    record = uuid.uuid4()
    sent = [
        {**change(record, "head_name", "王芳", clock()), "seq": 7},
        {**change(record, "address", "x", clock()), "seq": 8},
    ]
    batch = str(uuid.uuid4())
    assert push(client, device, *sent, batch_id=batch).status_code == 200
    state = DeviceState.model_validate(client.get("/v1/device", headers=device.headers).json())
    assert state.pushed_seq == 8 and state.high_seq >= 2
    records = BatchRecords.model_validate(
        client.get("/v1/batches", params={"after_seq": 6}, headers=device.headers).json()
    )
    assert [str(r.batch_id) for r in records.batches] == [batch]
    assert records.batches[0].received == [(7, change_digest(sent[0])), (8, change_digest(sent[1]))]
    assert [r.status for r in records.batches[0].response.results] == ["applied", "applied"]
    later = client.get("/v1/batches", params={"after_seq": 8}, headers=device.headers).json()
    assert later == {"batches": [], "more": False}
