"""The ``tongxin`` command as IT's scripts meet it: every refusal is a sentence in Chinese and
English with a documented exit code (ui.exit_codes), never a traceback; a broken machine
configuration is shown to a person who started the app from the menu, and logged."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.config import load_config
from app.errors import InvalidValue
from app.keyring import Account, first_account
from app.models import Role
from app.store import Store
from ui.exit_codes import ExitCode, refuse
from ui.main import command_line, started_by_a_person
from ui.qt_environment import display_missing

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PASSWORD = "correct-horse"


def tongxin(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The command as IT runs it over ssh: no display (every path used here needs none)."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TONGXIN_DATA_DIR": str(tmp_path / "data"),
        "TONGXIN_CONFIG": str(tmp_path / "absent.toml"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "ui.main", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


@pytest.fixture
def laptop_database(tmp_path: Path) -> Path:
    """A database whose only account is the administrator's, as a laptop's first start leaves it."""
    database = tmp_path / "tongxin.db"
    key = first_account(database, Account("admin", "管理员", Role.ADMIN, ()), PASSWORD)
    Store.open(database, key).close()
    return database


def test_check_db_reports_what_the_database_holds(laptop_database: Path, tmp_path: Path) -> None:
    done = tongxin(
        "--check-db",
        "--db",
        str(laptop_database),
        "--user",
        "admin",
        tmp_path=tmp_path,
        TONGXIN_PASSWORD=PASSWORD,
    )
    assert done.returncode == ExitCode.OK, done.stderr
    assert "integrity ok" in done.stdout and "pending changes 0" in done.stdout


@pytest.mark.parametrize(
    ("args", "password", "code", "zh", "en"),
    [
        (
            ["--user", "worker101"],
            PASSWORD,
            ExitCode.LOGIN,
            "本机没有账户“worker101”。本机的账户有：admin",
            "give one of them with --user",
        ),
        (
            ["--user", "admin"],
            "not-the-password",
            ExitCode.LOGIN,
            "账户“admin”的密码不正确",
            "The password in TONGXIN_PASSWORD is not admin's",
        ),
        ([], PASSWORD, ExitCode.USAGE, "请加 --user 账户名", "--check-db needs an account"),
    ],
    ids=["unknown account", "wrong password", "no account given"],
)
def test_check_db_refuses_with_a_sentence_and_its_exit_code(
    laptop_database: Path, tmp_path: Path, args: list[str], password: str, code: ExitCode, zh: str, en: str
) -> None:
    done = tongxin(
        "--check-db", "--db", str(laptop_database), *args, tmp_path=tmp_path, TONGXIN_PASSWORD=password
    )
    assert done.returncode == code
    assert zh in done.stderr and en in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_check_db_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "elsewhere.db"
    done = tongxin("--check-db", "--db", str(missing), tmp_path=tmp_path)
    assert done.returncode == ExitCode.DATABASE
    assert f"找不到数据库文件 {missing}" in done.stderr and "give the one to check with --db" in done.stderr
    assert not missing.exists()


def test_a_damaged_accounts_file_is_a_database_problem(laptop_database: Path, tmp_path: Path) -> None:
    laptop_database.with_name("tongxin.db.keys").write_text("{", encoding="utf-8")
    done = tongxin(
        "--check-db",
        "--db",
        str(laptop_database),
        "--user",
        "admin",
        tmp_path=tmp_path,
        TONGXIN_PASSWORD=PASSWORD,
    )
    assert done.returncode == ExitCode.DATABASE
    assert "账户文件已损坏" in done.stderr and "Traceback" not in done.stderr


def test_a_broken_config_stops_a_scripted_start_with_its_code_and_a_log_line(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('server_ulr = "https://tongxin.example.gov.cn"\n', encoding="utf-8")
    done = tongxin(
        "--quit-when-shown",
        "--demo",
        tmp_path=tmp_path,
        TONGXIN_CONFIG=str(config),
        QT_QPA_PLATFORM="offscreen",
    )
    assert done.returncode == ExitCode.CONFIG
    assert f"配置文件 {config} 有误：未知的设置项：server_ulr" in done.stderr
    assert f"{config}: unknown keys: server_ulr" in done.stderr
    log = (tmp_path / "data" / "logs" / "tongxin.log").read_text(encoding="utf-8")
    assert "stopped (exit 3)" in log and "server_ulr" in log
    assert not (tmp_path / "data" / "demo.db").exists()


def test_the_window_over_ssh_says_what_works_there_instead(tmp_path: Path) -> None:
    """IT types ``tongxin --demo`` in an SSH session: no window can open, and Qt would abort
    (SIGABRT) with its own text about xcb plugins. A sentence names what runs without a display."""
    done = tongxin("--demo", tmp_path=tmp_path)
    assert done.returncode == ExitCode.NO_DISPLAY, done.stderr
    for option in ("--check-db", "--self-test", "--diagnostics"):
        assert done.stderr.count(option) == 2  # once in each language
    assert "没有图形显示" in done.stderr and "There is no display here" in done.stderr
    assert "xcb" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "demo.db").exists()
    done = tongxin("--self-test", tmp_path=tmp_path)  # one of them, in the same session
    assert done.returncode != ExitCode.NO_DISPLAY and "window: main window rendered" in done.stdout


@pytest.mark.parametrize(
    ("environ", "system", "missing"),
    [
        ({}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "vnc:size=800x600"}, "linux", False),
        ({}, "win32", False),
    ],
)
def test_a_display_is_missing_only_where_qt_would_need_one(
    environ: dict[str, str], system: str, missing: bool
) -> None:
    assert display_missing(environ, system) is missing


def test_self_test_fails_on_a_broken_config(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("idle_lock_minutes = 0\n", encoding="utf-8")
    done = tongxin("--self-test", tmp_path=tmp_path, TONGXIN_CONFIG=str(config))
    assert done.returncode == ExitCode.CHECK_FAILED
    assert "FAIL  machine config: " in done.stdout and "idle_lock_minutes" in done.stdout
    assert "ok    database" in done.stdout and "Traceback" not in done.stdout


def test_self_test_fails_when_no_font_draws_the_names(tmp_path: Path) -> None:
    """No font at all, as on a machine where the font packages were removed: the names would be
    boxes, and the self-test says which package draws which script."""
    fonts = tmp_path / "fonts.conf"
    fonts.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{tmp_path / "no-fonts"}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    done = tongxin("--self-test", tmp_path=tmp_path, FONTCONFIG_FILE=str(fonts))
    assert done.returncode == ExitCode.CHECK_FAILED
    assert "FAIL  fonts: " in done.stdout and "fonts-noto-cjk" in done.stdout


def test_a_person_starting_from_the_menu_sees_the_refusal(
    qapp: QApplication, caplog, capsys, tmp_path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('language = "mn"\n', encoding="utf-8")
    with pytest.raises(InvalidValue) as broken:
        load_config(config)
    shown: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        shown.append(box.text())
        box.accept()

    QTimer.singleShot(50, read_and_close)
    with caplog.at_level(logging.ERROR):
        code = refuse(broken.value, dialog=True)
    assert code == ExitCode.CONFIG
    assert shown and f"配置文件 {config} 有误" in shown[0] and "language must be zh_CN or en" in shown[0]
    assert "language must be zh_CN or en" in caplog.text and "exit 3" in caplog.text
    assert "language 只能是 zh_CN 或 en" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "person"),
    [
        ([], True),
        (["--demo"], True),
        (["--check-db"], False),
        (["--self-test"], False),
        (["--user", "admin"], False),
        (["--quit-when-shown"], False),
    ],
)
def test_only_a_start_from_the_menu_shows_dialogs(args: list[str], person: bool) -> None:
    assert started_by_a_person(command_line().parse_args(args)) is person


def test_files_of_an_older_version_become_private(tmp_path: Path) -> None:
    """A version-1 database made readable by everyone (as earlier versions made them): after a
    check its file, its key file and the backup the upgrade makes are the owner's alone."""
    database = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "schema_v1.db", database)
    shutil.copyfile(FIXTURES / "schema_v1.key", tmp_path / "old.db.key")
    for path in tmp_path.iterdir():
        path.chmod(0o644)
    done = tongxin("--check-db", "--db", str(database), tmp_path=tmp_path)
    assert done.returncode == ExitCode.OK, done.stderr
    made = sorted(tmp_path.glob("old.db*"))
    assert any(path.name.startswith("old.db.v1-") for path in made)
    assert {path.name: oct(path.stat().st_mode & 0o777) for path in made} == {
        path.name: "0o600" for path in made
    }
    logs = tmp_path / "data" / "logs"
    assert (logs / "tongxin.log").stat().st_mode & 0o777 == 0o600
    assert logs.stat().st_mode & 0o777 == 0o700 and logs.parent.stat().st_mode & 0o777 == 0o700


def test_an_unforeseen_failure_still_ends_in_a_sentence_and_the_log(tmp_path: Path) -> None:
    target = tmp_path / "no such folder" / "diag.zip"
    done = tongxin("--diagnostics", str(target), tmp_path=tmp_path)
    assert done.returncode == ExitCode.UNEXPECTED
    log = tmp_path / "data" / "logs" / "tongxin.log"
    assert f"详情已写入日志 {log}" in done.stderr and "tongxin --diagnostics" in done.stderr
    assert "Traceback" not in done.stderr
    assert "Traceback" in log.read_text(encoding="utf-8")  # the details, for whoever reads the log
