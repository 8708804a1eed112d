"""Child process for the crash test: syncs, and dies the moment the server's push answer arrives,
before the answer is committed to the local database — the worst moment to lose power."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.store import Store
from sync import replica
from sync.engine import SyncEngine

DIED = 17


def _die(*_args: object) -> None:
    os._exit(DIED)


if __name__ == "__main__":
    store = Store.open(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))
    replica.acknowledge = _die  # type: ignore[assignment]
    SyncEngine(store).sync()
