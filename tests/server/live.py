"""A real server process on loopback, for tests and benchmarks that need real HTTP."""

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """``tongxin-server serve`` on a fixed port, which can be stopped (gently or with SIGKILL) and
    started again as an operator or a power cut would."""

    def __init__(self, database_url: str, data_dir: Path, *, port: int | None = None, **env: str) -> None:
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

    def start(self) -> None:
        with (self.data_dir / "server.log").open("a") as log:
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
                raise RuntimeError((self.data_dir / "server.log").read_text())
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
    server = ServerProcess(database_url, data_dir, port=port, **env)
    server.start()
    try:
        yield server.base
    finally:
        server.stop()
