"""IT's machine-wide configuration: read, checked key by key, applied to a laptop not yet enrolled."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.config import MachineConfig, load_config
from app.errors import InvalidValue
from app.store import Store
from ui.main import apply_machine_config

ROOT = Path(__file__).resolve().parent.parent
GOOD = """
server_url = "https://tongxin.example.gov.cn"
ca_bundle = "/etc/tongxin/regional-ca.pem"
enrollment_code = "K7Q2-9XPD"
language = "en"
idle_lock_minutes = 15
user_may_change = []
"""


def test_a_complete_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD, encoding="utf-8")
    config = load_config(path)
    assert config.server_url == "https://tongxin.example.gov.cn" and config.idle_lock_minutes == 15
    assert not config.allows_user("language") and config.redacted()["enrollment_code"] == "***"


def test_no_file_means_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "absent.toml") == MachineConfig()


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('server_ulr = "x"', "未知的设置项：server_ulr"),
        ('language = "mn"', "language 只能是 zh_CN 或 en"),
        ("idle_lock_minutes = 0", "idle_lock_minutes 应为1到240之间的整数"),
        ('server_url = "x', "无法读取"),
    ],
)
def test_a_broken_file_names_the_file_and_the_key(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidValue) as error:
        load_config(path)
    assert str(path) in error.value.zh and words in error.value.zh


def test_the_server_reaches_a_laptop_not_yet_enrolled(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD, encoding="utf-8")
    apply_machine_config(store, load_config(path))
    assert store.meta("server_url") == "https://tongxin.example.gov.cn"
    assert store.meta("enrollment_code") == "K7Q2-9XPD"
    with store.transaction():
        store.set_meta("server_token", "enrolled")
        store.set_meta("server_url", "https://other.example")
    apply_machine_config(store, load_config(path))
    assert store.meta("server_url") == "https://other.example"


def test_self_test_passes_and_diagnostics_hide_secrets(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(GOOD, encoding="utf-8")
    env = {
        "TONGXIN_CONFIG": str(config),
        "TONGXIN_DATA_DIR": str(tmp_path / "data"),
        "PATH": "/usr/bin:/bin",
    }
    test = subprocess.run(
        [sys.executable, "-m", "ui.main", "--self-test"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert test.returncode == 0, test.stdout + test.stderr
    assert "self-test passed" in test.stdout and "wrong key refused" in test.stdout
    bundle = tmp_path / "diag.zip"
    command = [sys.executable, "-m", "ui.main", "--diagnostics", str(bundle)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True)
    assert done.returncode == 0
    with zipfile.ZipFile(bundle) as archive:
        shown = json.loads(archive.read("machine-config.json"))
        assert shown["enrollment_code"] == "***" and shown["server_url"] == "https://tongxin.example.gov.cn"
        assert b"K7Q2-9XPD" not in b"".join(archive.read(name) for name in archive.namelist())


def test_care_visit_rules_come_from_the_machine_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[care_visits]\nveteran = "quarterly"\nelderly_alone = ""\n', encoding="utf-8")
    assert load_config(path).care_visits == {"veteran": "quarterly", "elderly_alone": ""}
    path.write_text('[care_visits]\nveteran = "weekly"\n', encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"care_visits\.veteran"):
        load_config(path)
    path.write_text('[care_visits]\nastronaut = "monthly"\n', encoding="utf-8")
    with pytest.raises(InvalidValue, match="astronaut"):
        load_config(path)
