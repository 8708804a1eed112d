"""A sync bundle is refused whole, with its message in Chinese, when it comes from a revoked
laptop or for another server, has one byte changed anywhere, was cut short, or is older than one
already imported; and nothing from it is applied. The same holds for a reply on the laptop."""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from app.models import Dispute, DisputeCategory
from app.services.attachments import add_attachment
from server import bundles, devices
from server.clock import ServerClock
from server.db import create_db_engine
from sync import replica, seal
from tests.conftest import make_household, make_visit
from tests.harness.laptops import Laptop, LiveServer

Laptops = Callable[..., list[Laptop]]
FLIPS = 120
CUTS = 60


@pytest.fixture
def engine(live: LiveServer) -> Iterator[Engine]:
    made = create_db_engine(live.database_url)
    yield made
    made.dispose()


def _import(engine: Engine, live: LiveServer, data: bytes) -> bundles.Imported:
    """What `tongxin-server bundle import` does, in this process: a hundred imports of a hundred
    damaged files would otherwise be a hundred process starts."""
    return bundles.import_bundle(
        engine, ServerClock(engine), live.data_dir / "attachments", 2**26, data, live.reply_key()
    )


def _changes_of(live: LiveServer, laptop: Laptop) -> int:
    return int(
        live.scalar("SELECT count(*) FROM changes WHERE device_id = :d", d=laptop.ui.meta("server_device_id"))
    )


def _busy_laptop(laptop: Laptop) -> None:
    """Records and a photo: a bundle with every part a bundle has."""
    household = laptop.ui.save(make_household(grid=laptop.grid))
    laptop.ui.save(make_visit(household))
    photo = add_attachment(laptop.ui, os.urandom(40_000), name="协议.jpg", media_type="image/jpeg")
    laptop.ui.save(
        Dispute(
            grid=laptop.grid,
            author="worker101",
            title="草场边界纠纷",
            category=DisputeCategory.GRASSLAND,
            attachments=[photo],
        )
    )


def _refused(code: str, attempt: Callable[[], object]) -> seal.BundleRefused:
    with pytest.raises(seal.BundleRefused) as refusal:
        attempt()
    assert refusal.value.code == code
    assert "未导入任何内容" in refusal.value.zh
    return refusal.value


def _flipped(data: bytes, offset: int, rng: random.Random) -> bytes:
    changed = bytearray(data)
    changed[offset] ^= rng.randrange(1, 256)
    return bytes(changed)


def test_one_flipped_byte_anywhere_refuses_the_whole_bundle(
    laptops: Laptops, live: LiveServer, engine: Engine, tmp_path: Path
) -> None:
    [laptop] = laptops(1)
    _busy_laptop(laptop)
    data = laptop.export_bundle(tmp_path).read_bytes()
    rng = random.Random(18)
    offsets = {0, 5, 6, 13, 14, 17, 18, 40, len(data) - 33, len(data) - 1}
    offsets |= {rng.randrange(len(data)) for _ in range(FLIPS)}
    assert len(offsets) >= 100
    for offset in sorted(offsets):
        _refused("bundle_damaged", lambda offset=offset: _import(engine, live, _flipped(data, offset, rng)))
    # A forger who also fixes the trailing hash still meets the laptop's signature (and behind
    # it the authentication tag), the signature's own bytes included.
    for offset in rng.sample(range(60, len(data) - 32), 20):
        body = _flipped(data, offset, rng)[:-32]
        _refused(
            "bundle_bad_signature",
            lambda body=body: _import(engine, live, body + hashlib.sha256(body).digest()),
        )
    assert _changes_of(live, laptop) == 0
    imported = _import(engine, live, data)
    assert (imported.changes, imported.photos) == (3, 1)
    assert _changes_of(live, laptop) == 3


def test_a_bundle_cut_short_is_refused_whole(
    laptops: Laptops, live: LiveServer, engine: Engine, tmp_path: Path
) -> None:
    [laptop] = laptops(1)
    _busy_laptop(laptop)
    data = laptop.export_bundle(tmp_path).read_bytes()
    rng = random.Random(19)
    lengths = {0, 1, 5, 13, 14, 17, 18, len(data) - 32, len(data) - 1}
    lengths |= {rng.randrange(len(data)) for _ in range(CUTS)}
    for length in sorted(lengths):
        refusal = _refused("bundle_truncated", lambda length=length: _import(engine, live, data[:length]))
        assert "不完整" in refusal.zh
    _refused("bundle_damaged", lambda: _import(engine, live, data + b"\0"))
    assert _changes_of(live, laptop) == 0


def test_a_bundle_from_a_revoked_laptop_is_refused_whole(
    laptops: Laptops, live: LiveServer, engine: Engine, tmp_path: Path
) -> None:
    [laptop] = laptops(1)
    _busy_laptop(laptop)
    bundle = laptop.export_bundle(tmp_path)
    with engine.begin() as conn:
        assert devices.revoke(conn, str(laptop.ui.meta("server_device_id")))
    done = live.import_bundle(bundle)
    assert done.returncode == 1
    assert "已被停用" in done.stderr and "未导入任何内容" in done.stderr
    assert _changes_of(live, laptop) == 0
    assert not list(tmp_path.glob("*-reply.tongxin"))


def test_a_bundle_for_another_server_is_refused_whole(live: LiveServer, server, tmp_path: Path) -> None:
    other_base, codes = server
    elsewhere = Laptop("elsewhere", tmp_path / "elsewhere.db", "152500101001")
    try:
        elsewhere.enroll(other_base, codes[0])
        _busy_laptop(elsewhere)
        done = live.import_bundle(elsewhere.export_bundle(tmp_path))
    finally:
        elsewhere.close()
    assert done.returncode == 1
    assert "未在本服务器登记" in done.stderr and "未导入任何内容" in done.stderr


def test_a_bundle_older_than_one_imported_is_refused_whole(
    laptops: Laptops, live: LiveServer, engine: Engine, tmp_path: Path
) -> None:
    [laptop] = laptops(1)
    household = laptop.ui.save(make_household(grid=laptop.grid))
    older = laptop.export_bundle(tmp_path).read_bytes()
    laptop.ui.save(make_visit(household))
    newer = laptop.export_bundle(tmp_path).read_bytes()
    _import(engine, live, newer)
    _refused("bundle_replayed", lambda: _import(engine, live, older))
    assert _import(engine, live, newer).changes == 2, "the same bundle again is no replay"
    assert _changes_of(live, laptop) == 2


def test_a_damaged_cut_old_or_foreign_reply_is_refused_whole_on_the_laptop(
    laptops: Laptops, live: LiveServer, engine: Engine, tmp_path: Path
) -> None:
    laptop, other = laptops(2)
    other.ui.save(make_household(grid=other.grid, head_name="其其格"))
    other.sync()
    laptop.ui.save(make_household(grid=laptop.grid))
    first = _import(engine, live, laptop.export_bundle(tmp_path).read_bytes()).reply
    second = _import(engine, live, laptop.export_bundle(tmp_path).read_bytes()).reply
    reply = tmp_path / "reply.tongxin"

    def take(data: bytes, on: Laptop = laptop) -> object:
        reply.write_bytes(data)
        return on.import_reply(reply)

    before = (laptop.ui.pending_changes(), replica.pull_cursor(laptop.ui))
    rng = random.Random(20)
    for offset in sorted({rng.randrange(len(second)) for _ in range(FLIPS)}):
        _refused("bundle_damaged", lambda offset=offset: take(_flipped(second, offset, rng)))
    for length in sorted({rng.randrange(len(second)) for _ in range(CUTS)}):
        _refused("bundle_truncated", lambda length=length: take(second[:length]))
    _refused("bundle_other_laptop", lambda: take(second, other))
    assert (laptop.ui.pending_changes(), replica.pull_cursor(laptop.ui)) == before == (1, 0)
    take(second)
    assert laptop.ui.pending_changes() == 0
    _refused("bundle_replayed", lambda: take(first))
    up = laptop.export_bundle(tmp_path).read_bytes()
    refusal = _refused("bundle_is_up", lambda: take(up))
    assert "乡镇" in refusal.zh
