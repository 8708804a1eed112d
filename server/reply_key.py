"""The server's own signing key for the replies it writes to sync bundles (sync.seal).

A reply is sealed under a key derived from what the database keeps of the device token, so a copy
of the database could write a reply a laptop would take in: acknowledgements of changes the server
never received (the laptop would stop sending them), records, and accounts whose key pairs the
laptop would seal its data key to. So a reply is also signed with this key, which lives in a file
of its own beside the database, never in it (nor in the documented backup of the database and the
attachments); laptops learn its public half over their authenticated network sync
(``POST /v1/device/signing-key``) and refuse a reply it did not sign.
"""

from __future__ import annotations

import base64
import os
import secrets
from contextlib import suppress
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def load(path: Path) -> Ed25519PrivateKey:
    """The key in ``path``, made on first use. Processes starting together (workers, a
    `bundle import`) all end with the same key: the first file linked into place wins."""
    if not path.exists():
        _create(path)
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(path.read_text().strip()))


def _create(path: Path) -> None:
    """Write a new key whole (a draft linked into place), unless another server process of the
    same data folder linked its own first: then that one is the key, and ours is dropped."""
    raw = Ed25519PrivateKey.generate().private_bytes_raw()
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w") as out:
            out.write(base64.b64encode(raw).decode() + "\n")
            out.flush()
            os.fsync(out.fileno())
        with suppress(FileExistsError):  # the other process's key stands
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)
