"""Attachments (photos of agreements and activities), content-addressed by SHA-256.

An attachment belongs to the records that list it (``attachment_refs``, kept by every push that
writes an ``attachments`` field) and shares their scope: a device reads the status of, downloads
or uploads only an attachment a record of its grids lists. Uploads resume: a device asks how many
of its bytes arrived and sends the rest with ``Upload-Offset``. A partial upload is the device's
own — another device's false length or bytes cannot block it — and expires unfinished. A finished
upload whose bytes do not hash to its name is discarded, never stored.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from server import db
from server.devices import Device
from server.errors import ApiError
from server.records import upsert_all
from sync.protocol import AttachmentStatus

SHA256 = re.compile(r"[0-9a-f]{64}")
PARTIAL_LIFETIME = timedelta(hours=48)


def _checked(sha256: str) -> str:
    if not SHA256.fullmatch(sha256):
        raise ApiError(
            422, "bad_hash", "附件名必须是64位小写十六进制的SHA-256。", "Name an attachment by its SHA-256."
        )
    return sha256


def _final(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def _partial(root: Path, device: Device, sha256: str) -> Path:
    return root / "partial" / device.id / sha256


def _not_yours() -> ApiError:
    return ApiError(
        404,
        "attachment_missing",
        "本设备负责的网格中没有记录使用这个附件。",
        "No record of this device's grids lists this attachment.",
    )


def refer(conn: Connection, records: dict[tuple[str, str], Any]) -> None:
    """Keep who lists which attachment: ``records`` maps (entity, record_id) to its new list.
    One statement for the batch's old lists and one for the new: a statement per record cost
    the server as much as the rest of a push once every visit carried a list."""
    if not records:
        return
    refs = db.attachment_refs
    conn.execute(sa.delete(refs).where(sa.tuple_(refs.c.entity, refs.c.record_id).in_(list(records))))
    rows = [
        {"sha256": sha, "entity": entity, "record_id": record_id}
        for (entity, record_id), listed in records.items()
        for sha in dict.fromkeys(listed)
    ]
    if rows:
        conn.execute(sa.insert(refs), rows)


def _in_scope(conn: Connection, device: Device, sha256: str) -> bool:
    refs, records = db.attachment_refs, db.records
    found = conn.execute(
        sa.select(sa.literal(1))
        .select_from(
            refs.join(
                records, sa.and_(refs.c.entity == records.c.entity, refs.c.record_id == records.c.record_id)
            )
        )
        .where(refs.c.sha256 == sha256, records.c.grid.in_(sorted(device.covered)))
        .limit(1)
    ).first()
    return found is not None


def _complete_size(conn: Connection, sha256: str) -> int | None:
    return conn.execute(
        sa.select(db.attachments.c.size).where(db.attachments.c.sha256 == sha256, db.attachments.c.complete)
    ).scalar()


def status(conn: Connection, root: Path, device: Device, sha256: str) -> AttachmentStatus:
    if not _in_scope(conn, device, _checked(sha256)):
        raise _not_yours()
    size = _complete_size(conn, sha256)
    if size is not None:
        return AttachmentStatus(sha256=sha256, size=size, received=size, complete=True)
    upload = conn.execute(
        sa.select(db.attachment_uploads.c.size).where(
            db.attachment_uploads.c.device_id == device.id, db.attachment_uploads.c.sha256 == sha256
        )
    ).scalar()
    partial = _partial(root, device, sha256)
    received = partial.stat().st_size if upload and partial.exists() else 0
    return AttachmentStatus(sha256=sha256, size=upload or 0, received=received, complete=False)


def _expire_partials(conn: Connection, root: Path) -> None:
    cutoff = datetime.now(UTC) - PARTIAL_LIFETIME
    stale = conn.execute(
        sa.select(db.attachment_uploads.c.device_id, db.attachment_uploads.c.sha256).where(
            db.attachment_uploads.c.created_at < cutoff
        )
    ).all()
    for device_id, sha256 in stale:
        (root / "partial" / device_id / sha256).unlink(missing_ok=True)
    if stale:
        conn.execute(sa.delete(db.attachment_uploads).where(db.attachment_uploads.c.created_at < cutoff))


def append(
    conn: Connection,
    root: Path,
    device: Device,
    sha256: str,
    offset: int,
    total: int,
    chunk: bytes,
    limit: int,
) -> AttachmentStatus:
    if total <= 0 or total > limit:
        raise ApiError(
            413,
            "attachment_size",
            f"附件大小必须在1字节到{limit}字节之间。",
            f"Size must be 1..{limit} bytes.",
        )
    _expire_partials(conn, root)
    current = status(conn, root, device, sha256)
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
    partial = _partial(root, device, sha256)
    if not current.size:
        conn.execute(
            sa.insert(db.attachment_uploads).values(
                device_id=device.id, sha256=sha256, size=total, created_at=datetime.now(UTC)
            )
        )
        partial.unlink(missing_ok=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    with partial.open("ab") as handle:
        handle.write(chunk)
    if offset + len(chunk) < total:
        return AttachmentStatus(sha256=sha256, size=total, received=offset + len(chunk), complete=False)
    return _finish(conn, root, device, sha256, total)


def _finish(conn: Connection, root: Path, device: Device, sha256: str, total: int) -> AttachmentStatus:
    partial = _partial(root, device, sha256)
    conn.execute(
        sa.delete(db.attachment_uploads).where(
            db.attachment_uploads.c.device_id == device.id, db.attachment_uploads.c.sha256 == sha256
        )
    )
    digest = hashlib.sha256()
    with partial.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != sha256:
        partial.unlink()
        raise ApiError(
            422,
            "attachment_hash",
            "附件内容与其SHA-256不符，已丢弃，请重新上传。",
            "Content does not match its SHA-256.",
        )
    final = _final(root, sha256)
    final.parent.mkdir(parents=True, exist_ok=True)
    partial.replace(final)
    row = {"sha256": sha256, "size": total, "complete": True, "created_at": datetime.now(UTC)}
    upsert_all(conn, db.attachments, [row], ["sha256"])  # another device may finish it at once
    return AttachmentStatus(sha256=sha256, size=total, received=total, complete=True)


def path_of(conn: Connection, root: Path, device: Device, sha256: str) -> Path:
    if not _in_scope(conn, device, _checked(sha256)) or _complete_size(conn, sha256) is None:
        raise _not_yours()
    return _final(root, sha256)
