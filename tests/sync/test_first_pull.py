"""A new laptop's first pull takes its grid's records as they stand, not their history; a cut
link costs it a page, not the pages before; and what changes while it runs still arrives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.models import Household
from app.store import Store
from sync import pages
from sync.engine import Transport
from sync.errors import SyncError, unreachable
from sync.replica import SNAPSHOT_POSITION
from tests.conftest import make_household, make_resident, make_visit
from tests.harness.laptops import Laptop, LiveServer, state

Requests = list[tuple[str, dict[str, Any], int]]


def _watch(monkeypatch: pytest.MonkeyPatch, *, cut_after_snapshot_pages: int | None = None) -> Requests:
    """Every GET the laptops send, with its parameters; the link drops once, after that many
    snapshot pages have come back."""
    sent: Requests = []
    fetch = Transport.fetch
    answered = 0

    def watched(self: Transport, path: str, model: type, params: dict[str, Any] | None = None) -> Any:
        nonlocal answered
        if path == "/v1/snapshot" and answered == cut_after_snapshot_pages:
            answered += 1
            raise unreachable(OSError("cut by the test"))
        answered += path == "/v1/snapshot"
        answer = fetch(self, path, model, params)
        sent.append((path, dict(params or {}), len(getattr(answer, "changes", []))))
        return answer

    monkeypatch.setattr(Transport, "fetch", watched)
    return sent


def _write_history(laptop: Laptop, households: int) -> list[Household]:
    """Households with residents and visits, and each household's phone changed three times."""
    store, made = laptop.ui, []
    for n in range(households):
        household = store.save(make_household(grid=laptop.grid, address=f"巴彦嘎查{n}号"))
        store.save(make_resident(household))
        store.save(make_visit(household))
        made.append(household)
    for round_ in range(3):
        for n, household in enumerate(made):
            store.save(Household.model_validate({**household.model_dump(), "phone": f"13{round_}{n:08d}"}))
    return made


def _small_pages(laptop: Laptop) -> None:
    with laptop.open_sync_store() as store, store.transaction():
        store.set_meta("pull_page_size", "50")


def test_a_new_laptop_takes_the_records_as_they_stand(
    laptops: Callable[..., list[Laptop]], monkeypatch: pytest.MonkeyPatch
) -> None:
    worker, newcomer = laptops(2)
    _write_history(worker, 40)
    worker.sync()
    sent = _watch(monkeypatch)
    newcomer.sync()
    assert state(newcomer.ui) == state(worker.ui)
    pulls = [params for path, params, _ in sent if path == "/v1/pull"]
    assert all(params["cursor"] > 0 for params in pulls), "the history is not replayed from the start"
    served = sum(count for path, _, count in sent if path == "/v1/snapshot")
    # 120 records and each household's phone once (its current value), not the 240 changes written.
    history = worker.ui.db.execute("SELECT count(*) FROM change_log").fetchone()[0]
    assert 160 <= served < history
    with newcomer.open_sync_store() as store:
        assert not store.meta(SNAPSHOT_POSITION)


def test_a_cut_first_pull_goes_on_from_its_last_page(
    laptops: Callable[..., list[Laptop]], monkeypatch: pytest.MonkeyPatch
) -> None:
    worker, newcomer = laptops(2)
    households = _write_history(worker, 120)
    worker.sync()
    _small_pages(newcomer)
    sent = _watch(monkeypatch, cut_after_snapshot_pages=3)
    with pytest.raises(SyncError):
        newcomer.sync()
    with newcomer.open_sync_store() as store:
        kept = store.meta(SNAPSHOT_POSITION)
        assert kept, "where it got to is kept"
        partial = store.count_all_records()
    assert 0 < partial < worker.ui.count_all_records()
    # While the newcomer is offline, the worker edits records it already has and adds more.
    worker.ui.save(households[0].model_copy(update={"address": "巴彦嘎查搬迁后1号"}))
    late = worker.ui.save(make_household(grid=worker.grid, address="巴彦嘎查新户1号"))
    worker.ui.save(make_resident(late, name="其其格"))
    worker.sync()
    sent.clear()
    newcomer.sync()
    first_snapshot = next(params for path, params, _ in sent if path == "/v1/snapshot")
    assert first_snapshot["after"] and first_snapshot["high"] > 0, "it goes on, it does not start over"
    assert state(newcomer.ui) == state(worker.ui)


def test_what_changes_during_a_first_pull_still_arrives(
    laptops: Callable[..., list[Laptop]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between two pages another laptop edits a record already sent and one not yet sent, and
    deletes one: the pull from the snapshot's high seq brings each."""
    worker, newcomer = laptops(2)
    households = _write_history(worker, 80)
    worker.sync()
    _small_pages(newcomer)
    apply_page = pages.apply_page
    edited = False

    def edit_after_first_page(store: Store, *args: Any, **kwargs: Any) -> int:
        nonlocal edited
        applied = apply_page(store, *args, **kwargs)
        if not edited:
            edited = True
            for household in (households[0], households[-1]):
                worker.ui.save(household.model_copy(update={"head_name": "乌云其木格"}))
            worker.ui.delete(Household, households[40].id)
            worker.sync()
        return applied

    monkeypatch.setattr(pages, "apply_page", edit_after_first_page)
    newcomer.sync()
    assert edited
    assert state(newcomer.ui) == state(worker.ui)


def test_a_first_pull_cut_then_rescoped_starts_over(
    live: LiveServer, laptops: Callable[..., list[Laptop]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """IT gives the laptop other grids while its first pull is half done: where it had got to
    was for the old grids, so it starts over and ends with every record of the new ones."""
    worker, newcomer = laptops(2)
    _write_history(worker, 60)
    worker.sync()
    (other,) = laptops(1)
    _write_history(other, 30)
    other.sync()
    _small_pages(newcomer)
    _watch(monkeypatch, cut_after_snapshot_pages=2)
    with pytest.raises(SyncError):
        newcomer.sync()
    live.set_device_grids(newcomer.ui, [newcomer.grid, other.grid])
    sent = _watch(monkeypatch)
    newcomer.sync()
    first_snapshot = next(params for path, params, _ in sent if path == "/v1/snapshot")
    assert first_snapshot["after"] == "" and first_snapshot["high"] == 0
    theirs = {entity: rows for entity, rows in state(newcomer.ui).items() if entity != "grids"}
    both = {
        entity: sorted(state(worker.ui)[entity] + state(other.ui)[entity], key=lambda row: str(row["id"]))
        for entity in theirs
    }
    assert theirs == both


def test_a_laptop_that_wrote_before_its_first_pull_gets_no_echo(
    laptops: Callable[..., list[Laptop]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its first sync pushes its records, then pulls: the history leaves its own changes out, where
    a snapshot would send every one of them back."""
    (worker,) = laptops(1)
    _write_history(worker, 20)
    sent = _watch(monkeypatch)
    apply_page = pages.apply_page
    pulled: list[str] = []

    def watched(store: Store, changes: list[Any], *args: Any, **kwargs: Any) -> int:
        pulled.extend(change.entity for change in changes)
        return apply_page(store, changes, *args, **kwargs)

    monkeypatch.setattr(pages, "apply_page", watched)
    report = worker.sync()
    assert report.pushed > 0
    assert not [path for path, _, _ in sent if path == "/v1/snapshot"]
    assert set(pulled) <= {"grids"}, "only the grid records it did not have, none of its own"
