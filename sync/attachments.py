"""Moving attachments: upload what the server lacks, download what records list and the laptop
lacks. Both resume where the last attempt stopped — the server says how much of an upload it
holds; a download asks for the bytes after those already kept — so a photo crosses a link that
drops every minute, one part at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from app.services import attachments as files
from app.store import Store
from sync.errors import SyncError
from sync.protocol import AttachmentStatus

if TYPE_CHECKING:
    from sync.engine import Transport

PART_BYTES = 256 * 1024
OFFSET_MISMATCH = "attachment_offset"


def _status(transport: Transport, sha256: str) -> AttachmentStatus:
    return AttachmentStatus.model_validate(transport.get(f"/v1/attachments/{sha256}/status"))


def upload(store: Store, transport: Transport, sha256: str, size: int, moved: Callable[[int], None]) -> None:
    """Send one file from where the server's copy ends; mark it uploaded once the server has it all."""
    status = _status(transport, sha256)
    while not status.complete:
        part = files.read_part(store, sha256, status.received, PART_BYTES)
        try:
            response = transport.request(
                "PATCH",
                f"/v1/attachments/{sha256}",
                data=part,
                headers={
                    "Upload-Offset": str(status.received),
                    "Upload-Length": str(size),
                    "Content-Type": "application/octet-stream",
                },
            )
        except SyncError as exc:
            if exc.code != OFFSET_MISMATCH:
                raise
            # A part whose answer was lost did arrive: ask again where to continue.
            status = _status(transport, sha256)
            continue
        status = AttachmentStatus.model_validate(response.json())
        moved(len(part))
    files.mark_uploaded(store, sha256)


def download(store: Store, transport: Transport, sha256: str, moved: Callable[[int], None]) -> None:
    """Fetch one file after the bytes already held; each part is committed as it arrives."""
    size = _status(transport, sha256).size
    held = files.held_bytes(store, sha256)
    while held < size:
        end = min(size, held + PART_BYTES) - 1
        response = transport.request(
            "GET", f"/v1/attachments/{sha256}", headers={"Range": f"bytes={held}-{end}"}
        )
        offset = held if response.status_code == 206 else 0
        held = files.append_download(store, sha256, size, offset, response.content)
        moved(len(response.content))


def transfer(store: Store, transport: Transport, moved: Callable[[int], None]) -> int:
    """Upload every pending file, then download every missing one; returns how many moved."""
    count = 0
    for sha256, size in files.to_upload(store):
        upload(store, transport, sha256, size, moved)
        count += 1
    for sha256 in files.to_download(store):
        if _status(transport, sha256).complete:
            download(store, transport, sha256, moved)
            count += 1
    return count
