"""An account's key pair, and a laptop's data key sealed to it (shared by laptops and the server).

Each account has an X25519 key pair. Its private key is only ever stored or sent wrapped: AES-GCM
under a key derived from the account's password with argon2id (at least 64 MiB, its own random
salt). The public key lets anyone seal a secret the account alone can open: a laptop seals its
data key to each account's public key (ephemeral X25519, HKDF-SHA256, AES-GCM), so it can add an
account the server sent without knowing its password, and the server, which keeps only the
wrapped pair, never holds anything a device could use to open a laptop. Guessing a password
offline costs one argon2id per guess, whatever a thief holds.

A password change re-wraps the same pair (seals made to it stay valid); a reset makes a new one.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import InvalidValue, StoreError, TongxinError

MIN_PASSWORD = 8
MIN_MEMORY_KIB = 64 * 1024
# What a new key costs. Read at each derivation (as the floor above is at each check), so a test
# fixture can lower both in its own process; nothing a user, a file or the server sends can.
NEW_KEY_TIME_COST = 3
NEW_KEY_MEMORY_KIB = MIN_MEMORY_KIB
NEW_KEY_PARALLELISM = 4
# Upper bounds keep a damaged file or a hostile answer from asking for hours or gigabytes.
MAX_MEMORY_KIB = 1024 * 1024
MAX_TIME_COST = 20
MAX_PARALLELISM = 16
SALT_BYTES = 16
_NONCE_BYTES = 12
_WRAP_CONTEXT = b"tongxin account private key v2"
_SEAL_CONTEXT = b"tongxin data key seal v2"


class WrongPassword(TongxinError):
    """The password does not unwrap this account's private key."""

    def __init__(self) -> None:
        super().__init__("wrong_password", "密码不正确。", "The password is not correct.")


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidValue(
            "password_short",
            f"密码至少需要{MIN_PASSWORD}个字符。",
            f"A password needs at least {MIN_PASSWORD} characters.",
        )


def _damaged(what: str) -> StoreError:
    return StoreError(
        "account_key_damaged", f"账户密钥已损坏：{what}", f"The account's key is damaged: {what}"
    )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (ValueError, TypeError):
        raise _damaged("base64") from None


@dataclass(frozen=True)
class KdfParameters:
    """argon2id costs. Checked wherever a key is made or read: a file or an answer asking for less
    than 64 MiB would make each offline guess cheap."""

    time_cost: int
    memory_kib: int
    parallelism: int

    def __post_init__(self) -> None:
        if not MIN_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB:
            raise StoreError(
                "kdf_too_weak",
                f"账户密钥的派生参数不安全（内存 {self.memory_kib} KiB，至少需要 {MIN_MEMORY_KIB} KiB）。",
                f"The account key's derivation is unsafe ({self.memory_kib} KiB of memory; "
                f"at least {MIN_MEMORY_KIB} KiB is required).",
            )
        if not (1 <= self.time_cost <= MAX_TIME_COST and 1 <= self.parallelism <= MAX_PARALLELISM):
            raise _damaged("argon2id costs")

    def as_dict(self) -> dict[str, int | str]:
        return {
            "algorithm": "argon2id",
            "time_cost": self.time_cost,
            "memory_kib": self.memory_kib,
            "parallelism": self.parallelism,
        }

    @classmethod
    def from_dict(cls, raw: object) -> KdfParameters:
        if not isinstance(raw, dict) or raw.get("algorithm") != "argon2id":
            raise _damaged("kdf")
        costs = [raw.get(name) for name in ("time_cost", "memory_kib", "parallelism")]
        numbers = [cost for cost in costs if isinstance(cost, int) and not isinstance(cost, bool)]
        if len(numbers) != len(costs):
            raise _damaged("kdf")
        return cls(*numbers)


@dataclass(frozen=True)
class PasswordKey:
    """The AES key a password gives under one salt and cost: one argon2id, made once per login."""

    key: bytes
    salt: bytes
    kdf: KdfParameters

    @classmethod
    def derive(
        cls, password: str, *, salt: bytes | None = None, kdf: KdfParameters | None = None
    ) -> PasswordKey:
        kdf = kdf or KdfParameters(NEW_KEY_TIME_COST, NEW_KEY_MEMORY_KIB, NEW_KEY_PARALLELISM)
        salt = os.urandom(SALT_BYTES) if salt is None else salt
        key = hash_secret_raw(
            password.encode("utf-8"),
            salt,
            time_cost=kdf.time_cost,
            memory_cost=kdf.memory_kib,
            parallelism=kdf.parallelism,
            hash_len=32,
            type=Type.ID,
        )
        return cls(key, salt, kdf)


@dataclass(frozen=True)
class WrappedAccountKey:
    """What the server keeps and sends of an account's key pair: the public key, and the private
    key wrapped under the password (with the salt and costs to derive the wrapping key again)."""

    public_key: bytes
    wrapped_private_key: bytes
    salt: bytes
    kdf: KdfParameters

    def as_dict(self) -> dict[str, object]:
        return {
            "public_key": b64(self.public_key),
            "wrapped_private_key": b64(self.wrapped_private_key),
            "salt": b64(self.salt),
            "kdf": self.kdf.as_dict(),
        }

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> WrappedAccountKey:
        try:
            made = cls(
                unb64(str(raw["public_key"])),
                unb64(str(raw["wrapped_private_key"])),
                unb64(str(raw["salt"])),
                KdfParameters.from_dict(raw["kdf"]),
            )
        except (KeyError, TypeError):
            raise _damaged("fields") from None
        if len(made.public_key) != 32 or len(made.salt) < SALT_BYTES:
            raise _damaged("sizes")
        return made

    def password_key(self, password: str) -> PasswordKey:
        return PasswordKey.derive(password, salt=self.salt, kdf=self.kdf)

    def private_key(self, password_key: PasswordKey) -> X25519PrivateKey:
        """The private key, if ``password_key`` was derived from this account's password."""
        nonce, sealed = self.wrapped_private_key[:_NONCE_BYTES], self.wrapped_private_key[_NONCE_BYTES:]
        try:
            raw = AESGCM(password_key.key).decrypt(nonce, sealed, _WRAP_CONTEXT + self.public_key)
        except InvalidTag:
            raise WrongPassword() from None
        private = X25519PrivateKey.from_private_bytes(raw)
        if _raw_public(private.public_key()) != self.public_key:
            raise _damaged("key pair")
        return private

    def rewrapped(self, old_password: str, new_password: str) -> WrappedAccountKey:
        """The same key pair under a new password (and a new salt): seals made to it stay valid."""
        check_password_rules(new_password)
        private = self.private_key(self.password_key(old_password))
        return wrap_private_key(private, PasswordKey.derive(new_password, kdf=self.kdf))


def _raw_public(public: X25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def wrap_private_key(private: X25519PrivateKey, password_key: PasswordKey) -> WrappedAccountKey:
    public = _raw_public(private.public_key())
    raw = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    nonce = os.urandom(_NONCE_BYTES)
    wrapped = nonce + AESGCM(password_key.key).encrypt(nonce, raw, _WRAP_CONTEXT + public)
    return WrappedAccountKey(public, wrapped, password_key.salt, password_key.kdf)


def new_account_key(password: str | PasswordKey) -> WrappedAccountKey:
    """A new key pair for an account (a new account, or a reset), wrapped under its password.

    A ``PasswordKey`` already derived lets a caller that makes many pairs for one known password
    (the demo) pay for argon2id once."""
    if isinstance(password, str):
        check_password_rules(password)
        password = PasswordKey.derive(password)
    return wrap_private_key(X25519PrivateKey.generate(), password)


@dataclass(frozen=True)
class SealedKey:
    """A secret only the holder of one private key opens: an ephemeral public key and AES-GCM."""

    ephemeral_public_key: bytes
    ciphertext: bytes

    def as_dict(self) -> dict[str, str]:
        return {"ephemeral_public_key": b64(self.ephemeral_public_key), "ciphertext": b64(self.ciphertext)}

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> SealedKey:
        try:
            return cls(unb64(str(raw["ephemeral_public_key"])), unb64(str(raw["ciphertext"])))
        except (KeyError, TypeError):
            raise _damaged("seal") from None


def _seal_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=_SEAL_CONTEXT + ephemeral_public + recipient_public,
    ).derive(shared)


def seal(secret: bytes, public_key: bytes) -> SealedKey:
    recipient = X25519PublicKey.from_public_bytes(public_key)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw_public(ephemeral.public_key())
    key = _seal_key(ephemeral.exchange(recipient), ephemeral_public, public_key)
    nonce = os.urandom(_NONCE_BYTES)
    return SealedKey(ephemeral_public, nonce + AESGCM(key).encrypt(nonce, secret, _SEAL_CONTEXT))


def open_sealed(sealed: SealedKey, private: X25519PrivateKey) -> bytes:
    public = _raw_public(private.public_key())
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(sealed.ephemeral_public_key))
        key = _seal_key(shared, sealed.ephemeral_public_key, public)
        nonce, body = sealed.ciphertext[:_NONCE_BYTES], sealed.ciphertext[_NONCE_BYTES:]
        return AESGCM(key).decrypt(nonce, body, _SEAL_CONTEXT)
    except (InvalidTag, ValueError):
        raise _damaged("seal") from None
