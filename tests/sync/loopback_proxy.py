"""A TCP proxy on loopback in front of the test server: the part every proxy shares. A subclass
says what happens to the bytes of one connection (cut them, slow them) in ``relay``."""

from __future__ import annotations

import contextlib
import socket
import threading
from abc import ABC, abstractmethod


class LoopbackProxy(ABC):
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
