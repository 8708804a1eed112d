"""Finished records leave the laptop, the server keeps them unchanged, and a worker brings one
back by searching the server."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.keyfile import key_path_for
from app.models import (
    Dispute,
    DisputeCategory,
    DisputeParty,
    DisputeStatus,
    PartyRole,
    ReviewState,
    Visit,
)
from app.services.archiving import archive_now, set_archive_age, storage_figures
from app.store.archive import estimate
from cli.admin import main as admin_main
from sync import archive as server_archive
from sync import waiting
from sync.engine import SyncEngine
from tests.conftest import make_household, make_visit
from tests.harness.laptops import Laptop, LiveServer, state

Laptops = Callable[..., list[Laptop]]
TODAY = datetime.now(UTC)
LATER = TODAY + timedelta(days=800)  # the day archiving runs: two years and more after the work
PHOTO = b"\xff\xd8 agreement photo \xff\xd9"
SHA = hashlib.sha256(PHOTO).hexdigest()


def _server_rows(live: LiveServer) -> tuple[object, object, object]:
    return (
        live.scalar("SELECT count(*) FROM changes"),
        live.scalar("SELECT count(*) FROM field_state"),
        live.scalar("SELECT max(seq) FROM changes"),
    )


def test_finished_records_leave_the_laptop_and_one_comes_back_from_the_server(
    laptops: Laptops, live: LiveServer, tmp_path: Path
) -> None:
    a, b = laptops(2)
    household = a.ui.save(make_household(grid=a.grid, head_name="其其格"))
    approved = ReviewState.APPROVED
    old_visits = [
        a.ui.save(make_visit(household, visited_at=TODAY - timedelta(days=n), review_state=approved))
        for n in (30, 31, 32)
    ]
    unreviewed = a.ui.save(make_visit(household, visited_at=TODAY - timedelta(days=33), summary="还未审核"))
    dispute = a.ui.save(
        Dispute(
            grid=a.grid,
            author="worker101",
            title="草场边界纠纷",
            category=DisputeCategory.GRASSLAND,
            status=DisputeStatus.CLOSED,
            review_state=approved,
            attachments=[SHA],
        )
    )
    a.ui.db.execute(
        "INSERT INTO attachment_files (sha256, size, received, data, uploaded, created_at)"
        " VALUES (?, ?, ?, ?, 0, ?)",
        [SHA, len(PHOTO), len(PHOTO), PHOTO, TODAY.isoformat()],
    )
    party = a.ui.save(
        DisputeParty(
            grid=a.grid, author="worker101", dispute_id=dispute.id, role=PartyRole.APPLICANT, name="巴特尔"
        )
    )
    a.sync()
    before_server = _server_rows(live)
    before = state(a.ui)

    set_archive_age(a.ui, 365)
    figures = storage_figures(a.ui, a.path, now=LATER)
    assert figures.archivable_records == 5  # three visits, the dispute and its party
    assert figures.would_free > 0
    done = archive_now(a.ui, a.path, now=LATER)

    assert (done.groups, done.records, done.files) == (4, 5, 1)
    assert a.ui.count(Visit) == 1 and a.ui.get(Visit, unreviewed.id).summary == "还未审核"
    assert a.ui.db.execute("SELECT count(*) FROM disputes").fetchone()[0] == 0
    assert a.ui.db.execute("SELECT count(*) FROM attachment_files").fetchone()[0] == 0
    assert not a.ui.search("草场").hits
    assert _server_rows(live) == before_server
    assert a.sync().pushed == 0
    assert _server_rows(live) == before_server
    assert estimate(a.ui.db, "9999").records == 0

    # Another laptop edits an archived visit: here the change waits, saying why, until it comes back.
    b.sync()
    edited = b.ui.get(Visit, old_visits[0].id).model_copy(update={"summary": "补记：血压偏高，已转诊"})
    b.ui.save(edited)
    b.sync()
    a.sync()
    (waiting_here,) = waiting.parked(a.ui)
    assert waiting_here.reason.code == "archived" and "归档" in waiting_here.reason.zh

    with a.open_sync_store() as store:
        engine = SyncEngine(store)
        hits = server_archive.search(engine, "草场")
        assert [(h.entity, h.title) for h in hits] == [("disputes", "草场边界纠纷")]
        assert server_archive.bring_back(engine, "disputes", str(dispute.id)) == 2
        assert server_archive.bring_back(engine, "visits", str(old_visits[0].id)) == 1
    assert a.ui.get(Dispute, dispute.id).title == "草场边界纠纷"
    assert str(a.ui.get(DisputeParty, party.id).dispute_id) == str(dispute.id)
    assert [hit.record_id for hit in a.ui.search("草场").hits] == [str(dispute.id)]
    back = state(a.ui)
    assert back["disputes"] == before["disputes"] and back["dispute_parties"] == before["dispute_parties"]
    assert a.ui.get(Visit, old_visits[0].id).summary == "补记：血压偏高，已转诊"
    assert waiting.parked(a.ui) == []
    assert a.sync().pushed == 0
    assert b.sync().refused == 0 and b.ui.count(Visit) == 4
    assert state(a.ui)["visits"] == [
        v for v in state(b.ui)["visits"] if v["id"] in {r["id"] for r in state(a.ui)["visits"]}
    ]


def test_a_worker_on_another_grid_cannot_bring_back_what_is_not_theirs(
    laptops: Laptops, live: LiveServer
) -> None:
    (a,) = laptops(1)
    (other,) = laptops(1)
    dispute = a.ui.save(
        Dispute(grid=a.grid, author="worker101", title="草场边界纠纷", category=DisputeCategory.GRASSLAND)
    )
    a.sync()
    with other.open_sync_store() as store:
        engine = SyncEngine(store)
        assert server_archive.search(engine, "草场") == []
        assert server_archive.bring_back(engine, "disputes", str(dispute.id)) == 0
    assert other.ui.db.execute("SELECT count(*) FROM disputes").fetchone()[0] == 0


def test_it_finds_and_brings_back_an_archived_record_from_the_command_line(
    laptops: Laptops, capsys: pytest.CaptureFixture[str]
) -> None:
    (a,) = laptops(1)
    visit = a.ui.save(
        make_visit(
            a.ui.save(make_household(grid=a.grid)),
            visited_at=TODAY - timedelta(days=40),
            review_state=ReviewState.APPROVED,
            summary="为独居老人测量血压",
        )
    )
    a.sync()
    assert archive_now(a.ui, a.path, now=LATER).records == 1
    a.close()
    key_path_for(a.path).write_text(a.key.hex(), encoding="ascii")  # how tongxin-admin opens it
    assert admin_main(["--db", str(a.path), "archived", "search", "血压"]) == 0
    assert str(visit.id) in capsys.readouterr().out
    assert admin_main(["--db", str(a.path), "archived", "bring-back", "visits", str(visit.id)]) == 0
    assert "已取回 1 条记录" in capsys.readouterr().out
    with a.open_sync_store() as store:
        assert store.get(Visit, visit.id).summary == "为独居老人测量血压"
