"""Child process for the crash test of backups, restores and archiving (tests/test_crash_years.py).

Each mode works in a loop and prints a line once a step is done — the promise under test. The
parent kills it with SIGKILL at random moments. ``started`` says the imports are done.

    backup  DB KEY FOLDER        save a household, back up, repeat: "households ID", "backup NAME"
    restore DB KEY BACKUP...     restore each backup in turn: "restored NAME"
    archive DB KEY NOW           archive everything settled: "archived GROUPS" per batch
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from app.store import Store
from app.store.archive import archive
from app.store.backup import make_backup, restore_backup
from tests.conftest import make_household


def _backup(database: Path, key: bytes, folder: str) -> None:
    with Store.open(database, key) as store:
        while True:
            household = store.save(make_household())
            print(f"households {household.id}", flush=True)
            written = make_backup(store, Path(folder), database=database, keep=3)
            print(f"backup {written.name}", flush=True)


def _restore(database: Path, key: bytes, *backups: str) -> None:
    while True:
        for source in backups:
            restore_backup(Path(source), database, key)
            print(f"restored {Path(source).name}", flush=True)


def _archive(database: Path, key: bytes, now: str) -> None:
    with Store.open(database, key) as store:
        archive(
            store,
            database,
            now=datetime.fromisoformat(now),
            progress=lambda n: print(f"archived {n}", flush=True),
        )
    print("done", flush=True)


def main(mode: str, database: str, key_hex: str, *rest: str) -> None:
    print("started", flush=True)
    run = {"backup": _backup, "restore": _restore, "archive": _archive}[mode]
    run(Path(database), bytes.fromhex(key_hex), *rest)


if __name__ == "__main__":
    main(*sys.argv[1:])
