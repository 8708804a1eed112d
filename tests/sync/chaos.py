"""The chaos run's world: laptops of two villages doing a grid worker's and a supervisor's work, a
server that is killed and restarted, a link that is cut at any byte, syncs killed mid-flight, and
clocks three days behind, three days ahead and in 2099.

Everything a laptop does goes through the services and stores exactly as the app drives them (a
long-lived store for the screens, a store per sync). A save that returned is acknowledged: the
checker (tests/sync/chaos_check.py) must find it everywhere it belongs.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from urllib3.util.retry import Retry

from app.errors import TongxinError
from app.models import (
    Dispute,
    DisputeCategory,
    DisputeParty,
    DisputeStatus,
    Gender,
    Household,
    Participation,
    PartyRole,
    Resident,
    Role,
    Visit,
    VisitType,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)
from app.services import conflicts, disputes, reviews
from app.services.attachments import add_attachment
from app.services.session import Session
from app.services.visits import record_visit
from app.services.volunteering import record_activity
from app.store import Store
from sync.engine import SyncEngine, SyncError, SyncReport
from tests.harness.laptops import DAY_MS, Laptop
from tests.harness.proxies import FaultyProxy, random_cuts
from tests.harness.server_process import ROOT, ServerProcess

YEARS_TO_2099_MS = int(73 * 365.25 * DAY_MS)
# Few retries inside a sync: a cut or a server that is down should end the attempt, not stall it.
QUICK_RETRY = Retry(total=1, connect=1, read=0, backoff_factor=0.05, status_forcelist=(502, 503, 504))


@dataclass
class ChaosLaptop:
    laptop: Laptop
    session: Session
    households: list[str] = field(default_factory=list)
    residents: list[str] = field(default_factory=list)
    disputes: list[str] = field(default_factory=list)
    volunteers: list[str] = field(default_factory=list)
    team: str | None = None

    @property
    def store(self) -> Store:
        return self.laptop.ui


@dataclass
class Counts:
    attempts: int = 0
    failed: int = 0
    restarts: int = 0
    kills: int = 0
    killed_syncs: int = 0
    saves: Counter[str] = field(default_factory=Counter)
    refused_on_purpose: int = 0
    # Conflicts the supervisor settled: during the run (a random step) or at its end.
    settled: int = 0


class Chaos:
    def __init__(
        self,
        rng: random.Random,
        server: ServerProcess,
        proxy: FaultyProxy,
        laptops: list[ChaosLaptop],
        outside_grid: str,
    ) -> None:
        self.rng, self.server, self.proxy, self.laptops = rng, server, proxy, laptops
        self.outside_grid = outside_grid
        self.counts = Counts()
        self.cutting = True
        cuts = random_cuts(rng, 60_000)
        proxy.cut = lambda: cuts() if self.cutting and rng.random() < 0.5 else (None, None)

    # --- the work --------------------------------------------------------------------------

    def work(self, laptop: ChaosLaptop) -> None:
        """One thing a person does; refused by a domain rule counts as not done."""
        actions: list[Callable[[ChaosLaptop], object]] = (
            [self.review, self.settle_conflicts, self.edit_guarded, self.edit_household]
            if laptop.session.role is Role.SUPERVISOR
            else [
                self.new_household,
                self.new_household,
                self.edit_household,
                self.visit,
                self.dispute_step,
                self.dispute_step,
                self.edit_guarded,
                self.activity,
                self.drop_resident,
            ]
        )
        action = self.rng.choice(actions)
        try:
            action(laptop)
        except TongxinError:
            return
        self.counts.saves[action.__name__] += 1

    def _grid(self, laptop: ChaosLaptop) -> str:
        return laptop.laptop.grid

    def _live(self, laptop: ChaosLaptop, model: type, ids: list[str]) -> list[str]:
        """Records of this laptop's village it holds now (the screens offer no others)."""
        rows = laptop.store.db.execute(
            f"SELECT id FROM {model.entity} WHERE deleted = 0 AND grid = ?", [self._grid(laptop)]
        ).fetchall()
        return [row[0] for row in rows] or ids

    def new_household(self, laptop: ChaosLaptop) -> None:
        n = self.rng.randrange(10_000)
        household = laptop.store.save(
            Household(
                grid=self._grid(laptop),
                author=laptop.session.username,
                address=f"巴彦嘎查{n}号",
                head_name=self.rng.choice(["其其格", "巴特尔", "乌力吉", "王芳", "ᠪᠠᠲᠤ"]),
                phone=self.rng.choice([None, "13947912345"]),
            )
        )
        laptop.households.append(str(household.id))
        for _ in range(self.rng.randrange(1, 3)):
            resident = laptop.store.save(
                Resident(
                    grid=household.grid,
                    author=laptop.session.username,
                    household_id=household.id,
                    name=self.rng.choice(["阿拉坦", "萨仁", "Bayar"]),
                    gender=self.rng.choice(list(Gender)),
                )
            )
            laptop.residents.append(str(resident.id))

    def _household(self, laptop: ChaosLaptop) -> Household | None:
        known = self._live(laptop, Household, laptop.households)
        if not known:
            return None
        return laptop.store.get(Household, self.rng.choice(known))

    def edit_household(self, laptop: ChaosLaptop) -> None:
        household = self._household(laptop)
        if household is None:
            return
        change = self.rng.choice(
            [
                {"phone": f"1394791{self.rng.randrange(10_000):04d}"},
                {"notes": f"第{self.rng.randrange(99)}次更新"},
            ]
        )
        laptop.store.save(household.model_copy(update=change))

    def visit(self, laptop: ChaosLaptop) -> None:
        household = self._household(laptop)
        if household is not None:
            record_visit(laptop.store, self._visit(laptop, household, "入户走访，了解生产生活情况"))

    def _visit(self, laptop: ChaosLaptop, household: Household, summary: str) -> Visit:
        return Visit(
            grid=household.grid,
            author=laptop.session.username,
            household_id=household.id,
            visitor=laptop.session.display_name,
            visited_at=datetime.now(UTC) - timedelta(minutes=self.rng.randrange(5, 600)),
            visit_type=VisitType.ROUTINE,
            summary=summary,
        )

    def dispute_step(self, laptop: ChaosLaptop) -> None:
        store, by = laptop.store, laptop.session.username
        open_ones = [
            row[0]
            for row in store.db.execute(
                "SELECT id FROM disputes WHERE deleted = 0 AND status NOT IN ('closed', 'withdrawn')"
            ).fetchall()
        ]
        if not open_ones or self.rng.random() < 0.25:
            self._new_dispute(laptop)
            return
        dispute = store.get(Dispute, self.rng.choice(open_ones))
        match dispute.status:
            case DisputeStatus.REGISTERED:
                disputes.accept(store, dispute.id, disputes.Acceptance(), by=by)
            case DisputeStatus.ACCEPTED:
                disputes.start_mediation(
                    store, dispute.id, disputes.MediationStart(mediator=laptop.session.display_name), by=by
                )
            case DisputeStatus.MEDIATING:
                disputes.resolve(
                    store,
                    dispute.id,
                    disputes.Resolution(outcome="双方达成一致", agreement="按原界线放牧"),
                    by=by,
                    zone=UTC,
                )
            case DisputeStatus.FOLLOW_UP:
                self._follow_up(laptop, dispute)

    def _new_dispute(self, laptop: ChaosLaptop) -> None:
        dispute = Dispute(
            grid=self._grid(laptop),
            author=laptop.session.username,
            title=self.rng.choice(["草场边界纠纷", "牲畜损害纠纷", "邻里纠纷"]),
            category=self.rng.choice([DisputeCategory.GRASSLAND, DisputeCategory.NEIGHBOUR]),
        )
        residents = self._live(laptop, Resident, laptop.residents)
        resident = laptop.store.get(Resident, self.rng.choice(residents)) if residents else None
        parties = [
            DisputeParty(
                grid=dispute.grid,
                author=dispute.author,
                dispute_id=dispute.id,
                role=PartyRole.APPLICANT,
                name=resident.name if resident else "巴图",
                resident_id=resident.id if resident else None,
            )
        ]
        disputes.register_dispute(laptop.store, dispute, parties)
        laptop.disputes.append(str(dispute.id))

    def _follow_up(self, laptop: ChaosLaptop, dispute: Dispute) -> None:
        pending = [f for f in disputes.follow_ups_of(laptop.store, dispute.id) if f.done_at is None]
        household = self._household(laptop)
        if pending and household is not None:
            visit = self._visit(laptop, household, "回访：协议履行情况良好")
            disputes.record_follow_up(laptop.store, pending[0].id, visit)
        elif not pending:
            disputes.close(laptop.store, dispute.id, disputes.Closing(), by=laptop.session.username)

    def edit_guarded(self, laptop: ChaosLaptop) -> None:
        """The outcome of a dispute, changed by several people who have not seen each other's."""
        known = self._live(laptop, Dispute, laptop.disputes)
        if known:
            dispute = laptop.store.get(Dispute, self.rng.choice(known))
            outcome = f"{laptop.session.display_name}记录的调解结果{self.rng.randrange(100)}"
            laptop.store.save(dispute.model_copy(update={"outcome": outcome}))

    def activity(self, laptop: ChaosLaptop) -> None:
        store, grid, author = laptop.store, self._grid(laptop), laptop.session.username
        if laptop.team is None:
            laptop.team = str(store.save(VolunteerTeam(grid=grid, author=author, name="红石榴志愿服务队")).id)
        if len(laptop.volunteers) < 3:
            volunteer = store.save(Volunteer(grid=grid, author=author, name="萨仁", team_id=laptop.team))
            laptop.volunteers.append(str(volunteer.id))
        photo = add_attachment(store, self.rng.randbytes(self.rng.randrange(2_000, 40_000)), name="现场.jpg")
        started = datetime.now(UTC) - timedelta(hours=self.rng.randrange(3, 48))
        activity = VolunteerActivity(
            grid=grid,
            author=author,
            title="草原防火宣讲",
            team_id=laptop.team,
            started_at=started,
            ended_at=started + timedelta(hours=2),
            attachments=[photo],
        )
        hours = Participation(
            grid=grid, author=author, activity_id=activity.id, volunteer_id=laptop.volunteers[-1], hours=2
        )
        record_activity(store, activity, [hours])

    def drop_resident(self, laptop: ChaosLaptop) -> None:
        known = self._live(laptop, Resident, laptop.residents)
        if known and self.rng.random() < 0.5:
            laptop.store.delete(Resident, self.rng.choice(known))

    def review(self, laptop: ChaosLaptop) -> None:
        waiting = reviews.queue(laptop.store, laptop.session, limit=20)
        if waiting:
            chosen = self.rng.choice(waiting)
            reviews.approve(laptop.store, laptop.session, chosen.entity, chosen.record_id)

    def settle_conflicts(self, laptop: ChaosLaptop) -> None:
        for conflict in conflicts.open_conflicts(laptop.store, laptop.session)[:3]:
            chosen = self.rng.choice([conflict.current, conflict.incoming])
            conflicts.settle(laptop.store, laptop.session, conflict, chosen.value)
            self.counts.settled += 1

    def disagree(self, first: ChaosLaptop, second: ChaosLaptop) -> None:
        """Two workers change the outcome of the same dispute without seeing each other's change."""
        self._new_dispute(first)
        while self.sync(first) is None or self.sync(second) is None:
            pass
        for laptop in (first, second):
            self.edit_guarded(laptop)

    def settle_everything(self, supervisor: ChaosLaptop) -> None:
        """The supervisor works through every open conflict."""
        self.converge()
        for conflict in conflicts.open_conflicts(supervisor.store, supervisor.session):
            conflicts.settle(supervisor.store, supervisor.session, conflict, conflict.incoming.value)
            self.counts.settled += 1

    def stray_record(self, laptop: ChaosLaptop) -> str:
        """A household saved in a village this laptop is not enrolled for: the server refuses it."""
        household = laptop.store.save(
            Household(
                grid=self.outside_grid, author=laptop.session.username, address="别村1号", head_name="巴图"
            )
        )
        self.counts.refused_on_purpose += 1
        return str(household.id)

    # --- the weather -------------------------------------------------------------------------

    def sync(self, laptop: ChaosLaptop) -> SyncReport | None:
        self.counts.attempts += 1
        with laptop.laptop.open_sync_store() as store:
            try:
                return SyncEngine(store, retry=QUICK_RETRY).sync()
            except SyncError:
                self.counts.failed += 1
                return None

    def killed_sync(self, laptop: ChaosLaptop) -> None:
        """A sync in its own process, killed at a random moment: a crash or a pulled plug."""
        self.counts.attempts += 1
        child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.sync.chaos_sync",
                str(laptop.laptop.path),
                laptop.laptop.key.hex(),
                str(laptop.laptop.shift_ms),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert child.stdout is not None and child.stdout.readline() == b"started\n"
        time.sleep(self.rng.uniform(0, 0.6))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            self.counts.killed_syncs += 1
        child.communicate(timeout=30)

    def restart_server(self, how: signal.Signals | None = None) -> None:
        how = how or self.rng.choice([signal.SIGKILL, signal.SIGTERM])
        self.server.stop(how)
        self.counts.kills += how is signal.SIGKILL
        self.counts.restarts += 1
        time.sleep(self.rng.uniform(0, 0.3))
        self.server.start()

    def shift_clocks(self) -> None:
        """The third worker's clock jumps to 2099 for a while, then someone fixes it."""
        wandering = self.laptops[2].laptop
        wandering.shift_ms = YEARS_TO_2099_MS if wandering.shift_ms == 0 else 0

    def step(self) -> None:
        """A few things people do, then what the weather does to one laptop's sync or the server."""
        for _ in range(self.rng.randrange(1, 6)):
            self.work(self.rng.choice(self.laptops))
        roll = self.rng.random()
        laptop = self.rng.choice(self.laptops)
        if roll < 0.72:
            self.sync(laptop)
        elif roll < 0.84:
            self.killed_sync(laptop)
        elif roll < 0.91:
            self.restart_server()
        else:
            self.shift_clocks()

    def converge(self) -> list[SyncReport]:
        """The link heals and everyone syncs until nothing moves."""
        self.cutting = False
        self.laptops[2].laptop.shift_ms = 0
        reports: list[SyncReport] = []
        for _round in range(8):
            reports = [report for laptop in self.laptops if (report := self.sync(laptop))]
            quiet = all(r.pushed == r.pulled == r.recovered == 0 for r in reports)
            if len(reports) == len(self.laptops) and quiet:
                return reports
        raise AssertionError(f"no quiet round after 8: {reports}")
