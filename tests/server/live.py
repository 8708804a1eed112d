"""A real server process on loopback, for tests and benchmarks that need real HTTP."""

from __future__ import annotations

import contextlib
import os
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


@contextmanager
def running_server(
    database_url: str, data_dir: Path, *, port: int | None = None, **env: str
) -> Iterator[str]:
    port = port or free_port()
    environment = {
        **os.environ,
        "TONGXIN_SERVER_DB": database_url,
        "TONGXIN_SERVER_DATA": str(data_dir),
        "TONGXIN_SERVER_RATE": "100000",
        "TONGXIN_SERVER_BURST": "100000",
        **env,
    }
    log = (data_dir / "server.log").open("a")
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.TransportError):  # not listening yet
                if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((data_dir / "server.log").read_text())
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()
