"""Hypothesis drives three laptops through random edits, deletes and syncs against one real server.
After a final round of syncs every laptop holds the same records, and each laptop has recorded
every conflict the server found exactly once."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from typing import ClassVar

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from app.models import Dispute, DisputeCategory, DisputeStatus, GridLevel, Household
from app.store import Store, new_key
from server import db, devices
from server.db import create_db_engine
from sync import replica
from sync.engine import SyncEngine
from tests.conftest import make_household
from tests.sync.conftest import snapshot

LAPTOPS = 3
_grids = itertools.count(1)
phones = st.sampled_from(["13947912345", "13811112222", "0479-8212345", None])
statuses = st.sampled_from(
    [DisputeStatus.ACCEPTED, DisputeStatus.MEDIATING, DisputeStatus.RESOLVED, DisputeStatus.WITHDRAWN]
)


class ThreeLaptops(RuleBasedStateMachine):
    base: ClassVar[str]
    server_db: ClassVar[str]
    seen: ClassVar[dict[str, int]] = {"conflicts": 0, "records": 0}

    @initialize()
    def enroll(self) -> None:
        self.grid = f"1525009{next(_grids):05d}"
        engine = create_db_engine(self.server_db)
        with engine.begin() as conn:
            devices.add_grid(conn, self.grid, "随机嘎查", GridLevel.VILLAGE)
            codes = [devices.create_enroll_code(conn, [self.grid]) for _ in range(LAPTOPS)]
        engine.dispose()
        self.folder = Path(tempfile.mkdtemp())
        self.stores = [Store.open(self.folder / f"{n}.db", new_key()) for n in range(LAPTOPS)]
        self.engines = [SyncEngine(store) for store in self.stores]
        for n, (engine, code) in enumerate(zip(self.engines, codes, strict=True)):
            engine.enroll(self.base, code, f"laptop{n}")
        dispute = Dispute(
            grid=self.grid, author="w", title="草场边界纠纷", category=DisputeCategory.GRASSLAND
        )
        self.dispute_id = self.stores[0].save(dispute).id
        self.engines[0].sync()

    @rule(laptop=st.integers(0, LAPTOPS - 1), phone=phones)
    def add_household(self, laptop: int, phone: str | None) -> None:
        self.stores[laptop].save(make_household(grid=self.grid, phone=phone))

    @rule(laptop=st.integers(0, LAPTOPS - 1), pick=st.integers(0, 50), phone=phones)
    def edit_household(self, laptop: int, pick: int, phone: str | None) -> None:
        store = self.stores[laptop]
        households = store.find(Household, order_by="id")
        if households:
            household = households[pick % len(households)]
            household.phone = phone
            store.save(household)

    @rule(laptop=st.integers(0, LAPTOPS - 1), pick=st.integers(0, 50))
    def delete_household(self, laptop: int, pick: int) -> None:
        store = self.stores[laptop]
        households = store.find(Household, order_by="id")
        if households:
            store.delete(Household, households[pick % len(households)].id)

    @rule(laptop=st.integers(0, LAPTOPS - 1), status=statuses)
    def change_dispute_status(self, laptop: int, status: DisputeStatus) -> None:
        store = self.stores[laptop]
        if store.count(Dispute):
            dispute = store.get(Dispute, self.dispute_id)
            dispute.status = status
            store.save(dispute)

    @rule(laptop=st.integers(0, LAPTOPS - 1))
    def sync(self, laptop: int) -> None:
        self.engines[laptop].sync()

    @invariant()
    def nothing_unsent_is_lost(self) -> None:
        for store in self.stores:
            acked = replica.acked_seq(store)
            logged = store.db.execute("SELECT count(*) FROM change_log").fetchone()[0]
            assert (
                store.pending_changes()
                == logged
                - store.db.execute("SELECT count(*) FROM change_log WHERE seq <= ?", [acked]).fetchone()[0]
            )

    def teardown(self) -> None:
        for _ in range(2):
            for engine in self.engines:
                engine.sync()
        try:
            first = snapshot(self.stores[0])
            for store in self.stores[1:]:
                assert snapshot(store) == first
            assert all(store.pending_changes() == 0 for store in self.stores)
            engine = create_db_engine(self.server_db)
            with engine.connect() as conn:
                on_server = set(
                    conn.execute(
                        sa.select(db.conflicts.c.id).where(db.conflicts.c.grid == self.grid)
                    ).scalars()
                )
            engine.dispose()
            for store in self.stores:
                recorded = [row["id"] for row in store.db["conflicts"].rows]
                assert sorted(recorded) == sorted(on_server), "every conflict, exactly once, on every laptop"
            self.seen["conflicts"] += len(on_server)
            self.seen["records"] += self.stores[0].count_all_records()
        finally:
            for store in self.stores:
                store.close()


@pytest.mark.slow  # a hypothesis state machine over three laptops and a server
def test_three_laptops_converge_whatever_they_do(tmp_path: Path, server) -> None:
    base, _codes = server
    ThreeLaptops.base = base
    ThreeLaptops.server_db = f"sqlite:///{tmp_path / 'server.db'}"
    run_state_machine_as_test(
        ThreeLaptops,
        settings=settings(
            max_examples=12,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
