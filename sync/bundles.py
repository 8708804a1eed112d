"""Sync by USB stick (同步包), the laptop's side, for villages with no link at all.

A bundle is one more transport for the same sync: export writes the batches a push would send,
under the same batch ids (replica.batches_to_export), with the photos they list; the township
imports it into the server, which answers with a reply bundle; importing the reply here takes
it in through the very steps a network sync takes its answers (engine.behind, take_batches,
take_page). So a bundle imported twice, a bundle whose changes went by network meanwhile, or
stick and network mixed in any order change nothing twice and lose nothing. A laptop may export
several bundles before a reply comes back: each carries everything still unanswered.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.errors import TongxinError
from app.services import attachments as files
from app.store import Store
from app.store.scope import enrolled_grids
from sync import refusals, replica, seal, signing, waiting
from sync.engine import Progress, SyncEngine, SyncReport, behind, probe, take_batches, take_page
from sync.errors import SyncError, not_enrolled
from sync.protocol import MAX_BATCH, ReplyBundle

log = logging.getLogger(__name__)
# The server imports a village's week while the township laptop waits for the reply.
FORWARD_TIMEOUTS = (10, 600)


def _quiet(_report: SyncReport) -> None:
    """The progress callback nobody watches."""


def not_this_laptop() -> seal.BundleRefused:
    return seal.BundleRefused(
        "bundle_other_laptop",
        "这个回复包是给另一台电脑的，未导入任何内容。请找本机的回复包。",
        "This reply bundle is for another laptop; nothing was imported.",
    )


def older_reply() -> seal.BundleRefused:
    return seal.BundleRefused(
        "bundle_replayed",
        "这个回复包比本机已导入的回复包旧，未导入任何内容。请导入最新的回复包。",
        "This reply is older than one already imported; nothing was imported.",
    )


def reply_not_from_server() -> seal.BundleRefused:
    return seal.BundleRefused(
        "reply_bad_signature",
        "这个回复包没有服务器的有效签名（可能是伪造的），未导入任何内容。请在乡镇重新导入同步包取得回复包，并告知管理员。",
        "This reply is not signed by the server (it may be forged); nothing was imported. Have the"
        " bundle imported again at the township, and tell IT.",
    )


def _check_server_signature(store: Store, header: seal.Header, data: bytes) -> None:
    """Once a network sync brought the server's reply key, a reply must carry its signature: the
    reply's sealing key is in the server's database, and a copy of that could otherwise write
    one — acknowledging changes the server never received, or adding accounts."""
    key = signing.server_key(store)
    if key is not None and not seal.signed_by(data, header, key):
        raise reply_not_from_server()


def _identity(store: Store) -> tuple[str, str]:
    device_id, token = store.meta("server_device_id"), store.meta("server_token")
    if not device_id or not token:
        raise not_enrolled()
    return device_id, seal.token_secret(token)


def export_bundle(store: Store, folder: Path, progress: Progress = _quiet) -> Path:
    """Write every unanswered change of this laptop, and the photos the server lacks, to one file
    in ``folder``; returns its path. ``progress`` may raise to cancel: no file is left then."""
    device_id, secret = _identity(store)
    report = SyncReport(phase="export", to_push=store.pending_changes())
    progress(report)
    # One transaction: the batches, the watermark and the cursor the bundle states are of one moment
    # (a sync of the same file may run from the command line meanwhile).
    with store.transaction():
        batches = replica.batches_to_export(store, MAX_BATCH)
        number = int(store.meta("bundle_number") or 0) + 1
        store.set_meta("bundle_number", str(number))
        manifest = {
            "device_id": device_id,
            "number": number,
            "acked_seq": replica.acked_seq(store),
            "cursor": replica.pull_cursor(store),
            "own_until": replica.own_changes_until(store),
            "grids": enrolled_grids(store.db) or [],
            "batches": [
                {"batch_id": batch.batch_id, "changes": [change.wire() for change in batch.changes]}
                for batch in batches
            ],
            "wanted": files.to_download(store),
        }
    report.pushed = sum(len(batch.changes) for batch in batches)
    photos = {}
    for sha256, _size in files.to_upload(store):
        photos[sha256] = files.attachment_data(store, sha256)
        report.attachments += 1
        progress(report)
    # Signed by a laptop with a signing key; one enrolled before signing keys and not synced over
    # the network since writes the bundle of before, which the server takes until it holds a key.
    signing_key = signing.private_key(store)
    header = seal.Header(seal.UP, device_id, number)
    data = seal.seal(
        header,
        json.dumps(manifest, ensure_ascii=False).encode(),
        photos,
        seal.bundle_key(secret, device_id, seal.UP),
        signing_key,
    )
    path = folder / f"tongxin-{device_id[:8]}-{number:05d}{seal.SUFFIX}"

    def written(done: int, size: int) -> None:
        report.file_done, report.file_size, report.bytes_sent = done, size, done
        progress(report)

    seal.write_file(path, data, written)
    log.info(
        "exported sync bundle %s (%s): %d changes, %d photos",
        path.name,
        "signed" if signing_key else "unsigned, no signing key yet",
        report.pushed,
        len(photos),
    )
    return path


@dataclass
class StickResult:
    """What 导入同步包 found on a stick and did with it."""

    # Replies written beside the village bundles this laptop forwarded to the server.
    forwarded: list[Path] = field(default_factory=list)
    # Why a village bundle was not forwarded, one per file.
    problems: list[TongxinError] = field(default_factory=list)
    # This laptop's own reply, if one was on the stick.
    report: SyncReport | None = None


def nothing_on_stick() -> seal.BundleRefused:
    return seal.BundleRefused(
        "bundle_none",
        "这个文件夹里没有本机的回复包，也没有要转交的同步包。",
        "There is no reply for this laptop here, and no village bundle to forward.",
    )


def forward_bundle(store: Store, bundle: Path, progress: Progress = _quiet) -> Path:
    """On a township laptop that is online: send a village laptop's bundle to the server, which
    imports it as `tongxin-server bundle import` does, and write the reply beside it."""
    report = SyncReport(phase="forward")
    data = bundle.read_bytes()
    report.file_size = len(data)
    progress(report)
    response = (
        SyncEngine(store)
        .transport()
        .request(
            "POST",
            "/v1/bundles",
            data=data,
            headers={"Content-Type": "application/octet-stream"},
            timeout=FORWARD_TIMEOUTS,
        )
    )
    target = bundle.with_name(seal.reply_name(bundle.name))

    def written(done: int, size: int) -> None:
        report.file_done = done
        progress(report)

    seal.write_file(target, response.content, written)
    return target


def _reachable(store: Store, result: StickResult) -> bool:
    """One quick try before forwarding: a village laptop, or a township one off the link, keeps
    the village bundles on the stick and says why."""
    try:
        probe(store.meta("server_url") or "", ca_bundle=store.meta("ca_bundle") or None)
    except SyncError as unreachable:
        result.problems.append(unreachable)
        return False
    return True


def take_from_stick(store: Store, folder: Path, progress: Progress = _quiet) -> StickResult:
    """导入同步包: forward the village bundles on the stick that wait for a reply (a township laptop
    online), then import this laptop's own newest reply, if there is one."""
    device_id, _secret = _identity(store)
    result = StickResult()
    village = seal.village_bundles(folder, device_id)
    if village and not _reachable(store, result):
        village = []
    for bundle in village:
        try:
            result.forwarded.append(forward_bundle(store, bundle, progress))
        except TongxinError as refused:
            log.warning("village bundle %s not forwarded: %s", bundle.name, refused.en)
            result.problems.append(refused)
    reply = seal.newest_reply(folder, device_id)
    if reply is not None:
        result.report = import_reply(store, reply, progress)
    elif not result.forwarded and not result.problems:
        raise nothing_on_stick()
    return result


def import_reply(store: Store, path: Path, progress: Progress = _quiet) -> SyncReport:
    """Take in the server's reply: the answers to this laptop's batches, the changes of its grids
    it has not seen, the photos they list and the accounts of its grids. Refused whole, before
    anything is applied, when it is damaged, cut short, for another laptop, not signed by the
    server (once this laptop knows its key) or older than a reply already imported; importing the
    same reply again changes nothing."""
    device_id, secret = _identity(store)
    report = SyncReport(phase="import")
    data = path.read_bytes()
    report.file_done = report.file_size = report.bytes_received = len(data)
    header = seal.read_header(data)
    if header.kind != seal.REPLY:
        raise seal.wrong_kind(header.kind)
    if header.device_id != device_id:
        raise not_this_laptop()
    _check_server_signature(store, header, data)
    manifest, photos = seal.unseal(data, header, seal.bundle_key(secret, device_id, seal.REPLY))
    reply = ReplyBundle.model_validate_json(manifest)
    if reply.device_id != device_id or reply.number != header.number:
        raise seal.damaged()
    last = int(store.meta("bundle_reply_number") or 0)
    if reply.number < last:
        raise older_reply()
    progress(report)
    if behind(store, reply.state):
        take_batches(store, reply.state, reply.batches, report)
    for page in reply.pages:
        take_page(store, page, report)
        progress(report)
    for sha256 in reply.held:
        files.mark_uploaded(store, sha256)
    for sha256, content in photos.items():
        if files.held_bytes(store, sha256) < len(content):
            files.append_download(store, sha256, len(content), 0, content)
            report.attachments += 1
    report.users = reply.users
    report.refusals_open = refusals.count(store)
    report.parked = waiting.count(store)
    with store.transaction():
        store.set_meta("bundle_reply_number", str(max(last, reply.number)))
        store.set_meta("last_sync_at", json.dumps(datetime.now(UTC).isoformat()))
    progress(report)
    log.info("imported reply bundle %s: %s", path.name, report)
    return report
