"""Child process for the crash test: records visits forever, printing each id once it is saved.

A line on stdout is the promise under test: "this save is done". The parent kills this process
with SIGKILL at random moments and later checks every promised record is in the database. The
first line, ``started``, says the imports are done: how long they take depends on the machine's
load, and kills timed from it land while the store opens, migrates and saves.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.models import Grid, GridLevel, Household, Visit, VisitType
from app.services.visits import record_visit
from app.store import Store

GRID = "152500101001"


def main(database: str, key_hex: str) -> None:
    print("started", flush=True)
    store = Store.open(Path(database), bytes.fromhex(key_hex))
    if not store.count(Grid):
        store.save(Grid(grid=GRID, code=GRID, name="巴彦嘎查", level=GridLevel.VILLAGE, author="crash"))
    number = 0
    while True:
        number += 1
        household = store.save(
            Household(grid=GRID, author="crash", address=f"巴彦嘎查{number}号", head_name="王芳")
        )
        print(f"households {household.id}", flush=True)
        visit = record_visit(
            store,
            Visit(
                grid=GRID,
                author="crash",
                household_id=household.id,
                visitor="crash",
                visit_type=VisitType.ROUTINE,
                visited_at=datetime.now(UTC) - timedelta(minutes=1),
                summary=f"第{number}次走访：了解生产生活情况",
            ),
        )
        print(f"visits {visit.id}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
