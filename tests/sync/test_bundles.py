"""Sync by USB stick (同步包) against a real server process: a village laptop that never reaches
the network converges with a networked laptop of its grid; bundles imported twice, in reverse
order, mixed with network syncs or with a reply lost change nothing twice and lose nothing."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest

from app.keyfile import key_path_for, load_key
from app.models import Dispute, DisputeCategory, DisputeStatus, Household, Role
from app.services import conflicts
from app.services.attachments import add_attachment, attachment_data, to_download, to_upload
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
from app.services.session import Session
from app.store import Store
from sync import bundles, seal
from tests.conftest import make_household, make_visit
from tests.harness.laptops import Laptop, LiveServer, state

Laptops = Callable[..., list[Laptop]]
# Nothing listens there: a village laptop that tried the network would fail loudly.
NO_LINK = "http://127.0.0.1:9"
NAMES = ("其其格", "乌云", "巴特尔", "额尔敦", "萨仁")


def _supervisor(laptop: Laptop) -> Session:
    return Session("supervisor1", "张伟", Role.SUPERVISOR, (laptop.grid,))


def _cut_off(laptop: Laptop) -> None:
    with laptop.ui.transaction():
        laptop.ui.set_meta("server_url", NO_LINK)


def _by_stick(live: LiveServer, laptop: Laptop, stick: Path) -> Path:
    """One weekly run: export on the laptop, `tongxin-server bundle import` at the township, the
    reply imported back. Returns the reply."""
    bundle = laptop.export_bundle(stick)
    done = live.import_bundle(bundle)
    assert done.returncode == 0, done.stderr
    reply = bundle.with_name(bundle.name.removesuffix(".tongxin") + "-reply.tongxin")
    report = laptop.import_reply(reply)
    assert report.refused == 0
    return reply


def _edit(store: Store, model: type, record_id: object, **values: object) -> None:
    store.save(store.get(model, record_id).model_copy(update=values))


def _changes_of(live: LiveServer, laptop: Laptop) -> int:
    return int(
        live.scalar("SELECT count(*) FROM changes WHERE device_id = :d", d=laptop.ui.meta("server_device_id"))
    )


def _dispute(laptop: Laptop, title: str, photo: bytes | None = None) -> Dispute:
    listed = [add_attachment(laptop.ui, photo, name="协议.jpg", media_type="image/jpeg")] if photo else []
    return register_dispute(
        laptop.ui,
        Dispute(
            grid=laptop.grid,
            author="worker101",
            title=title,
            category=DisputeCategory.GRASSLAND,
            attachments=listed,
        ),
    )


def test_a_village_laptop_synced_only_by_stick_for_three_weeks_converges_with_a_networked_one(
    laptops: Laptops, live: LiveServer, tmp_path: Path
) -> None:
    village, township = laptops(2)
    _cut_off(village)
    stick = tmp_path / "stick"
    stick.mkdir()
    # Week 1: each records households and a dispute with a photo of its agreement.
    first = village.ui.save(make_household(grid=village.grid, head_name="巴图"))
    village.ui.save(make_visit(first, summary="了解草场承包情况"))
    village_photo, township_photo = os.urandom(300_000), os.urandom(200_000)
    settled = _dispute(village, "草场边界纠纷", village_photo)
    accept(village.ui, settled.id, Acceptance(), by="worker101")
    start_mediation(village.ui, settled.id, MediationStart(mediator="巴特尔"), by="worker101")
    resolve(
        village.ui,
        settled.id,
        Resolution(outcome="双方同意", agreement="按原界线放牧"),
        by="worker101",
        zone=UTC,
    )
    second = township.ui.save(make_household(grid=township.grid, head_name="其其格"))
    disputed = _dispute(township, "饮水井使用纠纷", township_photo)
    accept(township.ui, disputed.id, Acceptance(), by="worker102")
    start_mediation(township.ui, disputed.id, MediationStart(mediator="乌云"), by="worker102")
    township.sync()
    _by_stick(live, village, stick)
    township.sync()
    assert village.ui.pending_changes() == 0 and to_upload(village.ui) == []
    assert attachment_data(village.ui, disputed.attachments[0]) == township_photo
    assert attachment_data(township.ui, settled.attachments[0]) == village_photo
    assert state(village.ui) == state(township.ui)

    # Week 2: the village records the agreed follow-up and edits the township's household; both
    # move the same dispute to different ends, a conflict on a guarded field.
    follow_up = follow_ups_of(village.ui, settled.id)[0]
    record_follow_up(village.ui, follow_up.id, make_visit(first, summary="回访：双方按协议放牧"))
    _edit(village.ui, Household, second.id, phone="13947900001")
    _edit(township.ui, Household, first.id, address="巴彦嘎查7组1号")
    _edit(village.ui, Dispute, disputed.id, status=DisputeStatus.RESOLVED)
    _edit(township.ui, Dispute, disputed.id, status=DisputeStatus.WITHDRAWN)
    township.sync()
    bundle = village.export_bundle(stick)
    assert live.import_bundle(bundle).returncode == 0
    report = village.import_reply(bundle.with_name(bundle.name.removesuffix(".tongxin") + "-reply.tongxin"))
    assert report.conflicts == 1
    township.sync()
    for laptop in (village, township):
        [conflict] = conflicts.open_conflicts(laptop.ui, _supervisor(laptop))
        assert {conflict.current.value, conflict.incoming.value} == {"resolved", "withdrawn"}

    # Week 3: the supervisor settles it on the township laptop; the village hears by stick.
    supervisor = _supervisor(township)
    township.ui.guard = supervisor.admit
    conflicts.settle(township.ui, supervisor, conflict, "resolved")
    township.ui.guard = None
    township.sync()
    village.ui.save(make_household(grid=village.grid, head_name="额尔敦"))
    _by_stick(live, village, stick)
    township.sync()
    assert conflicts.open_conflicts(village.ui, _supervisor(village)) == []
    assert village.ui.get(Dispute, disputed.id).status is DisputeStatus.RESOLVED
    assert village.ui.get(Household, first.id).address == "巴彦嘎查7组1号"
    assert township.ui.get(Household, second.id).phone == "13947900001"
    assert village.ui.pending_changes() == 0 and to_download(village.ui) == []
    assert state(village.ui) == state(township.ui)
    assert village.ui.meta("server_url") == NO_LINK


def test_a_bundle_imported_twice_changes_nothing_twice(
    laptops: Laptops, live: LiveServer, tmp_path: Path
) -> None:
    village, township = laptops(2)
    household = village.ui.save(make_household(grid=village.grid))
    village.ui.save(make_visit(household))
    bundle = village.export_bundle(tmp_path)
    assert live.import_bundle(bundle).returncode == 0
    written = _changes_of(live, village)
    reply = bundle.with_name(bundle.name.removesuffix(".tongxin") + "-reply.tongxin")
    first_reply = reply.read_bytes()
    again = live.import_bundle(bundle)
    assert again.returncode == 0, again.stderr
    assert _changes_of(live, village) == written == 2
    assert reply.read_bytes() != first_reply  # a fresh reply, sealed anew
    for _twice in range(2):
        village.import_reply(reply)
    township.sync()
    assert village.ui.pending_changes() == 0
    assert state(village.ui) == state(township.ui)


def test_two_bundles_imported_in_reverse_order_lose_nothing(
    laptops: Laptops, live: LiveServer, tmp_path: Path
) -> None:
    village, township = laptops(2)
    older_folder, newer_folder = tmp_path / "monday", tmp_path / "friday"
    older_folder.mkdir()
    newer_folder.mkdir()
    first = village.ui.save(make_household(grid=village.grid, head_name="巴图"))
    older = village.export_bundle(older_folder)
    village.ui.save(make_visit(first))
    _edit(village.ui, Household, first.id, phone="13947900002")
    newer = village.export_bundle(newer_folder)
    assert live.import_bundle(newer).returncode == 0
    refused = live.import_bundle(older)
    assert refused.returncode == 1 and "比已导入的同一台电脑的同步包旧" in refused.stderr
    village.import_reply(next(newer_folder.glob("*-reply.tongxin")))
    township.sync()
    assert village.ui.pending_changes() == 0
    assert township.ui.get(Household, first.id).phone == "13947900002"
    assert state(village.ui) == state(township.ui)
    assert _changes_of(live, village) == 3


def test_half_by_stick_and_half_by_network_sends_each_change_once(
    laptops: Laptops, live: LiveServer, tmp_path: Path
) -> None:
    laptop, other = laptops(2)
    household = laptop.ui.save(make_household(grid=laptop.grid))
    bundle = laptop.export_bundle(tmp_path)
    laptop.sync()  # the link came back before the stick reached the township
    assert live.import_bundle(bundle).returncode == 0
    assert _changes_of(live, laptop) == 1
    batches = "SELECT count(*) FROM batches WHERE device_id = :d"
    assert live.scalar(batches, d=laptop.ui.meta("server_device_id")) == 1, (
        "the push used the bundle's batch id"
    )
    laptop.ui.save(make_visit(household))
    second = laptop.export_bundle(tmp_path)
    assert live.import_bundle(second).returncode == 0
    laptop.sync()  # before the reply comes back: the server's answers are taken, nothing sent again
    assert _changes_of(live, laptop) == 2 and laptop.ui.pending_changes() == 0
    for made in (bundle, second):
        laptop.import_reply(made.with_name(made.name.removesuffix(".tongxin") + "-reply.tongxin"))
    _edit(laptop.ui, Household, household.id, phone="13947900003")
    other.sync()
    _edit(other.ui, Household, household.id, address="巴彦嘎查2组8号")
    other.sync()
    _by_stick(live, laptop, tmp_path)
    laptop.sync()
    other.sync()
    assert _changes_of(live, laptop) == 3
    assert state(laptop.ui) == state(other.ui)
    assert laptop.ui.get(Household, household.id).address == "巴彦嘎查2组8号"


def test_a_lost_reply_is_caught_up_by_the_next(laptops: Laptops, live: LiveServer, tmp_path: Path) -> None:
    village, township = laptops(2)
    _cut_off(village)
    household = village.ui.save(make_household(grid=village.grid))
    lost = village.export_bundle(tmp_path)
    assert live.import_bundle(lost).returncode == 0
    lost.with_name(
        lost.name.removesuffix(".tongxin") + "-reply.tongxin"
    ).unlink()  # the stick went through the wash
    township.ui.save(make_household(grid=township.grid, head_name="其其格"))
    township.sync()
    village.ui.save(make_visit(household))
    _by_stick(live, village, tmp_path)
    township.sync()
    assert village.ui.pending_changes() == 0
    assert _changes_of(live, village) == 2
    assert state(village.ui) == state(township.ui)


def test_a_township_laptop_online_forwards_the_village_bundle_and_brings_its_reply(
    laptops: Laptops, live: LiveServer, tmp_path: Path
) -> None:
    village, township = laptops(2)
    _cut_off(village)
    household = village.ui.save(make_household(grid=village.grid, head_name="巴图"))
    village.ui.save(make_visit(household))
    township.ui.save(make_household(grid=township.grid, head_name="其其格"))
    township.sync()
    bundle = village.export_bundle(tmp_path)
    (tmp_path / "tongxin-00000000-00001.tongxin").write_bytes(b"TXSB1\n not a bundle at all")
    with township.open_sync_store() as store:
        taken = bundles.take_from_stick(store, tmp_path)
    assert taken.forwarded == [bundle.with_name(bundle.name.removesuffix(".tongxin") + "-reply.tongxin")]
    assert [problem.code for problem in taken.problems] == ["bundle_damaged"]
    assert taken.report is None, "no reply of the township laptop's own on this stick"
    with village.open_sync_store() as store:
        result = bundles.take_from_stick(store, tmp_path)
    assert result.forwarded == [] and result.report is not None and result.report.recovered == 2
    assert [problem.code for problem in result.problems] == ["unreachable"], "the junk stays for the township"
    township.sync()
    assert village.ui.pending_changes() == 0
    assert state(village.ui) == state(township.ui)


def test_it_runs_the_week_by_stick_from_the_command_line(live: LiveServer, tmp_path: Path) -> None:
    """`tongxin-admin bundle export`, `tongxin-server bundle import`, `tongxin-admin bundle import`."""
    grid, _codes = live.new_grid(0)
    db = str(tmp_path / "laptop.db")

    def admin(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cli.admin", "--db", db, *args],
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert admin("sync", "--server", live.base, "--enroll", live.code_for([grid])).returncode == 0
    with Store.open(db, load_key(key_path_for(Path(db)))) as store:
        store.save(make_household(grid=grid, head_name="巴图"))
    stick = tmp_path / "stick"
    stick.mkdir()
    exported = admin("bundle", "export", str(stick))
    assert exported.returncode == 0, exported.stderr
    [bundle] = stick.iterdir()
    assert live.import_bundle(bundle, own_process=True).returncode == 0
    imported = admin(
        "bundle", "import", str(bundle.with_name(bundle.name.removesuffix(".tongxin") + "-reply.tongxin"))
    )
    assert imported.returncode == 0, imported.stderr
    assert "已导入回复包" in imported.stdout
    with Store.open(db, load_key(key_path_for(Path(db)))) as store:
        assert store.pending_changes() == 0
    damaged = stick / "damaged.tongxin"
    damaged.write_bytes(bundle.read_bytes()[:-1])
    refused = live.import_bundle(damaged)
    assert refused.returncode == 1 and "不完整" in refused.stderr


def test_a_village_given_another_grid_while_offline_receives_all_of_it_by_stick(
    laptops: Laptops, live: LiveServer, tmp_path: Path
) -> None:
    [village] = laptops(1)
    [neighbour] = laptops(1)
    _cut_off(village)
    older = neighbour.ui.save(make_household(grid=neighbour.grid, head_name="其其格"))
    neighbour.sync()
    _by_stick(live, village, tmp_path)  # the cursor moves past the neighbour's household
    live.set_device_grids(village.ui, [village.grid, neighbour.grid])
    _by_stick(live, village, tmp_path)
    assert village.ui.get(Household, older.id).head_name == "其其格"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_stick_and_network_in_any_order_lose_nothing_and_write_nothing_twice(
    laptops: Laptops, live: LiveServer, tmp_path: Path, seed: int
) -> None:
    """Random weeks: edits, bundles exported and imported late, twice, out of order or never;
    replies imported late, twice, out of order or lost; the odd network sync in between."""
    rng = random.Random(seed)
    laptop, other = laptops(2)
    households = [laptop.ui.save(make_household(grid=laptop.grid, head_name="巴图"))]
    exported: list[Path] = []
    replies: list[Path] = []
    for step in range(14):
        move = rng.choice(["edit", "edit", "export", "import", "import", "reply", "network"])
        if move == "edit":
            if rng.random() < 0.4:
                households.append(
                    laptop.ui.save(make_household(grid=laptop.grid, head_name=rng.choice(NAMES)))
                )
            else:
                _edit(laptop.ui, Household, rng.choice(households).id, phone=f"1394790{step:04d}")
        elif move == "export":
            folder = tmp_path / f"stick{step}"
            folder.mkdir()
            exported.append(laptop.export_bundle(folder))
        elif move == "import" and exported:
            bundle = rng.choice(exported)
            done = live.import_bundle(bundle)
            assert done.returncode == 0 or "比已导入的同一台电脑的同步包旧" in done.stderr, done.stderr
            reply = bundle.with_name(bundle.name.removesuffix(".tongxin") + "-reply.tongxin")
            if done.returncode == 0 and rng.random() < 0.8:  # else: the reply is lost
                replies.append(reply)
        elif move == "reply" and replies:
            try:
                laptop.import_reply(rng.choice(replies))
            except seal.BundleRefused as refused:
                assert refused.code == "bundle_replayed"
        elif move == "network":
            laptop.sync()
    _by_stick(live, laptop, tmp_path)
    other.sync()
    assert laptop.ui.pending_changes() == 0
    assert state(laptop.ui) == state(other.ui)
    duplicates = live.scalar(
        "SELECT count(*) FROM (SELECT entity, record_id, field, hlc FROM changes WHERE device_id = :d"
        " GROUP BY entity, record_id, field, hlc HAVING count(*) > 1) AS twice",
        d=laptop.ui.meta("server_device_id"),
    )
    assert duplicates == 0
    assert _changes_of(live, laptop) == laptop.ui.db.execute("SELECT count(*) FROM change_log").fetchone()[0]
