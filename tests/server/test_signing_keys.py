"""The server keeps the public half of each device's bundle signing key: given at enrollment,
or registered once over the token-authenticated link by a device enrolled before signing keys
(kept by migration 0006 with none). The first key stays; an enroll request without one (an old
laptop) still enrolls."""

from __future__ import annotations

import base64
import stat
from datetime import UTC, datetime

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.models import GridLevel
from server import db, devices, reply_key
from server.api import create_app
from server.config import Settings
from server.db import create_db_engine
from server.migrate import current_revision, upgrade
from tests.server.conftest import G1, enroll

OLD_TOKEN = "a-token-of-a-laptop-enrolled-before-signing-keys"


def _public_of(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def _public() -> str:
    return _public_of(Ed25519PrivateKey.generate())


def _held(engine: Engine, device_id: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(sa.select(db.devices.c.signing_key).where(db.devices.c.id == device_id)).scalar()


def _register(client: TestClient, token: str, key: str) -> tuple[int, dict[str, object]]:
    answer = client.post(
        "/v1/device/signing-key", json={"public_key": key}, headers={"Authorization": f"Bearer {token}"}
    )
    return answer.status_code, answer.json()


def test_a_device_enrolled_before_0006_keeps_its_token_and_registers_its_key_once(
    settings: Settings, database_url: str
) -> None:
    engine = create_db_engine(database_url)
    upgrade(engine, "0005")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO devices (id, name, token_hash, grids, created_at)"
                " VALUES ('old-laptop', '老电脑', :hash, :grids, :at)"
            ),
            {"hash": devices._hash(OLD_TOKEN), "grids": f'["{G1}"]', "at": datetime.now(UTC)},
        )
    upgrade(engine)
    assert current_revision(engine) == "0006"
    assert _held(engine, "old-laptop") is None
    with engine.begin() as conn:
        devices.add_grid(conn, G1, "巴彦嘎查", GridLevel.VILLAGE)
    first, second = _public(), _public()
    with TestClient(create_app(settings, engine=engine)) as client:
        assert client.get("/v1/device", headers={"Authorization": f"Bearer {OLD_TOKEN}"}).status_code == 200
        assert _register(client, "not-the-token", first)[0] == 401
        assert _held(engine, "old-laptop") is None
        server_key = _public_of(reply_key.load(settings.reply_key_path))
        expected = (200, {"public_key": first, "server_key": server_key})
        assert _register(client, OLD_TOKEN, first) == expected
        # An answer lost on the way: the same key again is answered as before.
        assert _register(client, OLD_TOKEN, first) == expected
        status, body = _register(client, OLD_TOKEN, second)
        assert (status, body["error"]) == (409, "signing_key_taken")
        assert "另一个签名密钥" in str(body["message_zh"])
        assert _register(client, OLD_TOKEN, "not a key")[0] == 422
    assert _held(engine, "old-laptop") == first, "the first key stays"
    engine.dispose()


def test_the_reply_key_lives_in_a_file_of_its_own_readable_by_the_server_alone(
    settings: Settings, engine: Engine
) -> None:
    with TestClient(create_app(settings, engine=engine)) as client:  # started: the key is made
        assert client.get("/v1/health").status_code == 200
    path = settings.reply_key_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    kept = reply_key.load(path)
    assert _public_of(kept) == _public_of(reply_key.load(path)), "made once, then read"
    assert path.parent == settings.data_dir and not path.is_relative_to(settings.attachments_dir)


def test_enrollment_keeps_the_key_sent_and_an_old_laptop_still_enrolls_without_one(
    client: TestClient, engine: Engine
) -> None:
    old = enroll(client, engine, G1, name="old")
    assert _held(engine, old.id) is None
    with engine.begin() as conn:
        code = devices.create_enroll_code(conn, [G1])
    first, retried = _public(), _public()
    body = {"code": code, "device_name": "new", "signing_key": first}
    answer = client.post("/v1/enroll", json=body).json()
    assert _held(engine, answer["device_id"]) == first
    # The answer was lost on the way: the laptop asks again with a pair it made anew, and the
    # server keeps that one (the laptop kept neither the first token nor the first key).
    again = client.post("/v1/enroll", json={**body, "signing_key": retried}).json()
    assert again["device_id"] == answer["device_id"]
    assert _held(engine, answer["device_id"]) == retried
    assert _register(client, again["token"], first)[0] == 409
    with engine.begin() as conn:
        code = devices.create_enroll_code(conn, [G1])
    refused = client.post("/v1/enroll", json={"code": code, "device_name": "x", "signing_key": "A" * 44})
    assert refused.status_code == 422
