"""Machine-wide configuration IT drops in: ``/etc/tongxin/config.toml`` on Linux,
``%PROGRAMDATA%\\Tongxin\\config.toml`` on Windows (``TONGXIN_CONFIG`` names another file).

Every key is optional:

    server_url = "https://tongxin.example.gov.cn"   # the regional server
    ca_bundle = "/etc/tongxin/regional-ca.pem"      # CA certificates for its TLS (a regional PKI)
    enrollment_code = "K7Q2-9XPD"                   # one-time code; the app enrolls with it once
    language = "zh_CN"                              # "zh_CN" or "en"
    idle_lock_minutes = 10                          # lock after this long without input
    user_may_change = ["language"]                  # what a user's own settings may override

    [care_visits]                                   # how often each care group is visited
    elderly_alone = "monthly"                       # monthly, quarterly, yearly, or "" for no rule
    monitored = "quarterly"

A user's own settings override only the keys listed in ``user_may_change``.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import InvalidValue
from app.models.enums import CareGroup, VisitFrequency

KEYS = (
    "server_url",
    "ca_bundle",
    "enrollment_code",
    "language",
    "idle_lock_minutes",
    "user_may_change",
    "care_visits",
)
SECRET_KEYS = frozenset({"enrollment_code"})


@dataclass(frozen=True)
class MachineConfig:
    server_url: str | None = None
    ca_bundle: str | None = None
    enrollment_code: str | None = None
    language: str | None = None
    idle_lock_minutes: int = 10
    user_may_change: tuple[str, ...] = ("language",)
    # care group -> visit frequency, over the defaults of app.services.care
    care_visits: dict[str, str] = field(default_factory=dict)
    source: Path | None = field(default=None, compare=False)

    def allows_user(self, key: str) -> bool:
        return key in self.user_may_change or getattr(self, key, None) is None

    def redacted(self) -> dict[str, Any]:
        """The configuration as a diagnostics bundle may show it: secrets replaced."""
        shown = {key: getattr(self, key) for key in KEYS}
        return {key: ("***" if key in SECRET_KEYS and value else value) for key, value in shown.items()}


def config_path() -> Path:
    override = os.environ.get("TONGXIN_CONFIG")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Tongxin" / "config.toml"
    return Path("/etc/tongxin/config.toml")


def _invalid(path: Path, zh: str, en: str) -> InvalidValue:
    return InvalidValue("machine_config", f"配置文件 {path} 有误：{zh}", f"{path}: {en}")


def load_config(path: Path | None = None) -> MachineConfig:
    """Read the machine configuration; an absent file means defaults, a broken one is an error
    that names the file and the key (IT must hear about a typo, not guess)."""
    path = path or config_path()
    if not path.exists():
        return MachineConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise _invalid(path, f"无法读取（{exc}）。", f"cannot be read ({exc}).") from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise _invalid(path, f"未知的设置项：{', '.join(unknown)}。", f"unknown keys: {', '.join(unknown)}.")
    for key in ("server_url", "ca_bundle", "enrollment_code", "language"):
        if key in data and not isinstance(data[key], str):
            raise _invalid(path, f"{key} 应为文字。", f"{key} must be a string.")
    if data.get("language") not in (None, "zh_CN", "en"):
        raise _invalid(path, "language 只能是 zh_CN 或 en。", "language must be zh_CN or en.")
    minutes = data.get("idle_lock_minutes", 10)
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= 240:
        raise _invalid(path, "idle_lock_minutes 应为1到240之间的整数。", "idle_lock_minutes must be 1..240.")
    may_change = data.get("user_may_change", ["language"])
    if not isinstance(may_change, list) or not set(may_change) <= set(KEYS):
        raise _invalid(path, "user_may_change 应为设置项名称的列表。", "user_may_change must list keys.")
    care_visits = data.get("care_visits", {})
    _check_care_visits(path, care_visits)
    return MachineConfig(
        server_url=data.get("server_url"),
        ca_bundle=data.get("ca_bundle"),
        enrollment_code=data.get("enrollment_code"),
        language=data.get("language"),
        idle_lock_minutes=minutes,
        user_may_change=tuple(may_change),
        care_visits=dict(care_visits),
        source=path,
    )


def _check_care_visits(path: Path, table: Any) -> None:
    groups = {group.value for group in CareGroup}
    frequencies = {"", *(frequency.value for frequency in VisitFrequency)}
    if not isinstance(table, dict):
        raise _invalid(path, "care_visits 应为一个表。", "care_visits must be a table.")
    for group, frequency in table.items():
        if group not in groups:
            raise _invalid(
                path, f"care_visits 中未知的关爱对象类别：{group}。", f"care_visits: unknown group {group}."
            )
        if frequency not in frequencies:
            raise _invalid(
                path,
                f"care_visits.{group} 只能是 monthly、quarterly、yearly 或空。",
                f"care_visits.{group} must be monthly, quarterly, yearly or empty.",
            )
