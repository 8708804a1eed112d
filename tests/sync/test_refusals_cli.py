"""tongxin-admin as IT runs it against a real server: a sync the server refused changes of is not
a plain success — its own exit code, and each refusal as people read it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.keyfile import key_path_for, load_key
from app.store import Store
from cli.admin import EXIT_REFUSED
from tests.conftest import make_household

OUTSIDE = "152599999001"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.admin", *args], capture_output=True, text=True, timeout=120
    )


def test_refused_changes_end_the_sync_with_their_own_code_until_a_person_deals_with_them(
    tmp_path: Path, server
) -> None:
    base, codes = server
    db = str(tmp_path / "laptop.db")
    enrolled = run("--db", db, "sync", "--server", base, "--enroll", codes[0])
    assert enrolled.returncode == 0, enrolled.stderr
    with Store.open(db, load_key(key_path_for(Path(db)))) as store:
        stranger = store.save(make_household(grid=OUTSIDE, head_name="巴图"))
        store.save(make_household(head_name="其其格"))
    synced = run("--db", db, "sync")
    assert synced.returncode == EXIT_REFUSED
    assert "条修改被服务器拒收" in synced.stderr and "巴图" in synced.stderr
    assert "不在本设备负责的范围内" in synced.stderr
    again = run("--db", db, "sync")
    assert again.returncode == EXIT_REFUSED, "still waiting for a person"
    discarded = run("--db", db, "refused", "--discard", str(stranger.id), "--yes")
    assert discarded.returncode == 0, discarded.stderr
    assert run("--db", db, "sync").returncode == 0
    with Store.open(db, load_key(key_path_for(Path(db)))) as store:
        assert [h.head_name for h in store.find(type(stranger))] == ["其其格"]
