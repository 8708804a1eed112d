"""Photos and scans kept with records (an agreement's signed page, an activity's photo).

Files are content-addressed: a record lists the SHA-256 of each file, and the bytes live once in
the encrypted database however many records point at them. Sync moves them separately from the
field changes, resumably, so a photo on a 2G link never holds back the records themselves.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from app.errors import InvalidValue, RecordNotFound
from app.models import LISTS_FILES
from app.store import Store

MAX_ATTACHMENT_BYTES = 20 * 2**20
REFERENCING = LISTS_FILES


@dataclass(frozen=True)
class AttachmentInfo:
    sha256: str
    size: int
    received: int
    uploaded: bool


def add_attachment(store: Store, data: bytes, *, name: str = "", media_type: str = "") -> str:
    """Keep a file; returns its SHA-256, which the record then lists in its ``attachments``."""
    if not 0 < len(data) <= MAX_ATTACHMENT_BYTES:
        raise InvalidValue(
            "attachment_size",
            f"附件大小必须在1字节到{MAX_ATTACHMENT_BYTES // 2**20}MB之间。",
            f"An attachment must be 1 byte to {MAX_ATTACHMENT_BYTES // 2**20} MB.",
        )
    sha256 = hashlib.sha256(data).hexdigest()
    with store.transaction():
        store.db.execute(
            "INSERT INTO attachment_files "
            "(sha256, name, media_type, size, received, data, uploaded, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 0, ?) "
            "ON CONFLICT (sha256) DO UPDATE SET data = excluded.data, received = excluded.received "
            "WHERE attachment_files.received < attachment_files.size",
            [sha256, name, media_type or "application/octet-stream", len(data), len(data), data, _now()],
        )
    return sha256


def attachment_data(store: Store, sha256: str) -> bytes:
    row = store.db.execute(
        "SELECT data FROM attachment_files WHERE sha256 = ? AND received = size", [sha256]
    ).fetchone()
    if row is None:
        raise RecordNotFound("attachment_files", sha256)
    return bytes(row[0])


def attachment_info(store: Store, sha256: str) -> AttachmentInfo | None:
    row = store.db.execute(
        "SELECT size, received, uploaded FROM attachment_files WHERE sha256 = ?", [sha256]
    ).fetchone()
    return AttachmentInfo(sha256, row[0], row[1], bool(row[2])) if row else None


def _listed() -> str:
    """The SHA-256 of every file a live record lists."""
    return " UNION ".join(
        f"SELECT j.value FROM {table} t, json_each(t.attachments) j WHERE t.deleted = 0"
        for table in REFERENCING
    )


def to_upload(store: Store) -> list[tuple[str, int]]:
    """Complete local files the server does not yet hold and a record lists, with their sizes. A
    photo left behind by a discarded form stays on the laptop."""
    return [
        (row[0], row[1])
        for row in store.db.execute(
            "SELECT sha256, size FROM attachment_files WHERE uploaded = 0 AND received = size "
            f"AND sha256 IN ({_listed()}) ORDER BY created_at"
        )
    ]


def read_part(store: Store, sha256: str, offset: int, length: int) -> bytes:
    row = store.db.execute(
        "SELECT substr(data, ?, ?) FROM attachment_files WHERE sha256 = ?", [offset + 1, length, sha256]
    ).fetchone()
    return bytes(row[0])


def mark_uploaded(store: Store, sha256: str) -> None:
    with store.transaction():
        store.db.execute("UPDATE attachment_files SET uploaded = 1 WHERE sha256 = ?", [sha256])


def to_download(store: Store) -> list[str]:
    """Files that live records list but this laptop does not hold whole."""
    return [
        row[0]
        for row in store.db.execute(
            f"SELECT value FROM ({_listed()}) WHERE value NOT IN "
            "(SELECT sha256 FROM attachment_files WHERE received = size) ORDER BY value"
        )
    ]


def append_download(store: Store, sha256: str, size: int, offset: int, chunk: bytes) -> int:
    """Add a downloaded part; a part that does not continue what is held restarts the file.
    Returns how many bytes are now held. The whole file is checked against its name at the end."""
    with store.transaction():
        held = attachment_info(store, sha256)
        if held is None or held.size != size or offset == 0 or held.received != offset:
            store.db.execute("DELETE FROM attachment_files WHERE sha256 = ?", [sha256])
            store.db.execute(
                "INSERT INTO attachment_files (sha256, size, received, data, uploaded, created_at) "
                "VALUES (?, ?, ?, ?, 1, ?)",
                [sha256, size, len(chunk), chunk, _now()],
            )
            received = len(chunk)
        else:
            store.db.execute(
                "UPDATE attachment_files SET data = CAST(data || ? AS BLOB), received = received + ? "
                "WHERE sha256 = ?",
                [chunk, len(chunk), sha256],
            )
            received = offset + len(chunk)
        if received == size and hashlib.sha256(attachment_data(store, sha256)).hexdigest() != sha256:
            store.db.execute("DELETE FROM attachment_files WHERE sha256 = ?", [sha256])
            raise InvalidValue(
                "attachment_hash",
                "下载的附件内容与其SHA-256不符，已丢弃，将重新下载。",
                "The downloaded file does not match its SHA-256; it will be fetched again.",
            )
    return received


def held_bytes(store: Store, sha256: str) -> int:
    info = attachment_info(store, sha256)
    return info.received if info else 0


def _now() -> str:
    return datetime.now(UTC).isoformat()
