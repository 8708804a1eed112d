"""Enrollment, push/pull round trips, idempotency, conflicts, tombstones and clocks, on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.models import Role
from server import db, devices
from server.api import create_app
from server.config import Settings
from tests.server.conftest import FROM_DEVICES, G1, G2, DeviceClock, add_user, change, enroll, pull_all, push


def test_health_reports_database_and_migration(client: TestClient, engine: Engine) -> None:
    body = client.get("/v1/health").json()
    assert body["status"] == "ok"
    assert body["database"] == engine.dialect.name
    assert body["migration"] == "0006"
    assert client.get("/v1/health").headers["x-request-id"]


def test_enrollment_code_is_single_use(client: TestClient, engine: Engine) -> None:
    with engine.begin() as conn:
        code = devices.create_enroll_code(conn, [G1, G2])
    first = client.post("/v1/enroll", json={"code": code.lower(), "device_name": "嘎查办公室笔记本"})
    assert first.status_code == 200
    assert first.json()["grids"] == [G1, G2]
    again = client.post("/v1/enroll", json={"code": code, "device_name": "second"})
    assert again.status_code == 401
    assert again.json()["error"] == "enroll_code"
    assert "已被使用" in again.json()["message_zh"] and "already used" in again.json()["message_en"]


def test_expired_code_is_refused(client: TestClient, engine: Engine) -> None:
    with engine.begin() as conn:
        code = devices.create_enroll_code(conn, [G1], valid_for=timedelta(seconds=-1))
    refused = client.post("/v1/enroll", json={"code": code, "device_name": "x"})
    assert refused.status_code == 401 and refused.json()["error"] == "enroll_code"
    assert "已过期" in refused.json()["message_zh"] and "expired" in refused.json()["message_en"]


def test_a_mistyped_code_is_told_apart_from_a_spent_one(client: TestClient, engine: Engine) -> None:
    with engine.begin() as conn:
        code = devices.create_enroll_code(conn, [G1])
    mistyped = code[:-1] + ("A" if code[-1] != "A" else "B")
    refused = client.post("/v1/enroll", json={"code": mistyped, "device_name": "x"})
    assert refused.status_code == 401 and refused.json()["error"] == "enroll_code"
    assert "不对" in refused.json()["message_zh"] and "does not exist" in refused.json()["message_en"]


def test_a_code_is_taken_as_people_read_it_out(client: TestClient, engine: Engine) -> None:
    """Printed as ``K7Q2-9XPD-…`` by the IT guide, typed in lower case with dashes and spaces."""
    with engine.begin() as conn:
        code = devices.create_enroll_code(conn, [G1])
    typed = " " + "-".join(code[i : i + 4] for i in range(0, len(code), 4)).lower().replace("-", " - ", 1)
    assert client.post("/v1/enroll", json={"code": typed, "device_name": "x"}).status_code == 200


def test_token_is_stored_only_as_a_hash(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    with engine.connect() as conn:
        stored = conn.execute(sa.select(db.devices.c.token_hash)).scalars().all()
    assert device.token not in stored and len(stored[0]) == 64


def test_push_then_pull_on_another_device(client: TestClient, engine: Engine) -> None:
    a, b = enroll(client, engine, G1, name="a"), enroll(client, engine, G1, name="b")
    clock = DeviceClock(a.id)
    record = uuid.uuid4()
    result = push(
        client,
        a,
        change(record, "head_name", "王芳", clock()),
        change(record, "address", "巴彦嘎查1组", clock()),
    )
    assert [r["status"] for r in result.json()["results"]] == ["applied", "applied"]
    pulled, cursor = pull_all(client, b)
    assert {(c["field"], c["value"]) for c in pulled} == {("head_name", "王芳"), ("address", "巴彦嘎查1组")}
    assert pull_all(client, b, cursor)[0] == []
    assert pull_all(client, a)[0] == [], "a device is not sent its own changes back"


def test_pull_pages_with_a_cursor(client: TestClient, engine: Engine) -> None:
    a, b = enroll(client, engine, G1), enroll(client, engine, G1)
    clock = DeviceClock(a.id)
    push(
        client,
        a,
        *(change(uuid.uuid4(), "head_name", f"户主{'甲乙丙丁戊己庚'[i]}", clock()) for i in range(7)),
    )
    first = client.get("/v1/pull", params={"cursor": 0, "limit": 3}, headers=b.headers).json()
    assert len(first["changes"]) == 3 and first["more"]
    everything, _ = pull_all(client, b, limit=3)
    assert len(everything) == 7
    assert [c["seq"] for c in everything] == sorted(c["seq"] for c in everything)
    assert [c["value"] for c in everything] == [f"户主{name}" for name in "甲乙丙丁戊己庚"], "in push order"


def test_a_repeated_batch_returns_the_same_answer_and_changes_nothing(
    client: TestClient, engine: Engine
) -> None:
    a = enroll(client, engine, G1)
    clock = DeviceClock(a.id)
    batch = str(uuid.uuid4())
    body = [change(uuid.uuid4(), "head_name", "其其格", clock())]
    first = push(client, a, *body, batch_id=batch).json()
    second = push(client, a, *body, batch_id=batch).json()
    assert first == second
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).where(FROM_DEVICES)).scalar() == 1


def test_an_older_clock_is_superseded(client: TestClient, engine: Engine) -> None:
    a, b = enroll(client, engine, G1), enroll(client, engine, G1)
    record = uuid.uuid4()
    older, newer = DeviceClock(a.id, shift_ms=-60_000)(), DeviceClock(b.id)()
    push(client, b, change(record, "phone", "13947912345", newer))
    result = push(client, a, change(record, "phone", "13900000000", older)).json()["results"][0]
    assert result["status"] == "superseded"
    with engine.connect() as conn:
        phone = sa.select(db.field_state.c.value).where(db.field_state.c.field == "phone")
        assert conn.execute(phone).scalar() == "13947912345"


def test_guarded_field_changed_on_two_devices_keeps_both_values(client: TestClient, engine: Engine) -> None:
    a, b, reader = enroll(client, engine, G1), enroll(client, engine, G1), enroll(client, engine, G1)
    dispute = uuid.uuid4()
    base = DeviceClock(a.id)()
    push(client, a, change(dispute, "status", "mediating", base, entity="disputes"))
    push(
        client,
        a,
        change(dispute, "status", "resolved", DeviceClock(a.id)(), entity="disputes", base_hlc=base),
    )
    late = push(
        client,
        b,
        change(dispute, "status", "withdrawn", DeviceClock(b.id)(), entity="disputes", base_hlc=base),
    )
    assert late.json()["results"][0]["status"] == "conflict"
    with engine.connect() as conn:
        conflict = conn.execute(sa.select(db.conflicts)).one()
        winner = conn.execute(
            sa.select(db.field_state.c.value).where(db.field_state.c.field == "status")
        ).scalar()
    assert (conflict.current_value, conflict.incoming_value) == ("resolved", "withdrawn")
    assert winner == "withdrawn", "the later clock wins provisionally"
    for device in (reader, a, b):
        pulled, _ = pull_all(client, device)
        opened = [c for c in pulled if c["entity"] == "conflicts"]
        assert len(opened) == 1 and opened[0]["value"]["incoming_value"] == "withdrawn", (
            "every device hears of it"
        )


def test_guarded_edit_made_on_the_current_value_is_no_conflict(client: TestClient, engine: Engine) -> None:
    a, b = enroll(client, engine, G1), enroll(client, engine, G1)
    dispute, base = uuid.uuid4(), DeviceClock(a.id)()
    push(client, a, change(dispute, "status", "mediating", base, entity="disputes"))
    result = push(
        client,
        b,
        change(dispute, "status", "resolved", DeviceClock(b.id)(), entity="disputes", base_hlc=base),
    )
    assert result.json()["results"][0]["status"] == "applied"


def test_unguarded_fields_merge_by_clock_without_conflict(client: TestClient, engine: Engine) -> None:
    a, b = enroll(client, engine, G1), enroll(client, engine, G1)
    record, base = uuid.uuid4(), DeviceClock(a.id)()
    push(client, a, change(record, "phone", "13947912345", base))
    result = push(
        client,
        b,
        change(record, "phone", "13811112222", DeviceClock(b.id)(), base_hlc="0" * 15 + "-000000-x"),
    )
    assert result.json()["results"][0]["status"] == "applied"


def test_a_tombstone_beats_a_stale_edit(client: TestClient, engine: Engine) -> None:
    a, b, reader = enroll(client, engine, G1), enroll(client, engine, G1), enroll(client, engine, G1)
    record = uuid.uuid4()
    stale = DeviceClock(b.id, shift_ms=-5_000)()
    push(client, a, change(record, "head_name", "王芳", DeviceClock(a.id, shift_ms=-10_000)()))
    assert (
        push(client, a, change(record, "deleted", True, DeviceClock(a.id)())).json()["results"][0]["status"]
        == "applied"
    )
    assert (
        push(client, b, change(record, "deleted", False, stale)).json()["results"][0]["status"]
        == "superseded"
    )
    pulled, _ = pull_all(client, reader)
    assert [c["value"] for c in pulled if c["field"] == "deleted"] == [True]


def test_a_clock_days_ahead_is_restamped_and_the_device_told(client: TestClient, engine: Engine) -> None:
    fast = enroll(client, engine, G1)
    ahead = DeviceClock(fast.id, shift_ms=3 * 86_400_000)()
    result = push(client, fast, change(uuid.uuid4(), "head_name", "王芳", ahead)).json()["results"][0]
    assert result["restamped"] and result["hlc"] < ahead
    with engine.connect() as conn:
        assert conn.execute(sa.select(db.changes.c.original_hlc).where(FROM_DEVICES)).scalar() == ahead
    own, _ = pull_all(client, fast)
    assert [c["hlc"] for c in own] == [result["hlc"]], (
        "the device learns the server's stamp for its own change"
    )


def test_a_restamp_is_newer_than_what_another_server_process_stamped(
    settings: Settings, client: TestClient, engine: Engine
) -> None:
    """Two server processes on one database: the first has moved its clock minutes ahead with a
    laptop that runs fast (but not too fast); the second, re-stamping a laptop days ahead, must
    still stamp after the version it replaces, or the newest edit would lose."""
    record = uuid.uuid4()
    with TestClient(create_app(settings, engine=engine)) as other_process:  # started before the push
        fast = enroll(client, engine, G1, name="fast")
        minutes_ahead = DeviceClock(fast.id, shift_ms=4 * 60_000)()
        first = push(client, fast, change(record, "head_name", "王芳", minutes_ahead)).json()
        assert first["results"][0]["status"] == "applied"
        broken = enroll(other_process, engine, G1, name="broken clock")
        days_ahead = DeviceClock(broken.id, shift_ms=3 * 86_400_000)()
        result = push(other_process, broken, change(record, "head_name", "王芳芳", days_ahead)).json()
    assert result["results"][0]["status"] == "applied"
    assert minutes_ahead < result["results"][0]["hlc"] < days_ahead


def test_offline_users_are_those_sharing_a_grid(client: TestClient, engine: Engine) -> None:
    add_user(engine, "worker101", Role.WORKER, G1)
    add_user(engine, "worker201", Role.WORKER, G2)
    add_user(engine, "supervisor1", Role.SUPERVISOR, G1, G2)
    device = enroll(client, engine, G1)
    users = client.get("/v1/users", headers=device.headers).json()["users"]
    assert [u["username"] for u in users] == ["supervisor1", "worker101"]
    assert set(users[0]) == {"username", "display_name", "role", "grids", "key"}
    assert set(users[0]["key"]) == {"public_key", "wrapped_private_key", "salt", "kdf"}
    assert users[0]["key"]["kdf"]["memory_kib"] >= 64 * 1024
    assert "argon2" not in json.dumps(users).replace('"algorithm": "argon2id"', "")
