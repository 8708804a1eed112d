"""Killed at random moments (SIGKILL) while backing up, restoring or archiving: the database opens,
``integrity_check`` is ok, and nothing reported done is lost."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.models import Household, ReviewState
from app.store import Store
from app.store.backup import SUFFIX, make_backup, read_manifest, restore_backup
from app.store.connection import open_database
from tests.conftest import GRID, make_household, make_visit

KILLS = 20  # per test: 60 in all
ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 30, tzinfo=UTC)
LONG_AGO = datetime(2020, 5, 1, tzinfo=UTC)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]


def _killed(rng: random.Random, latest: float, *args: str) -> list[str]:
    """Run the worker, kill it after a random moment, and return the lines it completed."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_years_worker", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stdout.readline() == b"started\n"
    time.sleep(rng.uniform(0, latest))
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=60)
    assert child.returncode in (-signal.SIGKILL, 0), err.decode()
    return out.decode().split("\n")[:-1]


def _households(path: Path, key: bytes) -> set[str]:
    db = open_database(path, key)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in db.execute("SELECT id FROM households")}
    finally:
        db.close()


def test_killed_backups_lose_no_save_and_leave_only_whole_backups(tmp_path: Path, key: bytes) -> None:
    database, folder = tmp_path / "tongxin.db", tmp_path / "usb"
    Store.open(database, key).close()
    rng = random.Random(20261130)
    lines: list[str] = []
    for _ in range(KILLS):
        lines += _killed(rng, 1.5, "backup", str(database), key.hex(), str(folder))
    promised = {line.split()[1] for line in lines if line.startswith("households ")}
    backed_up = [line.split()[1] for line in lines if line.startswith("backup ")]
    assert len(backed_up) > KILLS, "the kills should land among backups"
    assert promised <= _households(database, key)
    whole = sorted(folder.glob(f"*{SUFFIX}"))
    names = [path.name for path in whole]
    # The last reported backup is there, or rotated away by a newer one that is.
    assert backed_up[-1] in names or names[-1] > backed_up[-1]
    for number, backup in enumerate(whole):
        manifest = read_manifest(backup)
        scratch = tmp_path / f"check-{number}.db"
        restore_backup(backup, scratch, key)
        assert len(_households(scratch, key)) == manifest.records["households"]


def test_killed_restores_leave_one_whole_database_or_the_other(tmp_path: Path, key: bytes) -> None:
    database = tmp_path / "tongxin.db"
    with Store.open(database, key) as store:
        store.save_all(make_household(address=f"甲村{n}号") for n in range(300))
        first = make_backup(store, tmp_path / "usb", database=database, now=NOW)
        store.save_all(make_household(address=f"乙村{n}号") for n in range(300))
        second = make_backup(store, tmp_path / "usb", database=database, now=NOW.replace(day=29))
    contents = {}
    for backup in (first, second):
        with zipfile.ZipFile(backup) as archive:
            (tmp_path / "peek.db").write_bytes(archive.read("database"))
        contents[backup.name] = _households(tmp_path / "peek.db", key)
    rng = random.Random(20261201)
    restored = 0
    for _ in range(KILLS):
        done = _killed(rng, 1.0, "restore", str(database), key.hex(), str(first), str(second))
        restored += len(done)
        assert _households(database, key) in contents.values()
    assert restored > KILLS, "the kills should land among restores"
    for aside in tmp_path.glob("tongxin.db.before-restore-*.bak"):
        assert _households(aside, key) in contents.values()
    with Store.open(database, key) as store:
        assert store.integrity_check() == "ok"


def test_killed_archiving_loses_no_record(tmp_path: Path, key: bytes) -> None:
    database = tmp_path / "tongxin.db"
    made: set[str] = set()
    with Store.open(database, key) as store, store.transaction():
        store.set_meta("server_grids", json.dumps([GRID]))
    rng = random.Random(20261202)
    promised = 0
    for _ in range(KILLS):
        with Store.open(database, key) as store:
            if store.db.execute("SELECT count(*) FROM visits").fetchone()[0] < 300:
                household = store.get(Household, _a_household(store))
                visits = [
                    make_visit(household, visited_at=LONG_AGO, review_state=ReviewState.APPROVED)
                    for _ in range(1500)
                ]
                store.save_all(visits)
                made |= {str(v.id) for v in visits}
                with store.transaction():  # the server acknowledged them
                    last = store.db.execute("SELECT max(seq) FROM change_log").fetchone()[0]
                    store.set_meta("acked_seq", str(last))
        lines = _killed(rng, 1.2, "archive", str(database), key.hex(), NOW.isoformat())
        promised += max([int(line.split()[1]) for line in lines if line.startswith("archived ")], default=0)
        db = open_database(database, key)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        here = {row[0] for row in db.execute("SELECT id FROM visits")}
        gone = {row[0] for row in db.execute("SELECT record_id FROM archived WHERE entity = 'visits'")}
        db.close()
        assert not here & gone, "a record is either here or archived"
        assert here | gone == made, "no record is lost"
        assert len(gone) >= promised
    assert promised > KILLS, "the kills should land while archiving"


def _a_household(store: Store) -> str:
    row = store.db.execute("SELECT id FROM households LIMIT 1").fetchone()
    return row[0] if row else str(store.save(make_household()).id)
