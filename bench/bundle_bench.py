"""Sync by USB stick benchmark: a real server process on loopback, real encrypted SQLite files.

Two laptops, each in a village of its own, each with the same kind of week: 10,000 visits and 50
photos (agreements of 50 disputes, 200 kB each, incompressible as JPEG is). One syncs over the
network (the baseline, measured in the same run); the other exports a bundle, which the server
imports (`server.bundles.import_bundle`, what `tongxin-server bundle import` runs, here in this
process on the server's database) writing the reply, which the laptop imports.

Targets: bundle bytes per visit ≤ the network push's bytes per visit (both with their photos);
the server's import of the bundle ≤ 1.5 × the network sync of the same changes and photos.

    python bench/bundle_bench.py [--visits 10000 --photos 50]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models import Dispute, DisputeCategory, GridLevel, Visit
from app.services.attachments import add_attachment
from app.store import Store
from bench.report import emit, target
from bench.sync_bench import _visits
from server import bundles, devices
from server.clock import ServerClock
from server.config import Settings
from server.db import create_db_engine
from server.migrate import upgrade
from sync import bundles as stick
from tests.harness.devices import device
from tests.harness.server_process import running_server

NETWORK_GRID = "152500101001"
STICK_GRID = "152500101002"
PHOTO_BYTES = 200_000


def _week(store: Store, grid: str, visits: int, photos: int, seed: int) -> None:
    rng = random.Random(seed)
    store.save_all(_visits(visits, rng, grid))
    for number in range(photos):
        sha256 = add_attachment(
            store, os.urandom(PHOTO_BYTES), name=f"协议{number}.jpg", media_type="image/jpeg"
        )
        store.save(
            Dispute(
                grid=grid,
                author="worker101",
                title=f"草场边界纠纷{number}",
                category=DisputeCategory.GRASSLAND,
                attachments=[sha256],
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--photos", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = f"sqlite:///{tmp / 'server.db'}"
        engine = create_db_engine(url)
        upgrade(engine)
        with engine.begin() as conn:
            devices.add_grid(conn, NETWORK_GRID, "巴彦嘎查", GridLevel.VILLAGE)
            devices.add_grid(conn, STICK_GRID, "查干嘎查", GridLevel.VILLAGE)
            codes = [devices.create_enroll_code(conn, [grid]) for grid in (NETWORK_GRID, STICK_GRID)]
        with running_server(url, tmp) as base:
            networked, network_sync = device(tmp, "networked", base, codes[0])
            village, _unused = device(tmp, "village", base, codes[1])
            _week(networked, NETWORK_GRID, args.visits, args.photos, 1)
            _week(village, STICK_GRID, args.visits, args.photos, 1)

            started = time.perf_counter()
            pushed = network_sync.sync()
            network_s = time.perf_counter() - started

            stick_dir = tmp / "stick"
            stick_dir.mkdir()
            started = time.perf_counter()
            bundle = stick.export_bundle(village, stick_dir)
            export_s = time.perf_counter() - started
            data = bundle.read_bytes()
            started = time.perf_counter()
            imported = bundles.import_bundle(
                engine, ServerClock(engine), Settings(data_dir=tmp).attachments_dir, 2**26, data
            )
            import_s = time.perf_counter() - started
            reply = stick_dir / "reply.tongxin"
            reply.write_bytes(imported.reply)
            started = time.perf_counter()
            stick.import_reply(village, reply)
            reply_s = time.perf_counter() - started
            assert village.pending_changes() == 0 and networked.pending_changes() == 0
            assert imported.photos == args.photos and imported.changes == pushed.pushed
            assert networked.count(Visit) == village.count(Visit) == args.visits
            networked.close()
            village.close()
        engine.dispose()
    push_per_visit = pushed.bytes_sent / args.visits
    bundle_per_visit = len(data) / args.visits
    # The photos are the same bytes either way: what the two ways of sending the changes cost.
    photo_bytes = args.photos * PHOTO_BYTES
    push_changes = (pushed.bytes_sent - photo_bytes) / args.visits
    bundle_changes = (len(data) - photo_bytes) / args.visits
    figures = {
        "network_sync_s": network_s,
        "network_bytes_up": pushed.bytes_sent,
        "network_bytes_per_visit": push_per_visit,
        "export_s": export_s,
        "bundle_bytes": len(data),
        "bundle_bytes_per_visit": bundle_per_visit,
        "network_change_bytes_per_visit": push_changes,
        "bundle_change_bytes_per_visit": bundle_changes,
        "server_import_s": import_s,
        "reply_bytes": len(imported.reply),
        "reply_import_s": reply_s,
    }
    emit(
        figures,
        {
            "bundle_bytes_ratio": target(bundle_per_visit / push_per_visit, 1.0),
            "change_bytes_ratio": target(bundle_changes / push_changes, 1.0),
            "import_ratio": target(import_s / network_s, 1.5),
        },
        visits=args.visits,
        photos=args.photos,
        photo_bytes=PHOTO_BYTES,
    )


if __name__ == "__main__":
    main()
