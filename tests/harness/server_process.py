"""A real server process on loopback (``tongxin-server serve``), as IT starts it, which can be
stopped gently or with SIGKILL and started again on the same port as an operator or a power cut
would."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
# A port handed out by free_port() is free when it is chosen, not when the server binds it: another
# process (a second pytest-xdist worker) may take it in between. A server on a port it chose itself
# tries again on a new one this many times.
PORT_TRIES = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerStartError(RuntimeError):
    """The server process ended or did not answer in time; the message is its log."""


class ServerProcess:
    """``tongxin-server serve`` on one port for its life: a restart comes back where devices
    already point. ``port`` fixes the port; without it a free one is chosen (again if it was taken
    before the server bound it)."""

    def __init__(self, database_url: str, data_dir: Path, *, port: int | None = None, **env: str) -> None:
        self.fixed_port = port is not None
        self.port = port or free_port()
        self.data_dir = data_dir
        self.environment = {
            **os.environ,
            "TONGXIN_SERVER_DB": database_url,
            "TONGXIN_SERVER_DATA": str(data_dir),
            "TONGXIN_SERVER_RATE": "100000",
            "TONGXIN_SERVER_BURST": "100000",
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.data_dir / "server.log"

    def start(self) -> None:
        for attempt in range(PORT_TRIES):
            try:
                self._start_once()
                return
            except ServerStartError as error:
                taken = "address already in use" in str(error).lower()
                if self.fixed_port or not taken or attempt == PORT_TRIES - 1:
                    raise
                self.port = free_port()

    def _start_once(self) -> None:
        logged = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "server.cli", "serve", "--port", str(self.port)],
                cwd=ROOT,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.TransportError):  # not listening yet
                if httpx.get(f"{self.base}/v1/health", timeout=1).status_code == 200:
                    return
            if self.process.poll() is not None or time.monotonic() > deadline:
                if self.process.poll() is None:
                    self.process.kill()
                    self.process.wait(timeout=15)
                self.process = None
                with self.log.open() as log:
                    log.seek(logged)
                    raise ServerStartError(log.read())
            time.sleep(0.1)

    def stop(self, how: signal.Signals = signal.SIGTERM) -> None:
        if self.process is None:
            return
        self.process.send_signal(how)
        self.process.wait(timeout=15)
        self.process = None


@contextmanager
def running_server(
    database_url: str, data_dir: Path, *, port: int | None = None, **env: str
) -> Iterator[str]:
    """A started server's base URL for the ``with`` block; stopped (SIGTERM) after it."""
    server = ServerProcess(database_url, data_dir, port=port, **env)
    server.start()
    try:
        yield server.base
    finally:
        server.stop()
