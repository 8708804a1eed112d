"""Nothing reported as saved is lost when the process is killed at a random moment."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.errors import RecordNotFound
from app.models import Household, Visit
from app.store import Store

KILLS = 100
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_every_reported_save_survives_sigkill(tmp_path: Path, key: bytes) -> None:
    database = tmp_path / "crash.db"
    Store.open(database, key).close()
    rng = random.Random(20261129)
    promised: list[tuple[str, str]] = []
    killed_while_writing = 0
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.crash_writer", str(database), key.hex()],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdout is not None and child.stdout.readline() == b"started\n"
        # Opening takes ~0.1 s after the imports: this spread lands kills in opening, migrating, saving.
        time.sleep(rng.uniform(0, 0.9))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, err.decode()
        complete = out.decode().split("\n")[:-1]  # a line cut off by the kill promised nothing
        promised += [tuple(line.split(" ")) for line in complete]  # type: ignore[misc]
        killed_while_writing += bool(complete)
    assert killed_while_writing > KILLS // 2, "the kills should mostly land while records are being saved"
    assert len(promised) > 500
    models = {"households": Household, "visits": Visit}
    with Store.open(database, key) as store:
        assert store.integrity_check() == "ok"
        missing = []
        for entity, record_id in promised:
            try:
                store.get(models[entity], record_id)
            except RecordNotFound:
                missing.append((entity, record_id))
        assert missing == []
        assert store.count(Visit) >= sum(1 for entity, _ in promised if entity == "visits")
        logged = store.db.execute(
            "SELECT count(DISTINCT record_id) FROM change_log WHERE entity = 'visits'"
        ).fetchone()[0]
        assert logged == store.count(Visit)
