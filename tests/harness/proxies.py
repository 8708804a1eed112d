"""TCP proxies on loopback between a device and the server: the part they all share
(``LoopbackProxy``), and one that cuts connections at chosen byte offsets (``FaultyProxy``) as a
dropped 2G link does. A benchmark's counting or throttling proxy is a ``LoopbackProxy`` too."""

from __future__ import annotations

import contextlib
import math
import random
import socket
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable


class LoopbackProxy(ABC):
    """Listens on a free loopback port of its own; a subclass says what happens to the bytes of one
    connection in ``relay``."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with contextlib.suppress(OSError):  # the server went away: the client sees a reset
                self.relay(client, socket.create_connection(("127.0.0.1", self.upstream_port)))

    @abstractmethod
    def relay(self, client: socket.socket, upstream: socket.socket) -> None:
        """Start moving bytes between one client connection and its upstream connection."""


class FaultyProxy(LoopbackProxy):
    """Each connection gets a byte budget per direction from ``cut``; when a direction has forwarded
    that many bytes, both sockets are closed mid-stream."""

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
