"""The audit trail is hash-chained: an entry removed, reordered or altered by one byte is found,
and the finding says which entry."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from app.keyring import Account, first_account
from app.models import AuditEvent, Role
from app.services import audit
from app.store import Store
from cli.admin import main
from tests.conftest import GRID


@dataclass(frozen=True)
class Person:
    username: str = "leader01"
    display_name: str = "乌兰"
    grids: tuple[str, ...] = (GRID,)


def _five_entries(store: Store) -> list[AuditEvent]:
    return [
        audit.record(store, actor=Person(), action="login", detail=f"第{n}次登录", grid=GRID)
        for n in range(1, 6)
    ]


def test_entries_are_numbered_and_linked_and_verify(store: Store) -> None:
    entries = _five_entries(store)
    assert [e.chain_seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[1].chain_prev == entries[0].chain_hash
    check = audit.verify(store)
    assert check.entries == 5 and check.problems == []


def test_one_byte_altered_is_found_and_where(store: Store) -> None:
    entries = _five_entries(store)
    store.db.execute("UPDATE audit_events SET detail = ? WHERE id = ?", ["第3次登陆", str(entries[2].id)])
    (problem,) = audit.verify(store).problems
    assert (problem.code, problem.seq, problem.record_id) == ("altered", 3, str(entries[2].id))
    assert "第3条审计记录的内容被改动过" in problem.zh


def test_an_altered_time_is_found(store: Store) -> None:
    entries = _five_entries(store)
    store.db.execute(
        "UPDATE audit_events SET created_at = replace(created_at, '20', '21') WHERE id = ?",
        [str(entries[0].id)],
    )
    assert [(p.code, p.seq) for p in audit.verify(store).problems] == [("altered", 1)]


def test_a_removed_entry_is_found(store: Store) -> None:
    entries = _five_entries(store)
    store.db.execute("DELETE FROM audit_events WHERE id = ?", [str(entries[1].id)])
    assert [(p.code, p.seq) for p in audit.verify(store).problems] == [("removed", 3)]


def test_removing_the_last_entries_is_found(store: Store) -> None:
    entries = _five_entries(store)
    store.db.execute("DELETE FROM audit_events WHERE id IN (?, ?)", [str(entries[3].id), str(entries[4].id)])
    (problem,) = audit.verify(store).problems
    assert (problem.code, problem.seq) == ("truncated", 3)
    assert "第4至5条" in problem.zh


def test_reordered_entries_are_found(store: Store) -> None:
    entries = _five_entries(store)
    second, third = str(entries[1].id), str(entries[2].id)
    store.db.execute("UPDATE audit_events SET chain_seq = 99 WHERE id = ?", [second])
    store.db.execute("UPDATE audit_events SET chain_seq = 2 WHERE id = ?", [third])
    store.db.execute("UPDATE audit_events SET chain_seq = 3 WHERE id = ?", [second])
    codes = {(p.code, p.seq) for p in audit.verify(store).problems}
    assert ("altered", 2) in codes and ("reordered", 2) in codes


def test_a_restored_laptop_continues_on_a_new_chain(store: Store) -> None:
    _five_entries(store)
    chain = audit.start_new_chain(store)
    after = audit.record(store, actor=Person(), action="restore", detail="从备份恢复", grid=GRID)
    assert (after.chain_device, after.chain_seq) == (chain, 1)
    assert audit.verify(store).problems == []


def test_audit_verify_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "tongxin.db"
    key = first_account(db, Account("leader01", "乌兰", Role.SUPERVISOR, (GRID,)), "long-enough-1")
    with Store.open(db, key) as store:
        entries = _five_entries(store)
        store.db.execute("UPDATE audit_events SET actor = '别人' WHERE id = ?", [str(entries[3].id)])
    monkeypatch.setenv("TONGXIN_PASSWORD", "long-enough-1")
    assert main(["--db", str(db), "--user", "leader01", "audit", "verify"]) == 1
    out = capsys.readouterr()
    assert "第4条审计记录的内容被改动过" in out.err and str(entries[3].id) in out.err
    assert "problems found" in out.out
