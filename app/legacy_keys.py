"""The key file entries of version 1, read only to migrate them.

Version 1 wrapped the data key (AES key wrap) under a key derived from the account's argon2id
password hash — the very hash the server sent every device of the grid, so a device plus a stolen
laptop opened it without the password. Such an entry opens with the password once more, at its
owner's next login, and is then replaced by a sealed one (app.keyring); a sync that brings the
account's key pair replaces it too. Nothing here writes a version 1 entry.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

from app.account_keys import KdfParameters, WrongPassword
from app.errors import StoreError

_WRAP_CONTEXT = b"tongxin data key wrap v1"


def _b64decode(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class LegacyWrap:
    """One account's version 1 wrapping: argon2id salt and costs, and the wrapped data key."""

    salt: str
    params: str
    hash_len: int
    wrapped: str

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> LegacyWrap:
        texts = [raw.get(name) for name in ("salt", "params", "wrapped")]
        hash_len = raw.get("hash_len")
        if not isinstance(hash_len, int) or not all(isinstance(text, str) for text in texts):
            raise StoreError("keyring_damaged", "账户文件已损坏。", "The accounts file is damaged.")
        made = cls(str(texts[0]), str(texts[1]), hash_len, str(texts[2]))
        made.costs()
        return made

    def as_dict(self) -> dict[str, object]:
        return {"salt": self.salt, "params": self.params, "hash_len": self.hash_len, "wrapped": self.wrapped}

    def costs(self) -> KdfParameters:
        """The costs in ``m=…,t=…,p=…``, held to the same 64 MiB floor as new keys."""
        try:
            values = dict(part.split("=") for part in self.params.split(","))
            return KdfParameters(int(values["t"]), int(values["m"]), int(values["p"]))
        except (KeyError, ValueError):
            raise StoreError("keyring_damaged", "账户文件已损坏。", "The accounts file is damaged.") from None

    def open(self, password: str) -> bytes:
        """The data key, if ``password`` is the account's; else WrongPassword."""
        costs = self.costs()
        output = hash_secret_raw(
            password.encode(),
            _b64decode(self.salt),
            time_cost=costs.time_cost,
            memory_cost=costs.memory_kib,
            parallelism=costs.parallelism,
            hash_len=self.hash_len,
            type=Type.ID,
        )
        try:
            return aes_key_unwrap(hashlib.sha256(_WRAP_CONTEXT + output).digest(), _b64decode(self.wrapped))
        except InvalidUnwrap:
            raise WrongPassword() from None
