"""Where a user's data lives: the platform's standard places, never next to the executable.

The database, its WAL and backups, drafts and logs all hold personal data, so they are readable by
their owner only: folders 0700, files 0600 (on Windows the profile folder's ACL does this).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "tongxin"
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def keep_private() -> None:
    """Files and folders this process creates from now on are its owner's alone. SQLite makes a
    database's WAL and journal with the database file's own mode, so they follow."""
    os.umask(0o777 & ~PRIVATE_FOLDER)


def make_private(database: Path) -> None:
    """Close a database made by an earlier version (readable by everyone then) and the files
    beside it — WAL, keys, backups — to everyone but their owner."""
    for path in database.parent.glob(f"{database.name}*"):
        if path.is_file() and _mine(path) and path.stat().st_mode & 0o777 != PRIVATE_FILE:
            path.chmod(PRIVATE_FILE)


def _mine(path: Path) -> bool:
    """IT may check a user's database as root: their files stay theirs to change."""
    return not hasattr(os, "getuid") or path.stat().st_uid == os.getuid()


def data_dir() -> Path:
    """``TONGXIN_DATA_DIR`` overrides the platform default (tests, portable installs)."""
    override = os.environ.get("TONGXIN_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    return data_dir() / "tongxin.db"


def backup_dir() -> Path:
    """Where scheduled backups go unless a folder (a USB stick) is chosen."""
    return data_dir() / "backups"


def demo_database() -> Path:
    return data_dir() / "demo.db"
