"""tongxin-admin as IT runs it against a real server: a sync the server refused changes of is not
a plain success — its own exit code, and each refusal as people read it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.keyfile import key_path_for, load_key
from app.models import Household
from app.store import Store
from cli.admin import EXIT_REFUSED
from tests.conftest import make_household
from tests.harness.laptops import LiveServer


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.admin", *args], capture_output=True, text=True, timeout=120
    )


def test_refused_changes_end_the_sync_with_their_own_code_until_a_person_deals_with_them(
    live: LiveServer, tmp_path: Path
) -> None:
    first, _ = live.new_grid(0)
    second, _ = live.new_grid(0, name="查干嘎查")
    db = str(tmp_path / "laptop.db")
    enrolled = run("--db", db, "sync", "--server", live.base, "--enroll", live.code_for([first, second]))
    assert enrolled.returncode == 0, enrolled.stderr
    key = load_key(key_path_for(Path(db)))
    with Store.open(db, key) as store:
        stranger = store.save(make_household(grid=second, head_name="巴图"))
        store.save(make_household(grid=first, head_name="其其格"))
        live.set_device_grids(store, [first])  # IT narrows the laptop before it syncs
    synced = run("--db", db, "sync")
    assert synced.returncode == EXIT_REFUSED, synced.stderr
    assert "条修改被服务器拒收" in synced.stderr and "巴图" in synced.stderr
    assert "查干嘎查" in synced.stderr and "重新发送" in synced.stderr
    again = run("--db", db, "sync")
    assert again.returncode == EXIT_REFUSED, "still waiting for a person"
    discarded = run("--db", db, "refused", "--discard", str(stranger.id), "--yes")
    assert discarded.returncode == 0, discarded.stderr
    assert run("--db", db, "sync").returncode == 0
    with Store.open(db, key) as store:
        assert [h.head_name for h in store.find(Household)] == ["其其格"]
