"""A TCP proxy between a device and the server that cuts connections at chosen byte offsets.

Each connection gets a byte budget per direction from ``cut``; when a direction has forwarded that
many bytes, both sockets are closed mid-stream, exactly as a dropped 2G link leaves them.
"""

from __future__ import annotations

import contextlib
import math
import random
import socket
import threading
from collections.abc import Callable

from tests.sync.loopback_proxy import LoopbackProxy


class FaultyProxy(LoopbackProxy):
    def __init__(self, upstream_port: int, cut: Callable[[], tuple[int | None, int | None]]) -> None:
        self.cut = cut
        self.cuts = 0
        super().__init__(upstream_port)

    def relay(self, client: socket.socket, upstream: socket.socket) -> None:
        to_server, to_client = self.cut()
        closed = threading.Event()
        for source, target, budget in ((client, upstream, to_server), (upstream, client, to_client)):
            threading.Thread(
                target=self._pump, args=(source, target, budget, closed, client, upstream), daemon=True
            ).start()

    def _pump(
        self,
        source: socket.socket,
        target: socket.socket,
        budget: int | None,
        closed: threading.Event,
        *both: socket.socket,
    ) -> None:
        sent = 0
        with contextlib.suppress(OSError):  # the other side hung up: this pump is done
            while not closed.is_set():
                data = source.recv(4096)
                if not data:
                    break
                if budget is not None and sent + len(data) >= budget:
                    target.sendall(data[: budget - sent])
                    with self._lock:
                        self.cuts += 1
                    break
                target.sendall(data)
                sent += len(data)
        closed.set()
        for sock in both:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


def random_cuts(rng: random.Random, largest: int) -> Callable[[], tuple[int | None, int | None]]:
    """Cut one direction at an offset spread evenly on a log scale up to ``largest`` bytes: many cuts
    land in headers and small answers, some late enough for a large batch to get through."""

    def choose() -> tuple[int | None, int | None]:
        offset = max(1, int(math.exp(rng.uniform(0, math.log(largest)))))
        return (offset, None) if rng.random() < 0.5 else (None, offset)

    return choose
