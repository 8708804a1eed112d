"""The smaller holes an independent security tester found, each closed: a redirect built from the
Host header, answers without nosniff/no-store, forwarded addresses believed from anyone, a body
shorter than its Content-Length waited on for ever, read-only commands migrating the database, an
export of full ID numbers readable by everyone, and the schema drifting from its migrations."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from server import db
from server.api import create_app
from server.cli import main
from server.config import Settings
from server.db import create_db_engine
from server.migrate import current_revision, upgrade
from tests.server.conftest import G1, enroll


def test_every_answer_says_do_not_sniff_cache_or_frame(client: TestClient, engine: Engine) -> None:
    device = enroll(client, engine, G1)
    for response in (
        client.get("/v1/health"),
        client.get("/v1/pull", headers=device.headers),
        client.get("/v1/pull"),
        client.post("/v1/enroll", json={"code": "WRONGCODE", "device_name": "x"}),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["x-frame-options"] == "DENY"


def test_no_redirect_is_built_from_the_host_header(client: TestClient) -> None:
    response = client.get("/v1/health/", headers={"Host": "evil.example"}, follow_redirects=False)
    assert response.status_code == 404
    assert "evil.example" not in response.headers.get("location", "")


def test_a_body_that_stops_short_is_not_waited_on_for_ever(settings: Settings, engine: Engine) -> None:
    app = create_app(
        Settings(data_dir=settings.data_dir, database_url=settings.database_url, body_seconds=0.5),
        engine=engine,
    )
    sent: list[dict] = []

    async def receive() -> dict:
        if not sent:
            sent.append({})
            return {"type": "http.request", "body": b'{"batch_id": ', "more_body": True}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/push",
        "raw_path": b"/v1/push",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"9999")],
        "client": ("127.0.0.1", 1),
        "server": ("test", 80),
        "scheme": "http",
        "http_version": "1.1",
    }

    async def call() -> None:
        async with asyncio.timeout(10):
            await app(scope, receive, send)

    with TestClient(app):  # runs the lifespan
        asyncio.run(call())
    started = [m for m in sent if m.get("type") == "http.response.start"]
    assert started and started[0]["status"] == 408


def test_forwarded_addresses_are_believed_only_from_named_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    called: dict = {}
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: called.update(kwargs))
    monkeypatch.setattr("server.cli._engine", lambda settings: create_db_engine("sqlite://"))
    assert main(["serve"]) == 0
    assert called["proxy_headers"] is False
    monkeypatch.setenv("TONGXIN_SERVER_TRUSTED_PROXIES", "10.0.0.5")
    assert main(["serve"]) == 0
    assert (called["proxy_headers"], called["forwarded_allow_ips"]) == (True, "10.0.0.5")


def test_read_only_commands_do_not_migrate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_db_engine(url)
    upgrade(engine, "0001")
    monkeypatch.setenv("TONGXIN_SERVER_DB", url)
    monkeypatch.setenv("TONGXIN_SERVER_DATA", str(tmp_path))
    assert main(["device", "list"]) == 2
    assert "db upgrade" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "out.jsonl")]) == 2
    assert current_revision(engine) == "0001", "left as it was"
    engine.dispose()


def test_an_export_is_readable_by_its_owner_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGXIN_SERVER_DB", f"sqlite:///{tmp_path / 'server.db'}")
    monkeypatch.setenv("TONGXIN_SERVER_DATA", str(tmp_path))
    assert main(["db", "upgrade"]) == 0
    old_umask = os.umask(0o022)
    try:
        assert main(["export", str(tmp_path / "records.jsonl")]) == 0
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "records.jsonl").stat().st_mode) == 0o600


def test_the_migrations_make_exactly_the_tables_the_code_uses(engine: Engine) -> None:
    """An Alembic drift check: the models' metadata against a migrated database."""
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert differences == []
    assert sa.inspect(engine).has_table("attachment_refs")
