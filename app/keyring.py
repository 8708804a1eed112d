"""Who may open this laptop's database: the data key sealed once per account.

The database is encrypted with one random data key. Beside it, ``<db>.keys`` holds, per account,
that key sealed to the account's public key, and the account's private key wrapped under its
password (app.account_keys): opening the data key takes the password, one argon2id (64 MiB) per
guess, whatever else a thief holds. Any user of the laptop opens the same file; a password change
re-wraps one private key without touching the seal; an account the server sends during a sync
comes with its public key, so the laptop seals its data key to it while someone is logged in,
before its owner ever types a password here.

Version 1 of this file wrapped the data key under a key derived from the password hash the server
sent every device (app.legacy_keys). Such an entry is read, never written: it becomes a sealed one
at its owner's next login, or when a sync brings the account's key pair.

The file holds names, roles, public keys, salts and wrapped keys, never a password, a hash or a
key in the clear. The failed attempt counter lives here too: a deleted counter only resets a
delay, the argon2 cost remains.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.account_keys import (
    PasswordKey,
    SealedKey,
    WrappedAccountKey,
    WrongPassword,
    check_password_rules,
    new_account_key,
    open_sealed,
    seal,
    wrap_private_key,
)
from app.errors import StoreError, TongxinError
from app.legacy_keys import LegacyWrap
from app.models import Role

FREE_ATTEMPTS = 3
MAX_DELAY_S = 300.0
FORMAT = 2


class LoginRefused(TongxinError):
    """A password that does not open the account, or an attempt made before the delay has passed."""


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: Role
    grids: tuple[str, ...]


@dataclass
class _Entry:
    """One account's way in: a seal and its key pair, or (until migrated) a version 1 wrapping."""

    account: Account
    origin: str
    key: WrappedAccountKey | None = None
    sealed: SealedKey | None = None
    legacy: LegacyWrap | None = None
    failures: int = 0
    failed_at: str | None = None

    def as_dict(self) -> dict[str, object]:
        account = self.account
        return {
            "account": {
                "username": account.username,
                "display_name": account.display_name,
                "role": account.role.value,
                "grids": list(account.grids),
            },
            "origin": self.origin,
            "key": self.key.as_dict() if self.key else None,
            "sealed": self.sealed.as_dict() if self.sealed else None,
            "legacy": self.legacy.as_dict() if self.legacy else None,
            "failures": self.failures,
            "failed_at": self.failed_at,
        }

    def open(self, password: str) -> tuple[bytes, X25519PrivateKey]:
        """The data key and the account's private key; WrongPassword if the password is not its."""
        if self.key is None or self.sealed is None:
            raise StoreError("keyring_damaged", "账户文件已损坏。", "The accounts file is damaged.")
        private = self.key.private_key(self.key.password_key(password))
        return open_sealed(self.sealed, private), private

    @classmethod
    def from_dict(cls, raw: dict[str, object], version: int) -> _Entry:
        names = _mapping(raw, "account")
        account = Account(
            str(names["username"]),
            str(names["display_name"]),
            Role(str(names["role"])),
            tuple(str(grid) for grid in _list(names, "grids")),
        )
        failures, failed_at = raw.get("failures", 0), raw.get("failed_at")
        entry = cls(
            account,
            str(raw["origin"]),
            failures=failures if isinstance(failures, int) else 0,
            failed_at=failed_at if isinstance(failed_at, str) else None,
        )
        if version == 1:
            entry.legacy = LegacyWrap.from_dict(raw)
        elif raw.get("legacy") is not None:
            entry.legacy = LegacyWrap.from_dict(_mapping(raw, "legacy"))
        else:
            entry.key = WrappedAccountKey.from_dict(_mapping(raw, "key"))
            entry.sealed = SealedKey.from_dict(_mapping(raw, "sealed"))
        return entry


def _mapping(raw: dict[str, object], name: str) -> dict[str, object]:
    value = raw[name]
    if not isinstance(value, dict):
        raise TypeError(name)
    return value


def _list(raw: dict[str, object], name: str) -> list[object]:
    value = raw[name]
    if not isinstance(value, list):
        raise TypeError(name)
    return value


def delay_after(failures: int) -> float:
    """Seconds to wait before the next attempt: none for the first few typos, then doubling."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(2.0 ** (failures - FREE_ATTEMPTS + 1), MAX_DELAY_S)


def keyring_path(database: Path) -> Path:
    return database.with_name(database.name + ".keys")


def _wrong_password() -> LoginRefused:
    return LoginRefused("wrong_password", "密码不正确。", "The password is not correct.")


class KeyRing:
    """The accounts that can open one database. Changes are written at once, atomically."""

    def __init__(self, path: Path, entries: dict[str, _Entry]) -> None:
        self.path = path
        self._entries = entries

    @classmethod
    def for_database(cls, database: Path) -> KeyRing:
        path = keyring_path(database)
        if not path.exists():
            return cls(path, {})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            version = data["version"]
            if version not in (1, FORMAT):
                raise ValueError(version)
            entries = {}
            for raw in data["accounts"]:
                entry = _Entry.from_dict(raw, version)
                entries[entry.account.username] = entry
        except (OSError, ValueError, KeyError, TypeError, StoreError):
            raise StoreError(
                "keyring_damaged",
                f"账户文件已损坏，无法登录：{path}",
                f"The accounts file is damaged; nobody can log in: {path}",
            ) from None
        return cls(path, entries)

    def accounts(self) -> list[Account]:
        return sorted((entry.account for entry in self._entries.values()), key=lambda a: a.username)

    def account(self, username: str) -> Account:
        return self._entry(username).account

    def __bool__(self) -> bool:
        return bool(self._entries)

    def unlock(self, username: str, password: str, *, now: datetime | None = None) -> bytes:
        """The data key, if ``password`` is this account's; every failure lengthens the next wait.

        An entry of version 1 becomes a sealed one here, its owner having just typed the password."""
        return self._open(username, password, now=now)[0]

    def _open(
        self, username: str, password: str, *, now: datetime | None = None
    ) -> tuple[bytes, X25519PrivateKey]:
        entry = self._entry(username)
        now = now or datetime.now(UTC)
        wait = self.wait_seconds(username, now=now)
        if wait > 0:
            raise LoginRefused(
                "login_delayed",
                f"密码错误次数过多，请在{wait:.0f}秒后再试。",
                f"Too many wrong passwords: try again in {wait:.0f} seconds.",
            )
        legacy = entry.legacy
        try:
            if legacy is None:
                data_key, private = entry.open(password)
            else:
                data_key = legacy.open(password)
                private = X25519PrivateKey.generate()
                self._seal(entry, wrap_private_key(private, PasswordKey.derive(password)), data_key)
        except WrongPassword:
            entry.failures += 1
            entry.failed_at = now.isoformat()
            self._write()
            raise _wrong_password() from None
        if entry.failures or legacy:
            entry.failures, entry.failed_at = 0, None
            self._write()
        return data_key, private

    def wait_seconds(self, username: str, *, now: datetime | None = None) -> float:
        entry = self._entry(username)
        if not entry.failed_at:
            return 0.0
        since = ((now or datetime.now(UTC)) - datetime.fromisoformat(entry.failed_at)).total_seconds()
        return max(0.0, delay_after(entry.failures) - since)

    def add(self, account: Account, password: str, data_key: bytes) -> None:
        """Let a new local ``account`` open the database, with a key pair of its own."""
        self.add_accounts([(account, new_account_key(password))], data_key)

    def add_accounts(self, accounts: Iterable[tuple[Account, WrappedAccountKey]], data_key: bytes) -> None:
        """Local accounts whose key pairs are already made (the demo makes many for one password)."""
        for account, key in accounts:
            entry = _Entry(account, "local")
            self._seal(entry, key, data_key)
            self._entries[account.username] = entry
        self._write()

    def change_password(self, username: str, old: str, new: str) -> None:
        """Re-wrap the same key pair under a new password; the seal and the database stay."""
        entry = self._entry(username)
        if entry.origin == "server":
            raise LoginRefused(
                "server_account",
                "该账户由区域服务器管理，请由管理员在服务器上修改密码，同步后生效。",
                "This account is managed by the regional server: an administrator changes its password "
                "there, and the laptop follows at its next sync.",
            )
        check_password_rules(new)
        _data_key, private = self._open(username, old)
        entry.key = wrap_private_key(private, PasswordKey.derive(new))
        self._write()

    def adopt_server_accounts(
        self, users: Iterable[tuple[Account, WrappedAccountKey | None]], data_key: bytes
    ) -> bool:
        """Accounts the server sent for this device's grids: seal the data key to each new key pair
        (dropping a version 1 entry), take a new wrapping of the same pair (a password changed on
        the server), follow names and roles, drop the server's accounts it no longer lists — never
        the last way in. An account sent without a key pair (made before key pairs, its password not
        yet renewed) keeps whatever entry it has. Whether anything changed (the file is written
        only then)."""
        listed: set[str] = set()
        changed = False
        for account, key in users:
            listed.add(account.username)
            changed |= self._adopt(account, key, data_key)
        for username in [n for n, e in self._entries.items() if e.origin == "server" and n not in listed]:
            if len(self._entries) > 1:
                del self._entries[username]
                changed = True
        if changed:
            self._write()
        return changed

    def _adopt(self, account: Account, key: WrappedAccountKey | None, data_key: bytes) -> bool:
        known = self._entries.get(account.username)
        if key is None:
            if known is None or known.account == account:
                return False
            known.account = account
            return True
        if known is None:
            known = self._entries[account.username] = _Entry(account, "server")
        elif known.key is not None and known.key.public_key == key.public_key:
            if known.key == key and known.account == account and known.origin == "server":
                return False
            known.account, known.origin, known.key = account, "server", key
            return True
        known.account, known.origin = account, "server"
        self._seal(known, key, data_key)
        return True

    @staticmethod
    def _seal(entry: _Entry, key: WrappedAccountKey, data_key: bytes) -> None:
        entry.key, entry.sealed, entry.legacy = key, seal(data_key, key.public_key), None

    def _entry(self, username: str) -> _Entry:
        entry = self._entries.get(username)
        if entry is None:
            raise LoginRefused(
                "no_account", f"本机没有账户“{username}”。", f"No account {username} on this laptop."
            )
        return entry

    def _write(self) -> None:
        """Write a new file and rename it over the old: a crash leaves one or the other, whole."""
        data = {"version": FORMAT, "accounts": [entry.as_dict() for entry in self._entries.values()]}
        temporary = self.path.with_name(self.path.name + ".new")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
        _sync_directory(self.path.parent)


def _sync_directory(directory: Path) -> None:
    if os.name == "posix":
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def first_account(database: Path, account: Account, password: str) -> bytes:
    """Create the first account of a new database (or of one opened with a legacy key file)."""
    # The store loads here, not with this module: the login dialog reads the ring before it.
    from app.keyfile import key_path_for, load_key
    from app.store.connection import new_key

    check_password_rules(password)
    ring = KeyRing.for_database(database)
    if ring:
        raise StoreError("has_accounts", "本机已有账户。", "This laptop already has accounts.")
    legacy = key_path_for(database)
    if database.exists() and not legacy.exists():
        raise StoreError(
            "keyring_missing",
            f"数据库已存在，但缺少账户文件 {keyring_path(database).name}，无法打开。请从备份恢复该文件。",
            f"The database exists but its accounts file {keyring_path(database).name} is missing: "
            "restore it from the backup.",
        )
    data_key = load_key(legacy) if legacy.exists() else new_key()
    ring.add(account, password, data_key)
    legacy.unlink(missing_ok=True)
    return data_key
