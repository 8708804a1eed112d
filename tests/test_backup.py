"""Backups a worker does not think about, and restores that refuse what would do harm."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.keyring import Account, first_account
from app.models import Household, Role
from app.store import Store, new_key
from app.store.backup import (
    BackupRefused,
    backup_due,
    backups_in,
    make_backup,
    read_manifest,
    restore_backup,
)
from app.store.migrations import LATEST
from cli.admin import main
from tests.conftest import make_household

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def _heads(store: Store) -> set[str]:
    return {h.head_name for h in store.find(Household)}


def test_back_up_keep_working_restore_brings_back_the_backup_and_keeps_the_rest_aside(
    store: Store, db_path: Path, key: bytes, tmp_path: Path
) -> None:
    store.save(make_household(head_name="其其格"))
    written = make_backup(store, tmp_path / "usb", database=db_path, now=NOW)
    assert written.name.endswith(".tongxin-backup") and not list((tmp_path / "usb").glob("*.part"))
    store.save(make_household(head_name="巴特尔"))
    store.close()

    restored = restore_backup(written, db_path, key, now=NOW + timedelta(hours=2))

    with Store.open(db_path, key) as back:
        assert _heads(back) == {"其其格"}
        assert back.integrity_check() == "ok"
    assert restored.set_aside is not None
    with Store.open(restored.set_aside, key) as aside:
        assert _heads(aside) == {"其其格", "巴特尔"}


def test_the_backup_file_is_encrypted_and_says_what_it_holds(
    store: Store, db_path: Path, key: bytes, tmp_path: Path
) -> None:
    store.save(make_household(head_name="其其格"))
    written = make_backup(store, tmp_path, database=db_path, now=NOW)
    with zipfile.ZipFile(written) as archive:
        assert "其其格".encode() not in archive.read("database")
        assert not archive.read("database").startswith(b"SQLite format 3")
    manifest = read_manifest(written)
    assert manifest.records["households"] == 1
    assert manifest.device_id == store.device_id


def test_backups_rotate_and_are_due_once_a_day(
    store: Store, db_path: Path, key: bytes, tmp_path: Path
) -> None:
    assert backup_due(store, now=NOW)
    for day in range(5):
        make_backup(store, tmp_path, database=db_path, keep=3, now=NOW + timedelta(days=day))
    kept = backups_in(tmp_path, store.device_id)
    assert [p.name.split("-")[2][:8] for p in kept] == ["20261202", "20261203", "20261204"]
    assert not backup_due(store, now=NOW + timedelta(days=4, hours=23))
    assert backup_due(store, now=NOW + timedelta(days=5))


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(
    store: Store, db_path: Path, key: bytes, tmp_path: Path
) -> None:
    store.save(make_household(head_name="其其格"))
    store.close()
    stranger = tmp_path / "holiday.jpg"
    stranger.write_bytes(b"\xff\xd8 not a backup")
    with pytest.raises(BackupRefused) as caught:
        restore_backup(stranger, db_path, key)
    assert caught.value.code == "not_a_backup" and "不是同心网格的备份文件" in caught.value.zh
    with Store.open(db_path, key) as same:
        assert _heads(same) == {"其其格"}


def test_restore_refuses_a_backup_of_another_database(
    store: Store, db_path: Path, key: bytes, tmp_path: Path
) -> None:
    other_key = new_key()
    with Store.open(tmp_path / "other.db", other_key) as other:
        foreign = make_backup(other, tmp_path / "b", database=tmp_path / "other.db", now=NOW)
    store.save(make_household(head_name="其其格"))
    store.close()
    with pytest.raises(BackupRefused) as caught:
        restore_backup(foreign, db_path, key)
    assert caught.value.code == "backup_of_other_database"
    assert "另一台电脑" in caught.value.zh
    with Store.open(db_path, key) as same:
        assert _heads(same) == {"其其格"}
    assert not list(tmp_path.glob("*.restoring"))


def test_restore_refuses_a_damaged_backup(store: Store, db_path: Path, key: bytes, tmp_path: Path) -> None:
    written = make_backup(store, tmp_path / "b", database=db_path, now=NOW)
    damaged = tmp_path / "damaged.tongxin-backup"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = bytearray(source.read(item))
            if item.filename == "database":
                data[5000] ^= 0xFF
            target.writestr(item, bytes(data))
    store.close()
    with pytest.raises(BackupRefused) as caught:
        restore_backup(damaged, db_path, key)
    assert caught.value.code == "backup_damaged"


def test_a_new_laptop_is_restored_from_the_command_line_with_an_administrators_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old" / "tongxin.db"
    old.parent.mkdir()
    key = first_account(old, Account("itadmin", "信息员", Role.ADMIN, ("152500101001",)), "long-enough-1")
    with Store.open(old, key) as store:
        store.save(make_household(head_name="其其格"))
        written = make_backup(store, tmp_path / "usb", database=old, now=NOW)
    new = tmp_path / "new" / "tongxin.db"
    monkeypatch.setenv("TONGXIN_PASSWORD", "wrong-password")
    assert main(["--db", str(new), "--user", "itadmin", "restore", str(written), "--yes"]) == 2
    assert "密码不正确" in capsys.readouterr().err
    monkeypatch.setenv("TONGXIN_PASSWORD", "long-enough-1")
    assert main(["--db", str(new), "--user", "itadmin", "restore", str(written), "--yes"]) == 0
    assert "restored and verified" in capsys.readouterr().out
    assert main(["--db", str(new), "--user", "itadmin", "check"]) == 0
    assert "households: 1" in capsys.readouterr().out
    assert main(["--db", str(new), "--user", "itadmin", "audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out


def test_only_an_administrator_restores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    db = tmp_path / "tongxin.db"
    key = first_account(db, Account("worker101", "其其格", Role.WORKER, ("152500101001",)), "long-enough-1")
    with Store.open(db, key) as store:
        written = make_backup(store, tmp_path / "usb", database=db, now=NOW)
    monkeypatch.setenv("TONGXIN_PASSWORD", "long-enough-1")
    assert main(["--db", str(db), "--user", "worker101", "restore", str(written), "--yes"]) == 2
    assert "只有管理员可以恢复备份" in capsys.readouterr().err


def test_backup_command_writes_into_the_chosen_folder(tmp_path: Path, capsys) -> None:
    db = tmp_path / "x.db"
    assert main(["--db", str(db), "create"]) == 0
    assert main(["--db", str(db), "backup", "--to", str(tmp_path / "usb")]) == 0
    (written,) = (tmp_path / "usb").glob("*.tongxin-backup")
    assert str(written) in capsys.readouterr().out
    assert read_manifest(written).schema_version == LATEST
