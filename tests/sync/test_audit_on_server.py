"""The audit trail reaches the server whole, and the server's check finds an entry altered or
removed there, naming it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from app.services import audit
from server import db
from server.cli import main as server_main
from server.db import create_db_engine
from tests.harness.laptops import Laptop, LiveServer
from tests.sync.conftest import DATABASES, own_live_server

Laptops = Callable[..., list[Laptop]]


@pytest.fixture(scope="module", params=DATABASES)
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server of this module's own: ``audit verify`` checks every entry the server holds, and
    these tests damage some, which no other test's verdict may depend on."""
    yield from own_live_server(request.param, tmp_path_factory.mktemp("audit-server"))


@dataclass(frozen=True)
class Person:
    grids: tuple[str, ...]
    username: str = "leader01"
    display_name: str = "乌兰"


def _check(
    live: LiveServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.setenv("TONGXIN_SERVER_DB", live.database_url)
    code = server_main(["audit", "verify"])
    return code, capsys.readouterr().err


def test_the_server_check_finds_an_altered_entry_and_where(
    laptops: Laptops, live: LiveServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (a,) = laptops(1)
    entries = [
        audit.record(a.ui, actor=Person((a.grid,)), action="login", detail=f"第{n}次登录", grid=a.grid)
        for n in range(1, 5)
    ]
    a.sync()
    assert _check(live, monkeypatch, capsys)[0] == 0
    engine = create_db_engine(live.database_url)
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(db.field_state).where(db.field_state.c.record_id == str(entries[2].id))
        ).one()
        conn.execute(
            sa.update(db.field_state)
            .where(db.field_state.c.record_id == row.record_id, db.field_state.c.field == row.field)
            .values(value={**row.value, "detail": "第3次登陆"})
        )
    engine.dispose()
    code, err = _check(live, monkeypatch, capsys)
    assert code == 1
    assert "第3条审计记录的内容被改动过" in err and str(entries[2].id) in err


def test_the_server_check_finds_an_entry_removed_on_the_server(
    laptops: Laptops, live: LiveServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (a,) = laptops(1)
    entries = [
        audit.record(a.ui, actor=Person((a.grid,)), action="login", detail=f"第{n}次登录", grid=a.grid)
        for n in range(1, 5)
    ]
    a.sync()
    engine = create_db_engine(live.database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM field_state WHERE record_id = :r"), {"r": str(entries[1].id)})
    engine.dispose()
    code, err = _check(live, monkeypatch, capsys)
    assert code == 1
    assert "第2至2条审计记录被删除" in err
