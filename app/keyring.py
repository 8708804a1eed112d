"""Who may open this laptop's database: the data key wrapped once per user.

The database is encrypted with one random data key. Beside it, ``<db>.keys`` holds, per account,
that key wrapped (AES key wrap, RFC 3394) with a key derived from the account's argon2id password
hash — the raw hash output, which only the password (or the regional server, which verifies the
same hash) can reproduce. So any user of the laptop opens the same file, a password change
re-wraps one entry without re-encrypting anything, and an account the server sends during a sync
can be added while someone is logged in, before its owner ever types a password here.

The file holds names, roles and salts, never a password hash or a key in the clear. The failed
attempt counter lives here too: a deleted counter only resets a delay, the argon2 cost remains.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError
from argon2.low_level import hash_secret_raw
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

from app.errors import InvalidValue, StoreError, TongxinError
from app.models import Role

MIN_PASSWORD = 8
FREE_ATTEMPTS = 3
MAX_DELAY_S = 300.0
_WRAP_CONTEXT = b"tongxin data key wrap v1"


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
    account: Account
    salt: str
    params: str
    hash_len: int
    wrapped: str
    origin: str
    failures: int = 0
    failed_at: str | None = None


@dataclass(frozen=True)
class _Hash:
    """An argon2id hash split into what may be stored (salt, cost) and what may not (output)."""

    params: str
    salt: bytes
    output: bytes

    @classmethod
    def parse(cls, encoded: str) -> _Hash:
        try:
            parameters = extract_parameters(encoded)
            _, variant, _version, params, salt, output = encoded.split("$")
        except (InvalidHashError, ValueError):
            raise StoreError(
                "bad_hash", "账户的密码数据已损坏。", "The account's password data is damaged."
            ) from None
        if parameters.type is not Type.ID or variant != "argon2id":
            raise StoreError(
                "bad_hash", "账户的密码不是 argon2id 格式。", "The account's password is not argon2id."
            )
        return cls(params, _b64decode(salt), _b64decode(output))


def _derive(password: str, params: str, salt: bytes, hash_len: int) -> bytes:
    """The raw argon2id output an encoded hash with these parameters holds for ``password``."""
    costs = dict(part.split("=") for part in params.split(","))
    return hash_secret_raw(
        password.encode(),
        salt,
        time_cost=int(costs["t"]),
        memory_cost=int(costs["m"]),
        parallelism=int(costs["p"]),
        hash_len=hash_len,
        type=Type.ID,
    )


def _b64decode(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _wrapping_key(output: bytes) -> bytes:
    return hashlib.sha256(_WRAP_CONTEXT + output).digest()


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidValue(
            "password_short",
            f"密码至少需要{MIN_PASSWORD}个字符。",
            f"A password needs at least {MIN_PASSWORD} characters.",
        )


def hash_password(password: str) -> str:
    """The argon2id hash the server and this laptop both keep for an account."""
    check_password_rules(password)
    return PasswordHasher().hash(password)


def delay_after(failures: int) -> float:
    """Seconds to wait before the next attempt: none for the first few typos, then doubling."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(2.0 ** (failures - FREE_ATTEMPTS + 1), MAX_DELAY_S)


def keyring_path(database: Path) -> Path:
    return database.with_name(database.name + ".keys")


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
            entries = {}
            for raw in data["accounts"]:
                names = raw.pop("account")
                account = Account(
                    names["username"], names["display_name"], Role(names["role"]), tuple(names["grids"])
                )
                entries[account.username] = _Entry(account=account, **raw)
        except (OSError, ValueError, KeyError, TypeError):
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
        """The data key, if ``password`` is this account's; every failure lengthens the next wait."""
        entry = self._entry(username)
        now = now or datetime.now(UTC)
        wait = self.wait_seconds(username, now=now)
        if wait > 0:
            raise LoginRefused(
                "login_delayed",
                f"密码错误次数过多，请在{wait:.0f}秒后再试。",
                f"Too many wrong passwords: try again in {wait:.0f} seconds.",
            )
        output = _derive(password, entry.params, _b64decode(entry.salt), entry.hash_len)
        try:
            key = aes_key_unwrap(_wrapping_key(output), _b64decode(entry.wrapped))
        except InvalidUnwrap:
            entry.failures += 1
            entry.failed_at = now.isoformat()
            self._write()
            raise LoginRefused("wrong_password", "密码不正确。", "The password is not correct.") from None
        if entry.failures:
            entry.failures, entry.failed_at = 0, None
            self._write()
        return key

    def wait_seconds(self, username: str, *, now: datetime | None = None) -> float:
        entry = self._entry(username)
        if not entry.failed_at:
            return 0.0
        since = ((now or datetime.now(UTC)) - datetime.fromisoformat(entry.failed_at)).total_seconds()
        return max(0.0, delay_after(entry.failures) - since)

    def add(self, account: Account, password_hash: str, data_key: bytes, *, origin: str = "local") -> None:
        """Let ``account`` open the database; replaces its earlier wrapping (a new password)."""
        secret = _Hash.parse(password_hash)
        known = self._entries.get(account.username)
        if known and known.account == account and known.salt == _b64(secret.salt):
            return
        wrapped = aes_key_wrap(_wrapping_key(secret.output), data_key)
        self._entries[account.username] = _Entry(
            account=account,
            salt=_b64(secret.salt),
            params=secret.params,
            hash_len=len(secret.output),
            wrapped=_b64(wrapped),
            origin=origin,
        )
        self._write()

    def change_password(self, username: str, old: str, new: str) -> str:
        """Re-wrap the same data key under a new password; nothing in the database changes."""
        entry = self._entry(username)
        if entry.origin == "server":
            raise LoginRefused(
                "server_account",
                "该账户由区域服务器管理，请由管理员在服务器上修改密码，同步后生效。",
                "This account is managed by the regional server: an administrator changes its password "
                "there, and the laptop follows at its next sync.",
            )
        check_password_rules(new)
        data_key = self.unlock(username, old)
        new_hash = hash_password(new)
        self.add(entry.account, new_hash, data_key)
        return new_hash

    def adopt_server_accounts(self, users: Iterable[tuple[Account, str]], data_key: bytes) -> None:
        """Accounts the server sent for this device's grids: add new ones, follow password and role
        changes, drop the server's accounts it no longer lists — never the last way in."""
        listed = {}
        for account, password_hash in users:
            listed[account.username] = account
            self.add(account, password_hash, data_key, origin="server")
        gone = [n for n, e in self._entries.items() if e.origin == "server" and n not in listed]
        for username in gone:
            if len(self._entries) > 1:
                del self._entries[username]
        if gone:
            self._write()

    def _entry(self, username: str) -> _Entry:
        entry = self._entries.get(username)
        if entry is None:
            raise LoginRefused(
                "no_account", f"本机没有账户“{username}”。", f"No account {username} on this laptop."
            )
        return entry

    def _write(self) -> None:
        """Write a new file and rename it over the old: a crash leaves one or the other, whole."""
        data = {"version": 1, "accounts": [asdict(entry) for entry in self._entries.values()]}
        for raw in data["accounts"]:
            raw["account"]["role"] = raw["account"]["role"].value
        temporary = self.path.with_name(self.path.name + ".new")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)
        _sync_directory(self.path.parent)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


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
    ring.add(account, hash_password(password), data_key)
    legacy.unlink(missing_ok=True)
    return data_key
