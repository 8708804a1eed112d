"""Server settings from the environment, with defaults that make ``tongxin-server serve`` just work."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs


def _data_dir() -> Path:
    override = os.environ.get("TONGXIN_SERVER_DATA")
    path = Path(override) if override else Path(platformdirs.user_data_dir("tongxin-server", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=_data_dir)
    database_url: str = ""
    max_body_bytes: int = field(default_factory=lambda: _int("TONGXIN_SERVER_MAX_BODY", 4 * 2**20))
    max_inflated_bytes: int = field(default_factory=lambda: _int("TONGXIN_SERVER_MAX_INFLATED", 32 * 2**20))
    max_attachment_bytes: int = field(
        default_factory=lambda: _int("TONGXIN_SERVER_MAX_ATTACHMENT", 64 * 2**20)
    )
    # A sync bundle (USB stick) forwarded by a township laptop: a village's week, photos included.
    max_bundle_bytes: int = field(default_factory=lambda: _int("TONGXIN_SERVER_MAX_BUNDLE", 256 * 2**20))
    rate_per_second: float = field(default_factory=lambda: float(os.environ.get("TONGXIN_SERVER_RATE", 20)))
    rate_burst: int = field(default_factory=lambda: _int("TONGXIN_SERVER_BURST", 60))
    # Server processes, and threads in each for the database work of requests. A few threads per
    # process keep the database busy; more only switch between each other (at 40, half the
    # server's CPU went to the kernel's thread switching). One process per core.
    workers: int = field(default_factory=lambda: _int("TONGXIN_SERVER_WORKERS", 1))
    threads: int = field(default_factory=lambda: _int("TONGXIN_SERVER_THREADS", 4))
    # The reverse proxies whose X-Forwarded-For is believed (comma-separated addresses): none by
    # default, so a client cannot claim another address to slip past the per-address limits.
    trusted_proxies: str = field(default_factory=lambda: os.environ.get("TONGXIN_SERVER_TRUSTED_PROXIES", ""))
    # How long a request body may take to arrive: a body shorter than its Content-Length is not
    # waited on for ever.
    body_seconds: float = field(
        default_factory=lambda: float(os.environ.get("TONGXIN_SERVER_BODY_SECONDS", 60))
    )

    def __post_init__(self) -> None:
        if not self.database_url:
            url = os.environ.get("TONGXIN_SERVER_DB") or f"sqlite:///{self.data_dir / 'server.db'}"
            object.__setattr__(self, "database_url", url)

    @property
    def reply_key_path(self) -> Path:
        """The server's signing key for bundle replies (server.reply_key): outside the database,
        so that a copy of the database cannot sign a reply."""
        return self.data_dir / "bundle-reply-signing.key"

    @property
    def attachments_dir(self) -> Path:
        path = self.data_dir / "attachments"
        path.mkdir(parents=True, exist_ok=True)
        return path
