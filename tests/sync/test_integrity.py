"""The promise on the app's real paths: no laptop stalls, diverges or silently loses a change.

Each test drives laptops as the app does (a long-lived store for the screens, a second store per
sync) against a real server process, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from app.clock import Stamp, wall_clock_ms
from app.errors import OutsideThisLaptop
from app.models import Dispute, DisputeCategory, DisputeStatus, FollowUp, Household, Visit
from app.services.disputes import (
    Acceptance,
    MediationStart,
    Resolution,
    accept,
    follow_ups_of,
    record_follow_up,
    register_dispute,
    resolve,
    start_mediation,
)
from app.store import Store
from sync import refusals
from sync.pace import Pace
from tests.conftest import make_household, make_visit
from tests.harness.laptops import DAY_MS, MINUTE_MS, Laptop, LiveServer, state

Laptops = Callable[..., list[Laptop]]


def _dispute(laptop: Laptop) -> Dispute:
    return register_dispute(
        laptop.ui,
        Dispute(
            grid=laptop.grid, author="worker101", title="草场边界纠纷", category=DisputeCategory.GRASSLAND
        ),
    )


def _resolved_dispute(laptop: Laptop) -> Dispute:
    dispute = _dispute(laptop)
    accept(laptop.ui, dispute.id, Acceptance(), by="worker101")
    start_mediation(laptop.ui, dispute.id, MediationStart(mediator="巴特尔"), by="worker101")
    return resolve(
        laptop.ui,
        dispute.id,
        Resolution(outcome="双方同意", agreement="按原界线放牧"),
        by="worker101",
        zone=UTC,
    )


def _edit(store: Store, household: Household, **values: object) -> None:
    record = store.get(Household, household.id)
    store.save(record.model_copy(update=values))


def _converged(*laptops: Laptop) -> None:
    for _round in range(2):
        for laptop in laptops:
            report = laptop.sync()
            assert report.refused == 0
    first = state(laptops[0].ui)
    for laptop in laptops[1:]:
        assert state(laptop.ui) == first
    for laptop in laptops:
        assert laptop.ui.db.execute("SELECT count(*) FROM sync_inbox").fetchone()[0] == 0


def test_a_follow_up_visit_never_stalls_another_laptops_pull(laptops: Laptops) -> None:
    """Failed before: the follow-up's visit_id was set while its new visit waited in the inbox,
    the page hit FOREIGN KEY constraint failed, and the other laptop never pulled again."""
    a, b = laptops(2)
    household = a.ui.save(make_household(grid=a.grid))
    dispute = _resolved_dispute(a)
    a.sync()
    b.sync()
    follow_up = follow_ups_of(a.ui, dispute.id)[0]
    record_follow_up(a.ui, follow_up.id, make_visit(household, summary="回访：双方按协议放牧"))
    a.sync()
    b.sync()
    later = a.ui.save(make_household(grid=a.grid, head_name="其其格"))
    a.sync()
    b.sync()
    on_b = b.ui.get(FollowUp, follow_up.id)
    assert on_b.visit_id is not None and b.ui.get(Visit, on_b.visit_id).dispute_id == dispute.id
    assert b.ui.get(Household, later.id).head_name == "其其格"
    _converged(a, b)


def test_a_laptop_adopts_the_value_that_beat_its_own(laptops: Laptops) -> None:
    """Failed before: A skipped B's pulled phone (A had an unsent edit), A's push was answered
    superseded, and A kept its own value for ever while the server and B held B's."""
    a, b = laptops(2, 0, 4 * MINUTE_MS)
    household = a.ui.save(make_household(grid=a.grid))
    a.sync()
    b.sync()
    _edit(b.ui, household, phone="13900000002")
    b.sync()
    _edit(a.ui, household, phone="13900000001")
    a.pull_only()
    report = a.sync()
    assert report.superseded == 1
    assert a.ui.get(Household, household.id).phone == "13900000002"
    _converged(a, b)
    assert a.ui.pending_changes() == 0


def test_an_edit_made_after_seeing_a_value_wins_over_it_whichever_store_saw_it(laptops: Laptops) -> None:
    """Failed before: the sync's store observed B's stamp, the screens' store kept its own clock,
    and A's later edit was stamped older than what A had already seen: it lost without a trace."""
    a, b = laptops(2, 0, 4 * MINUTE_MS)
    household = a.ui.save(make_household(grid=a.grid))
    dispute = _dispute(a)
    a.sync()
    b.sync()
    _edit(b.ui, household, phone="13900000002")
    accept(b.ui, dispute.id, Acceptance(), by="worker102")
    b.sync()
    a.sync()
    assert a.ui.get(Household, household.id).phone == "13900000002"
    _edit(a.ui, household, phone="13900000001")
    start_mediation(a.ui, dispute.id, MediationStart(mediator="巴特尔"), by="worker101")
    report = a.sync()
    assert report.superseded == 0 and report.conflicts == 0
    _converged(a, b)
    assert b.ui.get(Household, household.id).phone == "13900000001"
    assert b.ui.get(Dispute, dispute.id).status is DisputeStatus.MEDIATING


def _years_ahead(years: int) -> int:
    return int(years * 365.25 * DAY_MS)


def test_a_clock_days_ahead_makes_no_conflict_with_itself_and_comes_back_when_fixed(laptops: Laptops) -> None:
    """Failed before: after the server re-stamped its changes, the laptop's next guarded edit
    carried a base the server had never seen (a conflict with itself), and once its clock was
    fixed it went on stamping days ahead."""
    for shift in (3 * DAY_MS, _years_ahead(73)):
        ahead, other = laptops(2, shift, 0)
        dispute = _dispute(ahead)
        accept(ahead.ui, dispute.id, Acceptance(), by="worker101")
        start_mediation(ahead.ui, dispute.id, MediationStart(mediator="巴特尔"), by="worker101")
        report = ahead.sync()
        assert report.conflicts == 0
        moved = ahead.ui.get(Dispute, dispute.id)
        ahead.ui.save(moved.model_copy(update={"outcome": "第一次调解"}))
        ahead.sync()
        ahead.shift_ms = 0
        ahead.sync()
        ahead.ui.save(ahead.ui.get(Dispute, dispute.id).model_copy(update={"outcome": "第二次调解"}))
        stamp = Stamp.parse(ahead.ui.db.execute("SELECT hlc FROM change_log ORDER BY seq DESC").fetchone()[0])
        assert stamp.wall_ms < wall_clock_ms() + 5 * MINUTE_MS, "back on its wall clock once fixed"
        ahead.sync()
        other.sync()
        other.ui.save(other.ui.get(Dispute, dispute.id).model_copy(update={"outcome": "第三次调解"}))
        other.sync()
        _converged(ahead, other)
        assert other.ui.get(Dispute, dispute.id).outcome == "第三次调解", "a later edit elsewhere wins"
        for laptop in (ahead, other):
            assert laptop.ui.db.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 0


def test_a_batch_read_while_the_last_was_in_flight_names_the_versions_the_server_re_stamped(
    laptops: Laptops, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next batch is read from the log while the server works on the last. When that answer
    re-stamps records (a clock days ahead), the edits made on them in the batch read ahead name
    the old versions: sent so, the server would take each for an edit made without seeing the
    value (a conflict with itself)."""
    monkeypatch.setattr(Pace, "succeeded", lambda _pace, _seconds: None)  # ten at a time throughout
    ahead, other = laptops(2, 3 * DAY_MS, 0)
    with ahead.ui.transaction():
        ahead.ui.set_meta("push_batch_size", "10")
    outcomes = {}
    for number in range(30):
        dispute = _dispute(ahead)
        outcomes[dispute.id] = f"第{number}次调解"
        ahead.ui.save(ahead.ui.get(Dispute, dispute.id).model_copy(update={"outcome": outcomes[dispute.id]}))
    report = ahead.sync()
    assert report.conflicts == 0 and report.refused == 0
    _converged(ahead, other)
    for laptop in (ahead, other):
        assert laptop.ui.db.execute("SELECT count(*) FROM conflicts").fetchone()[0] == 0
        assert {d: laptop.ui.get(Dispute, d).outcome for d in outcomes} == outcomes


def test_refused_changes_are_counted_kept_and_fixable(live: LiveServer, tmp_path) -> None:
    """Failed before: refusals were stored in a table nothing read, and the sync said success.

    A laptop of two villages records a household in the second; before it syncs, IT narrows it to
    the first. The server refuses the household; the laptop lists it until a person discards it,
    and from then on refuses such a save itself, naming the village."""
    first, _ = live.new_grid(0)
    second, _ = live.new_grid(0, name="查干嘎查")
    a = Laptop("two-villages", tmp_path / "two.db", first)
    a.enroll(live.base, live.code_for([first, second]))
    a.sync()
    stranger = a.ui.save(make_household(grid=second, head_name="巴图"))
    live.set_device_grids(a.ui, [first])
    report = a.sync()
    assert report.refused > 0 and report.refusals_open == report.refused
    listed = refusals.listed(a.ui)
    assert [item.record_id for item in listed] == [str(stranger.id)]
    assert "巴图" in listed[0].record_title and "查干嘎查" in listed[0].reason_zh
    assert refusals.count(a.ui) == report.refused
    assert a.sync().refusals_open == report.refused, "still there, sync after sync"
    refusals.discard(a.ui, listed[0].record_id)
    assert refusals.count(a.ui) == 0
    assert a.sync().refused == 0
    with pytest.raises(OutsideThisLaptop) as refused_here:
        a.ui.save(make_household(grid=second, head_name="巴图"))
    assert "查干嘎查" in refused_here.value.zh
    a.close()


def test_a_laptop_restored_from_a_backup_gets_its_own_later_changes_back_and_sends_nothing_twice(
    laptops: Laptops, live: LiveServer, tmp_path
) -> None:
    """Failed before: the pull left out the laptop's own changes, so those made after the backup
    never came back; and its unsent tail at backup time was pushed a second time."""
    a, b = laptops(2)
    kept = a.ui.save(make_household(grid=a.grid, head_name="其其格"))
    a.sync()
    unsent_at_backup = a.ui.save(make_household(grid=a.grid, head_name="乌力吉"))
    backup = tmp_path / "backup.db"
    a.ui.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(a.path, backup)
    after_backup = a.ui.save(make_household(grid=a.grid, head_name="巴特尔"))
    _edit(a.ui, kept, phone="13900000001")
    a.sync()
    a.close()
    shutil.copy(backup, a.path)
    for suffix in ("-wal", "-shm"):
        a.path.with_name(a.path.name + suffix).unlink(missing_ok=True)
    restored = Laptop(a.name, a.path, a.grid, a.key)
    made_after_restore = restored.ui.save(make_household(grid=a.grid, head_name="阿拉坦"))
    report = restored.sync()
    assert report.pushed == 1, "only the record made after the restore"
    assert restored.ui.get(Household, after_backup.id).head_name == "巴特尔"
    assert restored.ui.get(Household, kept.id).phone == "13900000001"
    assert restored.ui.get(Household, unsent_at_backup.id).head_name == "乌力吉"
    for record in (kept, unsent_at_backup, after_backup, made_after_restore):
        twice = live.scalar(
            "SELECT count(*) FROM changes WHERE record_id = :r"
            " GROUP BY field, hlc ORDER BY count(*) DESC LIMIT 1",
            r=str(record.id),
        )
        assert twice == 1, "no change reached the server twice"
    _converged(restored, b)
    restored.close()


def test_visits_of_a_follow_up_keep_their_place_among_pages(laptops: Laptops) -> None:
    """The same story with many follow-ups on the page boundary: nothing waits for ever."""
    a, b = laptops(2)
    household = a.ui.save(make_household(grid=a.grid))
    disputes = [_resolved_dispute(a) for _ in range(3)]
    a.sync()
    b.sync()
    visited = datetime.now(UTC) - timedelta(minutes=5)
    for dispute in disputes:
        for follow_up in follow_ups_of(a.ui, dispute.id):
            record_follow_up(a.ui, follow_up.id, make_visit(household, visited_at=visited, summary="回访"))
    a.sync()
    with b.open_sync_store() as store, store.transaction():
        store.set_meta("pull_page_size", "50")  # the smallest page: follow-ups and visits split
    b.sync()
    _converged(a, b)
