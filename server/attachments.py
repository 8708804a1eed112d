"""Attachments (photos of agreements and activities), content-addressed by SHA-256.

Uploads resume: a device asks how many bytes arrived and sends the rest with ``Upload-Offset``.
A finished upload whose bytes do not hash to its name is discarded, never stored.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server import db
from server.errors import ApiError
from sync.protocol import AttachmentStatus

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _paths(root: Path, sha256: str) -> tuple[Path, Path]:
    if not SHA256.match(sha256):
        raise ApiError(
            422, "bad_hash", "附件名必须是64位小写十六进制的SHA-256。", "Name an attachment by its SHA-256."
        )
    final = root / sha256[:2] / sha256
    return final, root / "partial" / sha256


def status(conn: Connection, root: Path, sha256: str) -> AttachmentStatus:
    _, partial = _paths(root, sha256)
    row = conn.execute(sa.select(db.attachments).where(db.attachments.c.sha256 == sha256)).first()
    if row is None:
        return AttachmentStatus(sha256=sha256, size=0, received=0, complete=False)
    received = row.size if row.complete else (partial.stat().st_size if partial.exists() else 0)
    return AttachmentStatus(sha256=sha256, size=row.size, received=received, complete=row.complete)


def append(
    conn: Connection, root: Path, sha256: str, offset: int, total: int, chunk: bytes, limit: int
) -> AttachmentStatus:
    final, partial = _paths(root, sha256)
    if total <= 0 or total > limit:
        raise ApiError(
            413,
            "attachment_size",
            f"附件大小必须在1字节到{limit}字节之间。",
            f"Size must be 1..{limit} bytes.",
        )
    current = status(conn, root, sha256)
    if current.complete:
        return current
    if current.size and current.size != total:
        raise ApiError(
            409, "attachment_length", "附件总长度与之前不一致。", "Upload-Length differs from the first part."
        )
    if offset != current.received or offset + len(chunk) > total:
        raise ApiError(
            409,
            "attachment_offset",
            f"续传位置应为{current.received}。",
            f"Resume at offset {current.received}.",
        )
    if not current.size:
        conn.execute(
            sa.insert(db.attachments).values(
                sha256=sha256, size=total, complete=False, created_at=datetime.now(UTC)
            )
        )
    partial.parent.mkdir(parents=True, exist_ok=True)
    with partial.open("ab") as handle:
        handle.write(chunk)
    if offset + len(chunk) < total:
        return AttachmentStatus(sha256=sha256, size=total, received=offset + len(chunk), complete=False)
    digest = hashlib.sha256()
    with partial.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != sha256:
        partial.unlink()
        conn.execute(sa.delete(db.attachments).where(db.attachments.c.sha256 == sha256))
        raise ApiError(
            422,
            "attachment_hash",
            "附件内容与其SHA-256不符，已丢弃，请重新上传。",
            "Content does not match its SHA-256.",
        )
    final.parent.mkdir(parents=True, exist_ok=True)
    partial.replace(final)
    conn.execute(sa.update(db.attachments).where(db.attachments.c.sha256 == sha256).values(complete=True))
    return AttachmentStatus(sha256=sha256, size=total, received=total, complete=True)


def path_of(conn: Connection, root: Path, sha256: str) -> Path:
    final, _ = _paths(root, sha256)
    if not status(conn, root, sha256).complete:
        raise ApiError(
            404, "attachment_missing", "服务器上没有这个附件。", "No such attachment on the server."
        )
    return final
