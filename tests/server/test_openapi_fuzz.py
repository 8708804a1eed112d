"""schemathesis against the OpenAPI document the server serves: no input produces a 500.

Bounded: a fixed number of generated cases per operation, with a valid device token so the
generated bodies reach the push, pull and attachment code, not just the 401.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from app.models import GridLevel
from server import devices
from server.api import create_app
from server.config import Settings
from server.db import create_db_engine
from server.migrate import upgrade
from tests.server.conftest import G1

MAX_EXAMPLES = 40


@pytest.fixture
def fuzzed_api(tmp_path: Path) -> tuple[schemathesis.BaseSchema, str]:
    config = Settings(
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'server.db'}",
        rate_per_second=1e6,
        rate_burst=10**6,
    )
    engine = create_db_engine(config.database_url)
    upgrade(engine)
    with engine.begin() as conn:
        devices.add_grid(conn, G1, "巴彦嘎查", GridLevel.VILLAGE)
        code = devices.create_enroll_code(conn, [G1])
    app = create_app(config, engine=engine)
    token = TestClient(app).post("/v1/enroll", json={"code": code, "device_name": "fuzz"}).json()["token"]
    return schemathesis.openapi.from_asgi("/openapi.json", app), token


def test_no_input_produces_a_server_error(fuzzed_api: tuple[schemathesis.BaseSchema, str]) -> None:
    schema, token = fuzzed_api
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def no_server_error(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])

        no_server_error()
