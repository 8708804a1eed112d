"""The database's data key, kept in a file readable only by its owner.

This is the interim custody of the key: the login work wraps the same random data key with a
key derived from each user's password, so a lost laptop needs a password, not just the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.errors import StoreError
from app.store.connection import KEY_BYTES, new_key


def key_path_for(database: Path) -> Path:
    return database.with_name(database.name + ".key")


def load_key(path: Path) -> bytes:
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        raise StoreError(
            "key_file",
            f"无法读取数据库密钥文件：{path}",
            f"Cannot read the database key file: {path}",
        ) from None
    if len(key) != KEY_BYTES:
        raise StoreError(
            "key_file", f"数据库密钥文件已损坏：{path}", f"The database key file is damaged: {path}"
        )
    return key


def load_or_create_key(path: Path) -> bytes:
    if path.exists():
        return load_key(path)
    key = new_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key.hex())
        handle.flush()
        os.fsync(handle.fileno())
    return key
