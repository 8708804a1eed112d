"""Opening the local database: SQLCipher when a key is given, the same pragmas either way.

One driver (sqlcipher3) for encrypted and plain files alike, so FTS5 and SQLite behave the same
in tests and in the field. The key is a random 32-byte data key passed raw (no passphrase KDF on
every open); deriving it from user passwords is the login's job.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3
import sqlite_utils

from app.errors import WrongKey

KEY_BYTES = 32
BUSY_TIMEOUT_MS = 10_000


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def open_database(path: Path | str, key: bytes | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) a database file; raise WrongKey if it cannot be read with ``key``.

    Transactions are ours (``isolation_level=None``): the store issues BEGIN IMMEDIATE/COMMIT so a
    record, its clocks, its change-log rows and its search entry commit together.
    """
    if key is not None and len(key) != KEY_BYTES:
        raise ValueError(f"database keys are {KEY_BYTES} bytes")
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    # SQLCipher prints decryption failures to stderr; a wrong key is reported as WrongKey instead.
    conn.execute("PRAGMA cipher_log_level = NONE")
    try:
        if key is not None:
            conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        conn.close()
        raise WrongKey() from None
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL in WAL mode syncs the log on every commit: a save reported done survives a power cut.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return sqlite_utils.Database(conn)
