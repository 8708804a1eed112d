"""The server's logs carry no ID number, name, phone, token, enrollment code or password, at any
level — refused pushes, wrong tokens and a push failing inside the database included, on SQLite
and PostgreSQL. Before: a push failing in PostgreSQL logged SQLAlchemy's parameters and the
database's DETAIL, residents' ID numbers and names among them."""

from __future__ import annotations

import io
import logging
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.models import Role
from server import db, devices, push
from server.http import JsonLogFormatter
from tests.conftest import valid_id_number
from tests.server.conftest import G1, DeviceClock, add_user, change

ID_NUMBER = valid_id_number()
NAME, PHONE, PASSWORD = "其其格乌日娜", "13947912345", "a-long-password"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Every log line, at every level, as the server writes them."""
    text = io.StringIO()
    handler = logging.StreamHandler(text)
    handler.setFormatter(JsonLogFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # every statement, as IT might ask
    try:
        yield text
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)


def _failing_write(self: push._Batch) -> None:
    """A write that fails inside the database on a value that is an ID number and a name."""
    row = {"code": ID_NUMBER, "name": NAME, "level": "village"}
    self.conn.execute(sa.insert(db.grids).values(row))
    self.conn.execute(sa.insert(db.grids).values(row))


def test_logs_hold_no_secrets(
    client: TestClient, engine: Engine, captured: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_user(engine, "worker101", Role.WORKER, G1)
    with engine.begin() as conn:
        code = devices.create_enroll_code(conn, [G1])
    token = client.post("/v1/enroll", json={"code": code, "device_name": "嘎查办公室"}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    clock = DeviceClock("laptop")
    resident = uuid.uuid4()
    client.post(
        "/v1/push",
        json={
            "batch_id": str(uuid.uuid4()),
            "changes": [
                change(resident, "name", NAME, clock(), entity="residents"),
                change(resident, "phone", PHONE, clock(), entity="residents"),
                change(resident, "id_number", ID_NUMBER[:-1] + "0", clock(), entity="residents"),  # refused
            ],
        },
        headers=headers,
    )
    client.get("/v1/pull", headers={"Authorization": f"Bearer {token}x"})  # a wrong token
    client.get("/v1/users", headers=headers)
    monkeypatch.setattr(push._Batch, "write", _failing_write)
    with TestClient(client.app, raise_server_exceptions=False) as failing:
        failed = failing.post(
            "/v1/push",
            json={
                "batch_id": str(uuid.uuid4()),
                "changes": [change(resident, "notes", NAME, clock(), entity="residents")],
            },
            headers=headers,
        )
    assert failed.status_code == 500 and "服务器内部错误" in failed.json()["message_zh"]
    logged = captured.getvalue()
    assert "unexpected error" in logged and "IntegrityError" in logged, "the failure itself is logged"
    for secret in (ID_NUMBER, ID_NUMBER[:-1], NAME, PHONE, token, code, PASSWORD):
        assert secret not in logged, secret
