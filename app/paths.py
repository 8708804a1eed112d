"""Where a user's data lives: the platform's standard places, never next to the executable."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "tongxin"


def data_dir() -> Path:
    """``TONGXIN_DATA_DIR`` overrides the platform default (tests, portable installs)."""
    override = os.environ.get("TONGXIN_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database() -> Path:
    return data_dir() / "tongxin.db"


def demo_database() -> Path:
    return data_dir() / "demo.db"
