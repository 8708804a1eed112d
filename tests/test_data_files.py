"""Personal data on a shared laptop: the files the app keeps are readable by their owner only."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import paths
from app.demo.database import open_demo


def test_the_demo_database_and_the_files_beside_it_are_the_owners_alone(tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    with open_demo(database, households=3) as store:
        assert store.count_all_records() > 0
        modes = {path.name: oct(path.stat().st_mode & 0o777) for path in tmp_path.glob("demo.db*")}
    assert {"demo.db", "demo.db.keys"} <= set(modes)
    assert set(modes.values()) == {"0o600"}, modes


def test_the_data_folder_is_made_for_its_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGXIN_DATA_DIR", str(tmp_path / "new" / "tongxin"))
    folder = paths.data_dir()
    assert folder.is_dir() and folder.stat().st_mode & 0o777 == 0o700
