"""A thief's tools against a copy of a laptop's files, written apart from the app's key code.

The thief knows the formats (they ship with the app) but holds no password: only what a device of
the grid can ask the server for, and the laptop's ``.db``, ``-wal`` and ``.keys``. Every value is
tried every way it could serve: as a password (one argon2id with each entry's salt and costs), as
an already derived key, through the version 1 derivation (a key from a password hash), as an
X25519 private key against each seal, and as the database key itself. Nothing here imports
``app``: a bug shared with the app's key code would hide itself.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

WRAP_AAD = b"tongxin account private key v2"
SEAL_INFO = b"tongxin data key seal v2"
V1_CONTEXT = b"tongxin data key wrap v1"


def stolen_copy(database: Path, folder: Path) -> Path:
    """The laptop's files as a thief copies them: database, write-ahead log, key file."""
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", ".keys"):
        source = database.with_name(database.name + suffix)
        if source.exists():
            shutil.copyfile(source, folder / ("laptop.db" + suffix))
    return folder / "laptop.db"


def opens_database(database: Path, key: bytes) -> bool:
    if len(key) != 32:
        return False
    conn = sqlcipher3.connect(str(database))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def _unb64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def decodings(text: str) -> set[bytes]:
    """The bytes a value may stand for: itself, base64 (padded or not, URL-safe too), hex."""
    found = {text.encode()}
    for candidate in (text, text.replace("-", "+").replace("_", "/")):
        decoded = _unb64(candidate)
        if decoded:
            found.add(decoded)
    with contextlib.suppress(ValueError):
        found.add(bytes.fromhex(text))
    return found


def strings_in(value: object, *, keys: bool = True) -> Iterator[str]:
    """Every string in a JSON value (its keys too, unless ``keys`` is false); an argon2 hash also
    as its ``$``-parts."""
    if isinstance(value, str):
        yield value
        if value.startswith("$argon2"):
            yield from (part for part in value.split("$") if part)
    elif isinstance(value, dict):
        for key, item in value.items():
            if keys:
                yield str(key)
            yield from strings_in(item, keys=keys)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item, keys=keys)


@dataclass
class Attempt:
    """What opened the database, if anything: how, and with what."""

    how: str
    value: str


class Thief:
    def __init__(self, database: Path) -> None:
        self.database = database
        self.ring = json.loads(database.with_name(database.name + ".keys").read_text(encoding="utf-8"))
        self.derivations = 0

    def _entries(self) -> list[dict[str, object]]:
        return list(self.ring["accounts"])

    def _open_with(self, data_key: bytes, how: str, value: str) -> Attempt | None:
        return Attempt(how, value) if opens_database(self.database, data_key) else None

    def _argon2(self, password: bytes, salt: bytes, t: int, m: int, p: int, length: int = 32) -> bytes:
        self.derivations += 1
        return hash_secret_raw(
            password, salt, time_cost=t, memory_cost=m, parallelism=p, hash_len=length, type=Type.ID
        )

    def _private_from_wrapped(self, entry: dict, wrapping_key: bytes) -> X25519PrivateKey | None:
        key = entry.get("key")
        if not key or len(wrapping_key) not in (16, 24, 32):
            return None
        public, wrapped = _unb64(key["public_key"]), _unb64(key["wrapped_private_key"])
        try:
            raw = AESGCM(wrapping_key).decrypt(wrapped[:12], wrapped[12:], WRAP_AAD + public)
        except InvalidTag:
            return None
        return X25519PrivateKey.from_private_bytes(raw)

    def _open_seal(self, entry: dict, private: X25519PrivateKey) -> bytes | None:
        sealed = entry.get("sealed")
        if not sealed:
            return None
        ephemeral, body = _unb64(sealed["ephemeral_public_key"]), _unb64(sealed["ciphertext"])
        public = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral))
        key = HKDF(hashes.SHA256(), 32, None, SEAL_INFO + ephemeral + public).derive(shared)
        try:
            return AESGCM(key).decrypt(body[:12], body[12:], SEAL_INFO)
        except InvalidTag:
            return None

    def _v1_unwrap(self, entry: dict, wrapping_key: bytes) -> bytes | None:
        legacy = entry.get("legacy") or (entry if "wrapped" in entry else None)
        if not legacy:
            return None
        try:
            return aes_key_unwrap(wrapping_key, _unb64(legacy["wrapped"]))
        except (InvalidUnwrap, ValueError):
            return None

    def try_password(self, password: str) -> Attempt | None:
        """One argon2id per entry, as the app's login would: version 2 and version 1 entries."""
        for entry in self._entries():
            if key := entry.get("key"):
                kdf = key["kdf"]
                derived = self._argon2(
                    password.encode(),
                    _unb64(key["salt"]),
                    kdf["time_cost"],
                    kdf["memory_kib"],
                    kdf["parallelism"],
                )
                private = self._private_from_wrapped(entry, derived)
                data_key = self._open_seal(entry, private) if private else None
            else:
                legacy = entry.get("legacy") or entry
                costs = dict(part.split("=") for part in legacy["params"].split(","))
                output = self._argon2(
                    password.encode(),
                    _unb64(legacy["salt"]),
                    int(costs["t"]),
                    int(costs["m"]),
                    int(costs["p"]),
                    legacy["hash_len"],
                )
                data_key = self._v1_unwrap(entry, hashlib.sha256(V1_CONTEXT + output).digest())
            if data_key and (opened := self._open_with(data_key, "password", password)):
                return opened
        return None

    def try_key_material(self, value: bytes, label: str) -> Attempt | None:
        """``value`` as a derived key, through the version 1 derivation, as a private key, as the
        database key: no argon2id, so every value received can be tried every way."""
        forms = {value, hashlib.sha256(V1_CONTEXT + value).digest(), hashlib.sha256(value).digest()}
        for form in forms:
            if opened := self._open_with(form, "database key", label):
                return opened
            for entry in self._entries():
                if (data_key := self._v1_unwrap(entry, form)) and (
                    opened := self._open_with(data_key, "version 1 unwrap", label)
                ):
                    return opened
                private = self._private_from_wrapped(entry, form)
                if private is None and len(form) == 32:
                    private = X25519PrivateKey.from_private_bytes(form)
                data_key = self._open_seal(entry, private) if private else None
                if data_key and (opened := self._open_with(data_key, "private key", label)):
                    return opened
        return None

    def try_hash_as_old_laptops_did(self, encoded: str) -> Attempt | None:
        """A password hash the way version 1 used it: its raw output is the wrapping key's source."""
        parts = encoded.split("$")
        output = _unb64(parts[-1]) if len(parts) >= 6 else None
        if output is None:
            return None
        return self.try_key_material(output, f"old derivation of {encoded}")

    def everything(self, texts: Iterable[str], passwords: Iterable[str]) -> list[Attempt]:
        """Every way in found: each text's decodings as key material (and as a hash, the old way),
        each of ``passwords`` as a password."""
        opened = []
        for text in dict.fromkeys(texts):
            if text.startswith("$argon2") and (found := self.try_hash_as_old_laptops_did(text)):
                opened.append(found)
            for value in decodings(text):
                if found := self.try_key_material(value, text):
                    opened.append(found)
        for password in dict.fromkeys(passwords):
            if found := self.try_password(password):
                opened.append(found)
        return opened
