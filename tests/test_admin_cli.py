"""tongxin-admin as IT uses it, run as a real process where exit codes matter."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.keyring import Account, first_account
from app.models import Role
from cli.admin import main
from tests.conftest import GRID, valid_id_number


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.admin", *args], capture_output=True, text=True, timeout=120
    )


def test_create_seed_check_and_search(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    assert run("--db", db, "create").returncode == 0
    assert (tmp_path / "x.db.key").stat().st_mode & 0o077 == 0
    seeded = run("--db", db, "seed", "--households", "40")
    assert seeded.returncode == 0, seeded.stderr
    assert "households=40" in seeded.stdout
    checked = run("--db", db, "check")
    assert checked.returncode == 0
    assert "integrity ok" in checked.stdout and "households: 40" in checked.stdout
    found = run("--db", db, "search", "嘎查", "--limit", "3")
    assert len(found.stdout.strip().splitlines()) == 3


def test_seeding_twice_is_refused_with_a_message(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "x.db")
    assert main(["--db", db, "seed", "--households", "2"]) == 0
    assert main(["--db", db, "seed", "--households", "2"]) == 2
    assert "空数据库" in capsys.readouterr().err


def _line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_import_saves_a_good_file_and_logs_it_for_sync(tmp_path: Path, capsys) -> None:
    household_id = "0b7f3b0e-5d0c-4c39-9a43-6f2a3f6f0001"
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(
            [
                _line(entity="grids", grid=GRID, code=GRID, name="巴彦嘎查", level="village", author="it"),
                _line(
                    entity="households",
                    id=household_id,
                    grid=GRID,
                    author="it",
                    address="巴彦嘎查1组2号",
                    head_name="其其格",
                ),
                _line(
                    entity="residents",
                    grid=GRID,
                    author="it",
                    household_id=household_id,
                    name="其其格",
                    gender="female",
                    id_number=valid_id_number(male=False),
                ),
            ]
        ),
        encoding="utf-8",
    )
    db = str(tmp_path / "x.db")
    assert main(["--db", db, "import", str(source)]) == 0
    assert "已导入 3 条记录" in capsys.readouterr().out
    assert main(["--db", db, "check"]) == 0
    out = capsys.readouterr().out
    assert "households: 1" in out and "residents: 1" in out and "pending changes 0" not in out


def test_import_with_bad_lines_imports_nothing_and_names_each_line(tmp_path: Path, capsys) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(
            [
                _line(entity="grids", grid=GRID, code=GRID, name="巴彦嘎查", level="village", author="it"),
                "{not json",
                _line(
                    entity="households",
                    grid=GRID,
                    author="it",
                    address="巴彦嘎查",
                    head_name="王芳",
                    phone="0471-12",
                ),
                _line(entity="spaceships", grid=GRID),
            ]
        ),
        encoding="utf-8",
    )
    db = str(tmp_path / "x.db")
    assert main(["--db", db, "import", str(source)]) == 1
    err = capsys.readouterr().err
    assert "第2行" in err and "JSON" in err
    assert "第3行" in err and "phone" in err and "电话号码格式不正确" in err
    assert "第4行" in err and "spaceships" in err
    assert "未导入任何记录" in err
    assert main(["--db", db, "check"]) == 0
    assert "households: 0" in capsys.readouterr().out


def test_a_database_with_accounts_opens_only_with_one(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "x.db"
    assert main(["--db", str(db), "create"]) == 0
    first_account(db, Account("itadmin", "信息员", Role.ADMIN, ()), "long-enough-1")
    assert main(["--db", str(db), "check"]) == 2
    assert "--user" in capsys.readouterr().err
    monkeypatch.setenv("TONGXIN_PASSWORD", "wrong-password")
    assert main(["--db", str(db), "--user", "itadmin", "check"]) == 2
    assert "密码不正确" in capsys.readouterr().err
    monkeypatch.setenv("TONGXIN_PASSWORD", "long-enough-1")
    assert main(["--db", str(db), "--user", "itadmin", "check"]) == 0
    assert "integrity ok" in capsys.readouterr().out
