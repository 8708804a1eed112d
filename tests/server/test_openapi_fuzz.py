"""schemathesis against the OpenAPI document the server serves, on SQLite and PostgreSQL: no
input produces a 500, NUL bytes and invalid bodies included.

Bounded and repeatable: a fixed seed and number of generated cases per operation, valid and
invalid ones, with a valid device token so the generated bodies reach the push, pull and
attachment code, not just the 401.
"""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, seed
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from sqlalchemy.engine import Engine

from server import devices
from server.api import create_app
from server.config import Settings
from tests.server.conftest import G1

MAX_EXAMPLES = 30
SEED = 20261201


@pytest.mark.slow  # 4-6 s per database: every operation, 30 examples each
def test_no_input_produces_a_server_error(settings: Settings, engine: Engine) -> None:
    app = create_app(settings, engine=engine)
    with engine.begin() as conn:
        code = devices.create_enroll_code(conn, [G1])
    token = TestClient(app).post("/v1/enroll", json={"code": code, "device_name": "fuzz"}).json()["token"]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], allow_x00=True)
    operations = [result.ok() for result in schema.get_all_operations()]
    # Every /v1 operation: the first pull's snapshot, POST /v1/bundles, the archive's fetch and search,
    # the signing key of a laptop enrolled before signing keys.
    assert len(operations) == 15

    for operation in operations:

        @seed(SEED)
        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=MAX_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def no_server_error(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])

        no_server_error()
