"""An account's key pair: the password unwraps it, a change re-wraps the same pair, a seal opens
only with its private key, and anything altered is refused, never silently accepted."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest

from app.account_keys import (
    PasswordKey,
    WrappedAccountKey,
    WrongPassword,
    new_account_key,
    open_sealed,
    seal,
)
from app.errors import InvalidValue, StoreError

# Test costs (tests/conftest.py); the first test derives at the real ones.
pytestmark = pytest.mark.cheap_kdf


@pytest.mark.real_kdf
def test_the_password_unwraps_the_pair_and_a_change_keeps_it() -> None:
    key = new_account_key("wangfang-2026")
    assert (key.kdf.memory_kib, key.kdf.time_cost, key.kdf.parallelism) == (64 * 1024, 3, 4)
    assert WrappedAccountKey.from_dict(key.as_dict()) == key
    with pytest.raises(WrongPassword):
        key.private_key(key.password_key("wangfang-2027"))
    changed = key.rewrapped("wangfang-2026", "wangfang-2027")
    assert changed.public_key == key.public_key and changed.salt != key.salt
    private = changed.private_key(changed.password_key("wangfang-2027"))
    data_key = os.urandom(32)
    assert open_sealed(seal(data_key, key.public_key), private) == data_key
    with pytest.raises(InvalidValue, match="8"):
        key.rewrapped("wangfang-2026", "short")


def test_an_altered_key_or_seal_is_refused() -> None:
    password_key = PasswordKey.derive("wangfang-2026")
    key, other = new_account_key(password_key), new_account_key(password_key)
    private = key.private_key(password_key)
    swapped = replace(key, public_key=other.public_key)
    with pytest.raises(WrongPassword):  # the wrapping is bound to its public key
        swapped.private_key(password_key)
    sealed = seal(os.urandom(32), key.public_key)
    with pytest.raises(StoreError):
        open_sealed(
            replace(sealed, ciphertext=sealed.ciphertext[:-1] + bytes([sealed.ciphertext[-1] ^ 1])), private
        )
    with pytest.raises(StoreError):
        open_sealed(sealed, other.private_key(password_key))
    with pytest.raises(StoreError):
        WrappedAccountKey.from_dict({**key.as_dict(), "public_key": "not base64!"})
