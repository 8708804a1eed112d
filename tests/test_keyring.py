"""The data key sealed per account: every account opens the same encrypted file, nobody else does."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.account_keys import KdfParameters, new_account_key
from app.errors import InvalidValue, StoreError, WrongKey
from app.keyfile import key_path_for, load_or_create_key
from app.keyring import (
    Account,
    KeyRing,
    LoginRefused,
    delay_after,
    first_account,
    keyring_path,
)
from app.models import Household, Role
from app.store import Store
from sync.protocol import OfflineKey
from tests.conftest import make_household

ADMIN = Account("admin", "管理员", Role.ADMIN, ("152500",))
WORKER = Account("worker101", "王芳", Role.WORKER, ("152500101001",))
# Test costs (tests/conftest.py), except where the 64 MiB floor itself is tested.
pytestmark = pytest.mark.cheap_kdf


def _database_with_two_users(path: Path) -> Household:
    key = first_account(path, ADMIN, "admin-pass-1")
    KeyRing.for_database(path).add(WORKER, "worker-pass-1", key)
    with Store.open(path, key) as store:
        return store.save(make_household())


def test_two_users_open_the_same_encrypted_file(db_path: Path) -> None:
    household = _database_with_two_users(db_path)
    ring = KeyRing.for_database(db_path)
    for username, password in (("admin", "admin-pass-1"), ("worker101", "worker-pass-1")):
        with Store.open(db_path, ring.unlock(username, password)) as store:
            assert store.get(Household, household.id).head_name == household.head_name
    assert [a.username for a in ring.accounts()] == ["admin", "worker101"]


def test_the_wrong_password_cannot_open_it_and_the_file_holds_no_secret(db_path: Path) -> None:
    _database_with_two_users(db_path)
    ring = KeyRing.for_database(db_path)
    with pytest.raises(LoginRefused) as refused:
        ring.unlock("worker101", "admin-pass-1")
    assert refused.value.code == "wrong_password"
    with pytest.raises(WrongKey):
        Store.open(db_path, b"\0" * 32)
    text = keyring_path(db_path).read_text(encoding="utf-8")
    key = ring.unlock("admin", "admin-pass-1")
    assert key.hex() not in text and "argon2id$" not in text
    assert keyring_path(db_path).stat().st_mode & 0o077 == 0


def test_a_password_change_rewraps_and_keeps_the_data_readable(db_path: Path) -> None:
    household = _database_with_two_users(db_path)
    ring = KeyRing.for_database(db_path)
    before = db_path.read_bytes()
    ring.change_password("worker101", "worker-pass-1", "new-worker-pass")
    assert db_path.read_bytes() == before  # nothing re-encrypted
    ring = KeyRing.for_database(db_path)
    with pytest.raises(LoginRefused):
        ring.unlock("worker101", "worker-pass-1")
    with Store.open(db_path, ring.unlock("worker101", "new-worker-pass")) as store:
        assert store.get(Household, household.id).address == household.address
    with pytest.raises(InvalidValue, match="8"):
        ring.change_password("worker101", "new-worker-pass", "short")


def test_failed_attempts_make_the_next_one_wait_longer(db_path: Path) -> None:
    _database_with_two_users(db_path)
    ring = KeyRing.for_database(db_path)
    now = datetime(2026, 11, 29, 8, tzinfo=UTC)
    for _ in range(3):
        with pytest.raises(LoginRefused, match="not correct"):
            ring.unlock("worker101", "guess", now=now)
    for wait in (2.0, 4.0, 8.0):
        ring = KeyRing.for_database(db_path)  # the count survives a restart of the app
        assert ring.wait_seconds("worker101", now=now) == wait
        with pytest.raises(LoginRefused) as delayed:
            ring.unlock("worker101", "worker-pass-1", now=now + timedelta(seconds=wait - 0.5))
        assert delayed.value.code == "login_delayed"
        now += timedelta(seconds=wait)
        with pytest.raises(LoginRefused, match="not correct"):
            ring.unlock("worker101", "guess", now=now)
    assert ring.unlock("worker101", "worker-pass-1", now=now + timedelta(seconds=16)) is not None
    assert ring.wait_seconds("worker101", now=now) == 0.0
    assert delay_after(2) == 0.0 and delay_after(30) == 300.0


def test_a_server_account_can_be_added_before_its_owner_types_a_password(db_path: Path) -> None:
    """The server sends an account's public key and wrapped private key: the laptop seals its data
    key to the public key, and only the password opens it."""
    _database_with_two_users(db_path)
    ring = KeyRing.for_database(db_path)
    key = ring.unlock("admin", "admin-pass-1")
    supervisor = Account("supervisor1", "李明", Role.SUPERVISOR, ("15250001",))
    server_key = new_account_key("supervisor-pass")
    assert ring.adopt_server_accounts([(supervisor, server_key)], key)
    assert KeyRing.for_database(db_path).unlock("supervisor1", "supervisor-pass") == key
    with pytest.raises(LoginRefused, match="server"):
        ring.change_password("supervisor1", "supervisor-pass", "another-pass")
    ring.adopt_server_accounts([], key)
    assert "supervisor1" not in [a.username for a in KeyRing.for_database(db_path).accounts()]


def test_a_sync_that_brings_nothing_new_leaves_the_file_alone(db_path: Path) -> None:
    _database_with_two_users(db_path)
    ring = KeyRing.for_database(db_path)
    key = ring.unlock("admin", "admin-pass-1")
    supervisor = (
        Account("supervisor1", "李明", Role.SUPERVISOR, ("15250001",)),
        new_account_key("sup-pass-1"),
    )
    assert ring.adopt_server_accounts([supervisor], key)
    before = keyring_path(db_path).stat()
    assert not KeyRing.for_database(db_path).adopt_server_accounts([supervisor], key)
    after = keyring_path(db_path).stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.real_kdf
def test_a_key_cheaper_than_64_mib_is_refused_from_any_source(db_path: Path) -> None:
    with pytest.raises(StoreError) as weak:
        KdfParameters(time_cost=3, memory_kib=32 * 1024, parallelism=4)
    assert weak.value.code == "kdf_too_weak" and "65536" in weak.value.en
    _database_with_two_users(db_path)
    data = json.loads(keyring_path(db_path).read_text(encoding="utf-8"))
    data["accounts"][1]["key"]["kdf"]["memory_kib"] = 8
    keyring_path(db_path).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError, match="damaged"):
        KeyRing.for_database(db_path)
    sent = data["accounts"][1]["key"]
    with pytest.raises(ValidationError, match="memory_kib"):
        OfflineKey.model_validate(sent)  # a server's answer asking for 8 KiB is refused on arrival


def test_a_legacy_key_file_becomes_the_first_accounts_key(db_path: Path) -> None:
    legacy = load_or_create_key(key_path_for(db_path))
    with Store.open(db_path, legacy) as store:
        household = store.save(make_household())
    key = first_account(db_path, ADMIN, "admin-pass-1")
    assert key == legacy and not key_path_for(db_path).exists()
    with Store.open(db_path, KeyRing.for_database(db_path).unlock("admin", "admin-pass-1")) as store:
        assert store.get(Household, household.id)


def test_a_damaged_accounts_file_is_reported(db_path: Path) -> None:
    keyring_path(db_path).write_text(json.dumps({"accounts": [{"nope": 1}]}), encoding="utf-8")
    with pytest.raises(Exception, match="damaged"):
        KeyRing.for_database(db_path)


def test_a_database_without_its_accounts_file_is_not_given_a_new_key(db_path: Path) -> None:
    _database_with_two_users(db_path)
    keyring_path(db_path).unlink()
    with pytest.raises(StoreError, match="restore"):
        first_account(db_path, ADMIN, "admin-pass-2")
    assert not keyring_path(db_path).exists()
