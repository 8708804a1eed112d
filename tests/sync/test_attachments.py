"""Photos travel with their records: uploaded and downloaded whole, resuming across cut links."""

from __future__ import annotations

import hashlib
import os
import random
from pathlib import Path

from urllib3.util.retry import Retry

from app.models import Dispute, DisputeCategory
from app.services.attachments import add_attachment, attachment_data, to_download, to_upload
from app.store import Store, new_key
from sync.engine import SyncEngine, SyncError
from tests.harness.devices import device
from tests.harness.proxies import FaultyProxy
from tests.sync.conftest import FreshGrid

PHOTO_BYTES = 1_300_000


def _dispute_with_photo(store: Store, grid: str, photo: bytes) -> Dispute:
    sha256 = add_attachment(store, photo, name="协议.jpg", media_type="image/jpeg")
    return store.save(
        Dispute(
            grid=grid,
            author="w",
            title="草场边界纠纷",
            category=DisputeCategory.GRASSLAND,
            attachments=[sha256],
        )
    )


def test_a_photo_reaches_the_other_laptop_intact(tmp_path: Path, fresh_grid: FreshGrid) -> None:
    base, codes = fresh_grid
    a, sync_a = device(tmp_path, "a", base, codes[0])
    b, sync_b = device(tmp_path, "b", base, codes[1])
    photo = os.urandom(PHOTO_BYTES)
    add_attachment(a, b"a photo from a form that was thrown away")
    dispute = _dispute_with_photo(a, fresh_grid.grid, photo)
    assert to_upload(a) == [(hashlib.sha256(photo).hexdigest(), PHOTO_BYTES)]
    assert sync_a.sync().attachments == 1
    assert to_upload(a) == []
    report = sync_b.sync()
    assert report.attachments == 1
    assert b.get(Dispute, dispute.id).attachments == dispute.attachments
    assert attachment_data(b, dispute.attachments[0]) == photo
    assert to_download(b) == []
    assert sync_b.sync().attachments == 0


def test_uploads_and_downloads_resume_across_cut_links(tmp_path: Path, fresh_grid: FreshGrid) -> None:
    base, codes = fresh_grid
    rng = random.Random(7)
    # Cut one in three connections somewhere in the first 600 kB each way.
    proxy = FaultyProxy(
        int(base.rsplit(":", 1)[1]),
        lambda: (
            (rng.randrange(1, 600_000), None)
            if rng.random() < 0.33
            else (None, rng.randrange(1, 600_000))
            if rng.random() < 0.5
            else (None, None)
        ),
    )
    stores, engines = [], []
    for name, code in (("a", codes[0]), ("b", codes[1])):
        store = Store.open(tmp_path / f"{name}.db", new_key())
        engine = SyncEngine(store, retry=Retry(total=0))
        engine.enroll(base, code, name)
        with store.transaction():
            store.set_meta("server_url", proxy.url)
        stores.append(store)
        engines.append(engine)
    photo = os.urandom(PHOTO_BYTES)
    _dispute_with_photo(stores[0], fresh_grid.grid, photo)
    for engine in engines:
        failures = 0
        while True:
            try:
                engine.sync()
                break
            except SyncError:
                failures += 1
                assert failures < 100
    assert proxy.cuts > 0
    assert attachment_data(stores[1], hashlib.sha256(photo).hexdigest()) == photo
    assert to_upload(stores[0]) == [] and to_download(stores[1]) == []
