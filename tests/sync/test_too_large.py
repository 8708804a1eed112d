"""A server that finds a push too large (HTTP 413) reads none of it: the laptop cuts its batches
smaller until they fit, and a change too large even alone is listed for a person instead of
holding back every change after it. Every record arrives, none twice, on SQLite and PostgreSQL.

A server of each test's own, its body limit small (``TONGXIN_SERVER_MAX_BODY``), restarted with
the default limit where IT raises it."""

from __future__ import annotations

import http.server
import json
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models import Dispute, Household, Visit
from app.models.enums import DisputeCategory
from server.db import create_db_engine
from server.migrate import upgrade
from sync import refusals
from sync.engine import Transport, _push_body
from sync.errors import SyncError
from sync.protocol import PushResponse
from sync.replica import TOO_LARGE, LoggedChange, PendingBatch
from tests.conftest import make_visit
from tests.harness.laptops import Laptop, LiveServer
from tests.harness.postgres import postgres_available, postgres_database
from tests.harness.server_process import ServerProcess
from tests.sync.conftest import DATABASES

LIMIT = 8 * 1024


def _rare_text(rng: random.Random, length: int) -> str:
    """CJK Extension B: four bytes a character, and random, so gzip hardly shrinks it."""
    return "".join(chr(rng.randint(0x20000, 0x2A6DF)) for _ in range(length))


def _long_dispute(grid: str, rng: random.Random, *, whole: bool = True) -> Dispute:
    """A dispute written at length: its description alone fits in a push of ``LIMIT`` bytes, with
    its outcome and agreement (``whole``) it does not."""
    long_notes = ("outcome", "agreement") if whole else ()
    return Dispute(
        grid=grid,
        author="worker101",
        title=_rare_text(rng, 100),
        category=next(iter(DisputeCategory)),
        location=_rare_text(rng, 200),
        description=_rare_text(rng, 2000),
        **{note: _rare_text(rng, 2000) for note in long_notes},
    )


def _bytes_sent_alone(laptop: Laptop, record_id: object) -> int:
    """The gzipped body of a push of this record's newest logged change, alone."""
    row = laptop.ui.db.execute(
        "SELECT seq, entity, record_id, grid, field, value, hlc, base_hlc FROM change_log"
        " WHERE record_id = ? ORDER BY seq DESC LIMIT 1",
        [str(record_id)],
    ).fetchone()
    change = LoggedChange(
        seq=row[0],
        entity=row[1],
        record_id=row[2],
        grid=row[3],
        field=row[4],
        value=json.loads(row[5]),
        hlc=row[6],
        base_hlc=row[7],
    )
    return len(_push_body(PendingBatch("00000000-0000-0000-0000-000000000000", [change])))


@pytest.fixture(params=DATABASES)
def small_server(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[LiveServer, ServerProcess]]:
    """A server of this test's own that takes bodies of at most ``LIMIT`` bytes."""
    if request.param == "sqlite":
        urls: Iterator[str] = iter([f"sqlite:///{tmp_path / 'server.db'}"])
    elif postgres_available():
        urls = postgres_database()
    else:
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432 (CI sets TONGXIN_REQUIRE_PG)")
    for url in urls:
        engine = create_db_engine(url)
        upgrade(engine)
        engine.dispose()
        process = ServerProcess(url, tmp_path, TONGXIN_SERVER_MAX_BODY=str(LIMIT))
        process.start()
        try:
            yield LiveServer(process.base, url, tmp_path), process
        finally:
            process.stop()


def _each_once(live: LiveServer, entity: str) -> tuple[int, int]:
    """How many records of a kind the server holds, and how many creations it logged of them."""
    records = live.scalar("SELECT count(*) FROM records WHERE entity = :e", e=entity)
    created = live.scalar("SELECT count(*) FROM changes WHERE entity = :e AND field = '*'", e=entity)
    return int(str(records)), int(str(created))


def test_a_worker_with_many_long_records_gets_them_all_through(
    small_server: tuple[LiveServer, ServerProcess], tmp_path: Path
) -> None:
    live, _ = small_server
    rng = random.Random(7)
    grid, codes = live.new_grid(2)
    worker, office = live.laptops(tmp_path, grid, codes)
    worker.ui.add_all([_long_dispute(grid, rng, whole=False) for _ in range(40)])
    with worker.ui.transaction():
        worker.ui.set_meta("push_batch_size", "500")  # a pace a fast link had grown to

    report = worker.sync()
    office.sync()

    assert (report.pushed, report.refused, worker.ui.pending_changes()) == (40, 0, 0)
    assert _each_once(live, "disputes") == (40, 40)
    assert len(office.ui.db.execute("SELECT id FROM disputes").fetchall()) == 40


def test_a_change_too_large_alone_is_listed_and_the_rest_go_on(
    small_server: tuple[LiveServer, ServerProcess], tmp_path: Path
) -> None:
    live, process = small_server
    rng = random.Random(8)
    grid, codes = live.new_grid(2)
    worker, office = live.laptops(tmp_path, grid, codes)
    household = worker.ui.save(Household(grid=grid, author="w", address="一组1号", head_name="王芳"))
    visit = worker.ui.save(make_visit(household, summary="入户走访"))
    worker.sync()
    worker.ui.save(Household(grid=grid, author="w", address="一组2号", head_name="李明"))
    dispute = worker.ui.save(_long_dispute(grid, rng))
    worker.ui.save(worker.ui.get(Visit, visit.id).model_copy(update={"summary": _rare_text(rng, 4000)}))
    worker.ui.save(Household(grid=grid, author="w", address="一组3号", head_name="张伟"))
    assert _bytes_sent_alone(worker, dispute.id) > LIMIT and _bytes_sent_alone(worker, visit.id) > LIMIT

    report = worker.sync()
    office.sync()

    assert (report.refused, report.refusals_open, worker.ui.pending_changes()) == (2, 2, 0)
    listed = {(r.entity, r.record_id): r for r in refusals.listed(worker.ui)}
    assert set(listed) == {("disputes", str(dispute.id)), ("visits", str(visit.id))}
    assert {r.reason for r in listed.values()} == {"too_large"}
    assert listed[("disputes", str(dispute.id))].record_title
    assert {r["address"] for r in office.ui.db["households"].rows} == {"一组1号", "一组2号", "一组3号"}

    # The visit's edit given up: the laptop takes the server's summary back.
    refusals.discard(worker.ui, str(visit.id))
    assert worker.ui.get(Visit, visit.id).summary == "入户走访"
    # IT raises the limit; the dispute is sent again and arrives, once.
    process.stop()
    raised = ServerProcess(live.database_url, tmp_path, port=process.port)
    raised.start()
    try:
        refusals.resend(worker.ui, str(dispute.id))
        report = worker.sync()
        office.sync()
    finally:
        raised.stop()
    assert (report.refused, report.refusals_open) == (0, 0)
    assert office.ui.get(Dispute, dispute.id).description == dispute.description
    assert _each_once(live, "disputes") == (1, 1)


class _RefusingProxy(http.server.BaseHTTPRequestHandler):
    """A reverse proxy past its body limit, as nginx answers: 413 and an HTML page, not our words."""

    def do_POST(self) -> None:
        page = b"<html><body><h1>413 Request Entity Too Large</h1></body></html>"
        self.send_response(413)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def log_message(self, *_args: object) -> None:
        """Quiet: the test reads the answer, not the log."""


def test_a_proxy_refusing_a_large_body_is_read_as_too_large_not_as_a_broken_server() -> None:
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RefusingProxy) as proxy:
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        try:
            transport = Transport(f"http://127.0.0.1:{proxy.server_address[1]}", token="t")
            with pytest.raises(SyncError) as refused:
                transport.post("/v1/push", {"changes": []}, PushResponse)
        finally:
            proxy.shutdown()
    assert refused.value.code == TOO_LARGE
    assert "413" in refused.value.zh
