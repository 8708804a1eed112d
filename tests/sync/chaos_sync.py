"""Child process of the chaos run: one sync of a laptop, killed by the parent at a random moment.
It prints ``started`` once its imports are done, so that the kill lands in the sync itself."""

from __future__ import annotations

import sys
from pathlib import Path

from app.clock import wall_clock_ms
from app.store import Store
from sync.engine import SyncEngine, SyncError

if __name__ == "__main__":
    path, key, shift = Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), int(sys.argv[3])
    print("started", flush=True)
    with Store.open(path, key, now_ms=lambda: wall_clock_ms() + shift) as store:
        try:
            SyncEngine(store).sync()
        except SyncError:
            sys.exit(1)
