"""A laptop whose clock is days off is told so on the 同步 screen, with what to do: order never rests
on the wall clock, but an edit from a clock days slow loses to an older edit of the same field made on
another laptop. The offset is read from the server's own Date header at each sync."""

from __future__ import annotations

import http.server
import threading
from email.utils import formatdate
from pathlib import Path
from time import time

import pytest
from PySide6.QtCore import Qt

from app.keyfile import key_path_for, load_or_create_key
from app.store import Store
from sync.engine import SyncEngine, Transport
from tests.sync.conftest import FreshGrid
from ui.i18n import install_translator
from ui.screens.sync_screen import SyncScreen
from ui.sync_controller import SyncController

THREE_DAYS = 3 * 24 * 3600


class _ServerThreeDaysAhead(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b'{"status": "ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header of a server whose clock is three days ahead of this laptop's."""
        return formatdate(time() + THREE_DAYS, usegmt=True)

    def log_message(self, *_args: object) -> None:
        """Quiet: the test reads the answer, not the log."""


def test_the_offset_is_read_from_the_servers_date_header() -> None:
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ServerThreeDaysAhead) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            transport = Transport(f"http://127.0.0.1:{server.server_address[1]}")
            transport.request("GET", "/v1/health")
        finally:
            server.shutdown()
    assert transport.clock_offset_s == pytest.approx(THREE_DAYS, abs=5)


def test_a_sync_with_a_clock_that_agrees_shows_no_warning(
    qtbot, qapp, fresh_grid: FreshGrid, tmp_path: Path
) -> None:
    path = tmp_path / "laptop.db"
    key = load_or_create_key(key_path_for(path))
    store = Store.open(path, key)
    SyncEngine(store).enroll(fresh_grid.base, fresh_grid.codes[0], "laptop")
    controller = SyncController(store, lambda: Store.open(path, key), automatic=False)
    screen = SyncScreen(controller)
    qtbot.addWidget(screen)
    screen.show()
    with qtbot.waitSignal(controller.finished, timeout=30_000):
        qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    offset = controller.clock_offset()
    assert offset is not None and abs(offset) < 5
    assert not screen.clock.isVisible()
    store.close()


@pytest.mark.parametrize(
    ("offset", "shown"),
    [
        (THREE_DAYS, "本机时钟比服务器慢了约3天"),
        (-2 * 3600, "本机时钟比服务器快了约2小时"),
        (25 * 60, "本机时钟比服务器慢了约25分钟"),
        (90, ""),
        (None, ""),
    ],
)
def test_the_sync_screen_says_how_far_the_clock_is_off_and_what_to_do(
    qtbot, qapp, store: Store, db_path: Path, offset: float | None, shown: str
) -> None:
    install_translator(qapp, "zh_CN")
    with store.transaction():
        store.set_meta("clock_offset_s", "null" if offset is None else str(offset))
    screen = SyncScreen(SyncController(store, lambda: store, automatic=False))
    qtbot.addWidget(screen)
    screen.show()
    assert screen.clock.isVisible() == bool(shown)
    if shown:
        assert screen.clock.text().startswith(shown) and "请校准日期和时间" in screen.clock.text()
