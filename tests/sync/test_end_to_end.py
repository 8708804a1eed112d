"""Devices with real encrypted SQLite files syncing through a real server process on loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.models import (
    ConflictResolution,
    Dispute,
    DisputeCategory,
    DisputeStatus,
    Household,
    Resident,
    Role,
    Visit,
)
from app.services import conflicts
from app.services.session import Session
from app.store import Store
from cli.admin import main
from server import devices
from server.db import create_db_engine
from sync.engine import SyncError
from tests.conftest import make_household, make_resident, make_visit
from tests.harness.devices import device, snapshot
from tests.sync.conftest import FreshGrid


def _supervisor(grid: str) -> Session:
    return Session("supervisor1", "张伟", Role.SUPERVISOR, (grid,))


def test_records_made_on_one_laptop_arrive_whole_on_another(tmp_path: Path, fresh_grid: FreshGrid) -> None:
    base, codes = fresh_grid
    a, sync_a = device(tmp_path, "a", base, codes[0])
    b, sync_b = device(tmp_path, "b", base, codes[1])
    household = a.save(make_household(grid=fresh_grid.grid, head_name="其其格", phone="13947912345"))
    a.save(make_resident(household, name="其其格"))
    a.save(make_visit(household, summary="为独居老人测量血压"))
    report = sync_a.sync()
    assert report.pushed == 3 and a.pending_changes() == 0, "each new record travels as one change"
    sync_b.sync()
    assert snapshot(b) == snapshot(a)
    assert b.search("其其格").hits, "pulled records are searchable"
    assert b.pending_changes() == 0, "pulled changes are not pushed back"


def _two_laptops_sharing_a_household(tmp_path: Path, fresh_grid: FreshGrid) -> tuple:
    """Two enrolled laptops that both already hold the same household."""
    base, codes = fresh_grid
    a, sync_a = device(tmp_path, "a", base, codes[0])
    b, sync_b = device(tmp_path, "b", base, codes[1])
    household = a.save(make_household(grid=fresh_grid.grid))
    sync_a.sync()
    sync_b.sync()
    return a, sync_a, b, sync_b, household


def test_edits_on_two_laptops_converge(tmp_path: Path, fresh_grid: FreshGrid) -> None:
    a, sync_a, b, sync_b, household = _two_laptops_sharing_a_household(tmp_path, fresh_grid)
    on_b = b.get(Household, household.id)
    on_b.phone = "0479-8212345"
    b.save(on_b)
    on_a = a.get(Household, household.id)
    on_a.address = "巴彦嘎查7组1号"
    a.save(on_a)
    for engine in (sync_b, sync_a, sync_b):
        engine.sync()
    assert snapshot(a) == snapshot(b)
    final = a.get(Household, household.id)
    assert (final.phone, final.address) == ("0479-8212345", "巴彦嘎查7组1号")


def test_same_dispute_outcome_changed_on_two_laptops_is_a_conflict_everywhere_until_settled(
    tmp_path: Path, fresh_grid: FreshGrid
) -> None:
    base, codes = fresh_grid
    a, sync_a = device(tmp_path, "a", base, codes[0])
    b, sync_b = device(tmp_path, "b", base, codes[1])
    c, sync_c = device(tmp_path, "c", base, codes[2])
    supervisor = _supervisor(fresh_grid.grid)
    dispute = a.save(
        Dispute(
            grid=fresh_grid.grid,
            author="w",
            title="草场边界纠纷",
            category=DisputeCategory.GRASSLAND,
            status=DisputeStatus.MEDIATING,
        )
    )
    sync_a.sync()
    sync_b.sync()
    for store, status in ((a, DisputeStatus.RESOLVED), (b, DisputeStatus.WITHDRAWN)):
        record = store.get(Dispute, dispute.id)
        record.status = status
        store.save(record)
    sync_a.sync()
    assert sync_b.sync().conflicts == 1
    for engine in (sync_a, sync_b, sync_c):
        engine.sync()
    for store in (a, b, c):
        [conflict] = conflicts.open_conflicts(store, supervisor)
        assert (conflict.current.value, conflict.incoming.value) == ("resolved", "withdrawn")
        assert (conflict.current.device_name, conflict.incoming.device_name) == ("a", "b")
        assert conflict.shown(conflict.incoming.value) == "已撤回" and conflict.record_title == "草场边界纠纷"
    # The later clock wins provisionally; two saves in one millisecond are ordered by device id.
    winner = DisputeStatus(conflict.provisional.value)
    assert {s.get(Dispute, dispute.id).status for s in (a, b, c)} == {winner}

    c.guard = supervisor.admit
    conflicts.settle(c, supervisor, conflict, "resolved")
    for engine in (sync_c, sync_a, sync_b):
        assert engine.sync().conflicts == 0
    for store in (a, b, c):
        assert conflicts.open_conflicts(store, supervisor) == []
        assert store.get(Dispute, dispute.id).status is DisputeStatus.RESOLVED
        [settled] = store.find(ConflictResolution)
        assert (settled.resolver, settled.value) == ("张伟", '"resolved"')


def test_a_tombstone_beats_a_stale_edit(tmp_path: Path, fresh_grid: FreshGrid) -> None:
    a, sync_a, b, sync_b, household = _two_laptops_sharing_a_household(tmp_path, fresh_grid)
    stale = b.get(Household, household.id)
    stale.deleted = False
    stale.notes = "b edited before learning of the delete"
    b.save(stale)
    a.delete(Household, household.id)
    sync_a.sync()
    sync_b.sync()
    sync_a.sync()
    for store in (a, b):
        assert store.get(Household, household.id, include_deleted=True).deleted
        assert store.count(Household) == 0
    assert snapshot(a) == snapshot(b)


def test_a_device_never_receives_another_grids_records(tmp_path: Path, fresh_grid: FreshGrid) -> None:
    base, codes = fresh_grid
    a, sync_a = device(tmp_path, "a", base, codes[0])
    outsider, sync_outsider = device(tmp_path, "outsider", base, codes[3])
    a.save(make_household(grid=fresh_grid.grid))
    sync_a.sync()
    sync_outsider.sync()
    assert outsider.count(Household) == 0


def test_a_revoked_device_is_told_in_chinese_and_keeps_its_changes(
    tmp_path: Path, fresh_grid: FreshGrid
) -> None:
    base, codes = fresh_grid
    a, sync_a = device(tmp_path, "a", base, codes[0])
    engine = create_db_engine(fresh_grid.database_url)
    with engine.begin() as conn:
        devices.revoke(conn, a.meta("server_device_id") or "")
    engine.dispose()
    a.save(make_household(grid=fresh_grid.grid))
    pending = a.pending_changes()
    with pytest.raises(SyncError) as caught:
        sync_a.sync()
    assert caught.value.code == "revoked" and "停用" in caught.value.zh
    assert a.pending_changes() == pending


def test_fields_split_across_pull_pages_still_build_their_records(
    tmp_path: Path, fresh_grid: FreshGrid, monkeypatch
) -> None:
    base, codes = fresh_grid
    a, sync_a = device(tmp_path, "a", base, codes[0])
    b, sync_b = device(tmp_path, "b", base, codes[1])
    for n in range(3):
        household = a.save(make_household(grid=fresh_grid.grid, address=f"巴彦嘎查{n}号"))
        a.save(make_resident(household))
        a.save(make_visit(household, visited_at=datetime.now(UTC) - timedelta(days=n + 1)))
    sync_a.sync()
    monkeypatch.setattr("sync.engine.PULL_PAGE", 4)
    sync_b.sync()
    assert (b.count(Household), b.count(Resident), b.count(Visit)) == (3, 3, 3)
    assert b.db.execute("SELECT count(*) FROM sync_inbox").fetchone()[0] == 0


def test_it_enrolls_and_syncs_from_the_command_line(tmp_path: Path, fresh_grid: FreshGrid, capsys) -> None:
    base, codes = fresh_grid
    laptop = str(tmp_path / "laptop.db")
    assert main(["--db", laptop, "create"]) == 0
    with Store.open(tmp_path / "laptop.db", bytes.fromhex((tmp_path / "laptop.db.key").read_text())) as store:
        store.save(make_household(grid=fresh_grid.grid, head_name="其其格"))
    assert (
        main(["--db", laptop, "sync", "--server", base, "--enroll", codes[0], "--device-name", "村委会"]) == 0
    )
    out = capsys.readouterr().out
    assert "已登记" in out and "pushed 1," in out, "the new household travels as one change"
    assert main(["--db", laptop, "sync"]) == 0
    assert "pushed 0" in capsys.readouterr().out
    assert main(["--db", str(tmp_path / "other.db"), "sync"]) == 2
    assert "尚未登记" in capsys.readouterr().err
