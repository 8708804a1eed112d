"""Who may read and write what, and what bad or oversized input gets: a clear 4xx, no write."""

from __future__ import annotations

import gzip
import hashlib
import json
import uuid
from itertools import product

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from server import devices
from server.api import create_app
from server.config import Settings
from sync.protocol import MAX_BATCH
from tests.server.conftest import (
    FROM_DEVICES,
    G1,
    G2,
    G3,
    DeviceClock,
    EnrolledDevice,
    change,
    enroll,
    pull_all,
    push,
)

SCOPES = {"d1": [G1], "d2": [G2], "d12": [G1, G2]}


def _count_changes(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).where(FROM_DEVICES)).scalar_one()


def test_scope_matrix_devices_by_grids_by_read_and_write(client: TestClient, engine: Engine) -> None:
    enrolled = {name: enroll(client, engine, *grids, name=name) for name, grids in SCOPES.items()}
    written: dict[str, tuple[str, str]] = {}
    for (name, device), grid in product(enrolled.items(), (G1, G2, G3)):
        record = uuid.uuid4()
        result = push(
            client, device, change(record, "head_name", "王芳", DeviceClock(device.id)(), grid=grid)
        )
        status = result.json()["results"][0]
        if grid in SCOPES[name]:
            assert status["status"] == "applied", (name, grid)
            written[str(record)] = (name, grid)
        else:
            assert (status["status"], status["reason"]) == ("refused", "out_of_scope"), (name, grid)
            assert "不在本设备负责的范围内" in status["message_zh"] and "嘎查" in status["message_zh"]
    for name, device in enrolled.items():
        pulled, _ = pull_all(client, device)
        expected = {r for r, (writer, grid) in written.items() if grid in SCOPES[name] and writer != name}
        assert {c["record_id"] for c in pulled} == expected, name
        assert len(pulled) == len(expected)


def test_a_record_of_another_grid_cannot_be_edited_by_claiming_a_grid_in_scope(
    client: TestClient, engine: Engine
) -> None:
    owner, outsider = enroll(client, engine, G2), enroll(client, engine, G1)
    record = uuid.uuid4()
    push(client, owner, change(record, "head_name", "王芳", DeviceClock(owner.id)(), grid=G2))
    result = push(client, outsider, change(record, "head_name", "李强", DeviceClock(outsider.id)(), grid=G1))
    assert result.json()["results"][0]["reason"] == "out_of_scope"


def test_revoked_and_unknown_tokens_get_401(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    assert client.get("/v1/pull", headers=device.headers).status_code == 200
    with engine.begin() as conn:
        assert devices.revoke(conn, device.id)
    for headers in (device.headers, {"Authorization": "Bearer not-a-token"}, {}):
        response = client.get("/v1/pull", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"] == "unauthorized"
    assert (
        push(client, device, change(uuid.uuid4(), "head_name", "王芳", DeviceClock(device.id)())).status_code
        == 401
    )


def test_wrongly_typed_and_unknown_fields_are_refused_per_change(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    clock = DeviceClock(device.id)
    record = uuid.uuid4()
    results = push(
        client,
        device,
        change(record, "head_name", "王芳", clock()),
        change(record, "phone", 12345, clock()),
        change(record, "tags", ["not_a_tag"], clock()),
        change(record, "password", "x", clock()),
        change(record, "head_name", "x", clock(), entity="spaceships"),
    ).json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [
        ("applied", None),
        ("refused", "invalid_value"),
        ("refused", "invalid_value"),
        ("refused", "unknown_field"),
        ("refused", "unknown_field"),
    ]
    assert _count_changes(engine) == 1


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        json.dumps({"batch_id": "nope", "changes": []}).encode(),
        json.dumps(
            {"batch_id": "0b6e3c1a-7f2d-4a9e-8c5b-1e4d7a2f9c36", "changes": [{"entity": "households"}]}
        ).encode(),
    ],
)
def test_malformed_bodies_get_a_json_422(client: TestClient, engine: Engine, body: bytes) -> None:
    device = enroll(client, engine, G1)
    response = client.post(
        "/v1/push", content=body, headers={**device.headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"
    assert _count_changes(engine) == 0


def test_an_oversized_batch_is_refused_whole(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    clock = DeviceClock(device.id)
    changes = [change(uuid.uuid4(), "head_name", "王芳", clock()) for _ in range(MAX_BATCH + 1)]
    assert push(client, device, *changes).status_code == 422
    assert _count_changes(engine) == 0


def test_gzip_bodies_are_accepted(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    body = {
        "batch_id": str(uuid.uuid4()),
        "changes": [change(uuid.uuid4(), "head_name", "王芳", DeviceClock(device.id)())],
    }
    response = client.post(
        "/v1/push",
        content=gzip.compress(json.dumps(body).encode()),
        headers={**device.headers, "Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert response.json()["results"][0]["status"] == "applied"


def test_body_limits_and_gzip_bombs_get_413_and_bad_gzip_400(
    tmp_path, database_url: str, engine: Engine
) -> None:
    small = Settings(
        data_dir=tmp_path, database_url=database_url, max_body_bytes=2048, max_inflated_bytes=8192
    )
    with TestClient(create_app(small, engine=engine)) as client:
        device = enroll(client, engine, G1)
        headers = {**device.headers, "Content-Type": "application/json"}
        assert client.post("/v1/push", content=b"x" * 4096, headers=headers).status_code == 413
        bomb = gzip.compress(b"{" + b" " * 100_000 + b"}")
        response = client.post("/v1/push", content=bomb, headers={**headers, "Content-Encoding": "gzip"})
        assert response.status_code == 413 and response.json()["error"] == "too_large"
        broken = client.post("/v1/push", content=b"not gzip", headers={**headers, "Content-Encoding": "gzip"})
        assert broken.status_code == 400 and broken.json()["error"] == "bad_gzip"
    assert _count_changes(engine) == 0


def test_rate_limit_per_device(tmp_path, database_url: str, engine: Engine) -> None:
    strict = Settings(data_dir=tmp_path, database_url=database_url, rate_per_second=0.01, rate_burst=3)
    with TestClient(create_app(strict, engine=engine)) as client:
        greedy, calm = enroll(client, engine, G1), enroll(client, engine, G1)
        codes = [client.get("/v1/pull", headers=greedy.headers).status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        limited = client.get("/v1/pull", headers=greedy.headers)
        assert limited.headers["retry-after"] == "1" and limited.json()["error"] == "rate_limited"
        assert client.get("/v1/pull", headers=calm.headers).status_code == 200


def listed(client: TestClient, device: EnrolledDevice, sha: str, grid: str = G1) -> None:
    """A dispute of ``grid`` lists the attachment: what lets a device of the grid move it."""
    response = push(
        client,
        device,
        change(uuid.uuid4(), "attachments", [sha], DeviceClock(device.id)(), entity="disputes", grid=grid),
    )
    assert response.json()["results"][0]["status"] == "applied"


def test_attachment_upload_resumes_and_downloads(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    photo = bytes(range(256)) * 300
    sha = hashlib.sha256(photo).hexdigest()
    listed(client, device, sha)
    url = f"/v1/attachments/{sha}"

    def send(offset: int, chunk: bytes):
        headers = {**device.headers, "Upload-Offset": str(offset), "Upload-Length": str(len(photo))}
        return client.patch(url, content=chunk, headers=headers)

    assert client.get(f"{url}/status", headers=device.headers).json()["received"] == 0
    assert send(0, photo[:30_000]).json() == {
        "sha256": sha,
        "size": len(photo),
        "received": 30_000,
        "complete": False,
    }
    assert client.get(f"{url}/status", headers=device.headers).json()["received"] == 30_000
    wrong = send(10, photo[10:20])
    assert wrong.status_code == 409 and "30000" in wrong.json()["message_zh"]
    assert send(30_000, photo[30_000:]).json()["complete"]
    assert client.get(url, headers=device.headers).content == photo


def test_attachment_whose_bytes_do_not_match_its_name_is_discarded(
    client: TestClient, engine: Engine
) -> None:
    device = enroll(client, engine, G1)
    sha = hashlib.sha256(b"real").hexdigest()
    listed(client, device, sha)
    headers = {**device.headers, "Upload-Offset": "0", "Upload-Length": "4"}
    response = client.patch(f"/v1/attachments/{sha}", content=b"fake", headers=headers)
    assert response.status_code == 422 and response.json()["error"] == "attachment_hash"
    assert client.get(f"/v1/attachments/{sha}", headers=device.headers).status_code == 404
    assert client.get("/v1/attachments/NOT-A-HASH/status", headers=device.headers).status_code == 422
