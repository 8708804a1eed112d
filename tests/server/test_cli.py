"""tongxin-server as IT runs it: grids, users, enrollment codes, devices, export."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from server.api import create_app
from server.cli import main
from server.config import Settings
from tests.server.conftest import G1, DeviceClock, change, push


@pytest.fixture
def server_env(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("TONGXIN_SERVER_DATA", str(tmp_path))
    monkeypatch.setenv("TONGXIN_SERVER_DB", database_url)
    return Settings()


def test_it_sets_up_a_grid_a_user_and_a_device(
    server_env: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["grid", "add", G1, "巴彦嘎查", "--level", "village"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("long-enough\n"))
    assert main(["user", "add", "worker101", "--role", "worker", "--grid", G1, "--password-stdin"]) == 0
    capsys.readouterr()
    assert main(["device", "enroll-code", "--grid", G1, "--hours", "2"]) == 0
    code = capsys.readouterr().out.strip()
    assert len(code) == 12
    with TestClient(create_app(server_env)) as client:
        enrolled = client.post("/v1/enroll", json={"code": code, "device_name": "巴彦嘎查笔记本"}).json()
        device = type("D", (), {"headers": {"Authorization": f"Bearer {enrolled['token']}"}})()
        push(
            client,
            device,
            change(
                "6f1c2c53-6d8a-4d55-9d39-7e0b0c9a0002",
                "head_name",
                "其其格",
                DeviceClock(enrolled["device_id"])(),
            ),
        )
        assert main(["device", "list"]) == 0
        listed = capsys.readouterr().out
        assert enrolled["device_id"] in listed and "active" in listed
        assert "bundles unsigned (no signing key yet)" in listed, "enrolled as a laptop of before"
        assert main(["device", "revoke", enrolled["device_id"]]) == 0
        assert client.get("/v1/pull", headers=device.headers).status_code == 401
    assert main(["device", "revoke", enrolled["device_id"]]) == 1
    out = server_env.data_dir / "export.jsonl"
    assert main(["export", str(out)]) == 0
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {
        "entity": "households",
        "id": "6f1c2c53-6d8a-4d55-9d39-7e0b0c9a0002",
        "head_name": "其其格",
    } in exported
    assert {row["entity"] for row in exported} == {"households", "grids"}, "the grid tree is records too"


def test_bad_input_gets_a_message_not_a_traceback(
    server_env: Settings, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["device", "enroll-code", "--grid", "nosuchgrid"]) == 2
    assert "unknown grids" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["user", "add", "w", "--role", "worker", "--grid", G1, "--password-stdin"]) == 2
    assert "8" in capsys.readouterr().err
    assert main(["grid", "add", G1, "巴彦嘎查"]) == 0
    assert main(["grid", "add", G1, "巴彦嘎查"]) == 2
