"""Server fixtures: every test gets its own database, SQLite file or fresh PostgreSQL database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.models import GridLevel, Role
from server import db, devices
from server.api import create_app
from server.config import Settings
from server.db import create_db_engine
from server.migrate import upgrade
from server.records import SERVER_DEVICE
from sync.protocol import PullResponse
from tests.harness.devices import DeviceClock
from tests.harness.postgres import PG_ADMIN, postgres_available, postgres_database

__all__ = ["FROM_DEVICES", "G1", "G2", "G3", "PG_ADMIN", "DeviceClock", "postgres_available"]

# What devices sent, without the grid tree's records the server writes itself.
FROM_DEVICES = db.changes.c.device_id != SERVER_DEVICE
G1, G2, G3 = "152500101001", "152500101002", "152500102001"


@pytest.fixture(scope="session")
def has_postgres() -> bool:
    return postgres_available()


@pytest.fixture
def pg_url(has_postgres: bool) -> Iterator[str]:
    if not has_postgres:
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (CI sets TONGXIN_REQUIRE_PG)")
    yield from postgres_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'server.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path, database_url=database_url, rate_per_second=1000, rate_burst=1000)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = create_db_engine(settings.database_url)
    upgrade(engine)
    with engine.begin() as conn:
        devices.add_grid(conn, "1525", "乌兰示范旗", GridLevel.BANNER_COUNTY)
        for code in (G1, G2, G3):
            devices.add_grid(conn, code, f"嘎查{code[-3:]}", GridLevel.VILLAGE, "1525")
    yield engine
    engine.dispose()


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(settings, engine=engine)) as test_client:
        yield test_client


@dataclass
class EnrolledDevice:
    id: str
    token: str
    grids: list[str]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def enroll(client: TestClient, engine: Engine, *grids: str, name: str = "laptop") -> EnrolledDevice:
    with engine.begin() as conn:
        code = devices.create_enroll_code(conn, list(grids))
    body = client.post("/v1/enroll", json={"code": code, "device_name": name}).json()
    return EnrolledDevice(body["device_id"], body["token"], body["grids"])


def add_user(engine: Engine, username: str, role: Role, *grids: str) -> None:
    with engine.begin() as conn:
        devices.add_user(conn, username, username, role, list(grids), "a-long-password")


def change(
    record_id: object,
    field: str,
    value: object,
    hlc: str,
    *,
    entity: str = "households",
    grid: str = G1,
    base_hlc: str | None = None,
) -> dict[str, object]:
    return {
        "entity": entity,
        "record_id": str(record_id),
        "grid": grid,
        "field": field,
        "value": value,
        "hlc": hlc,
        "base_hlc": base_hlc,
    }


def push(
    client: TestClient, device: EnrolledDevice, *changes: dict[str, object], batch_id: str | None = None
):
    return client.post(
        "/v1/push",
        json={"batch_id": batch_id or str(uuid.uuid4()), "changes": list(changes)},
        headers=device.headers,
    )


def pull_all(
    client: TestClient, device: EnrolledDevice, cursor: int = 0, limit: int = 500, *, grids: bool = False
) -> tuple[list[dict], int]:
    """Every change after ``cursor`` (the grid tree's records only with ``grids``); each page must
    be a ``PullResponse`` to the letter (strict: the server writes pages without pydantic's help)."""
    seen: list[dict] = []
    while True:
        response = client.get("/v1/pull", params={"cursor": cursor, "limit": limit}, headers=device.headers)
        page = PullResponse.model_validate_json(response.content, strict=True)
        seen += [c.model_dump(mode="json") for c in page.changes if grids or c.entity != "grids"]
        cursor = page.next_cursor
        if not page.more:
            return seen, cursor
