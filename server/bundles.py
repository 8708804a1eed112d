"""Importing a village laptop's sync bundle (USB stick) and writing its reply.

A bundle is the network sync carried on a stick, so it goes through the network's own code:
each batch through ``apply_push`` (a batch the server holds already gets its stored answer,
whichever way it came first), each photo through ``attachments.append``; the reply holds what the
laptop would have read over the network — its device state, ``received_batches`` from where its
acknowledgements stood, ``pull`` pages from its cursor, its accounts and the photos the pulled
records list. A bundle is refused whole, before anything is applied, when it is damaged, cut
short, not from a device of this server, from a revoked device, not signed by the device's
registered signing key (``_check_signature``), or older than one imported.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import ValidationError
from pydantic_core import to_json
from sqlalchemy.engine import Connection, Engine

from app.models.record import CREATION
from server import attachments, db, devices, dialects, scope
from server.clock import ServerClock
from server.errors import ApiError
from server.pull import high_seq, pull
from server.push import apply_push, received_batches
from server.records import upsert_all
from sync import seal
from sync.protocol import MAX_PULL_PAGE, DeviceState, UpBundle

log = logging.getLogger(__name__)
RECORDS_PAGE = 200


def unknown_device() -> seal.BundleRefused:
    return seal.BundleRefused(
        "bundle_unknown_device",
        "这个同步包来自未在本服务器登记的电脑（可能属于另一台服务器），未导入任何内容。",
        "This bundle comes from a laptop not enrolled with this server; nothing was imported.",
    )


def revoked_device() -> seal.BundleRefused:
    return seal.BundleRefused(
        "bundle_revoked",
        "导出这个同步包的电脑已被停用，未导入任何内容。请联系管理员。",
        "The laptop that wrote this bundle is revoked; nothing was imported.",
    )


def older_bundle() -> seal.BundleRefused:
    return seal.BundleRefused(
        "bundle_replayed",
        "这个同步包比已导入的同一台电脑的同步包旧，未导入任何内容；其中的修改已随较新的同步包送到。",
        "This bundle is older than one already imported from the same laptop; nothing was imported.",
    )


def unreadable() -> seal.BundleRefused:
    return seal.BundleRefused(
        "bundle_unreadable",
        "同步包的内容无法读取（软件版本不符？），未导入任何内容。请升级后重新导出。",
        "The bundle's content cannot be read (another version?); nothing was imported.",
    )


@dataclass
class Imported:
    """What one import did, for the person at the township office."""

    device_id: str
    number: int
    changes: int
    batches: int
    photos: int
    reply: bytes


@dataclass(frozen=True)
class _Sender:
    """The bundle's device as this server knows it, the secret its bundles are sealed with and
    the public half of its signing key (None until it registers one)."""

    device: devices.Device
    secret: str
    signing_key: str | None


def _device(conn: Connection, device_id: str) -> _Sender:
    row = conn.execute(sa.select(db.devices).where(db.devices.c.id == device_id)).first()
    if row is None:
        raise unknown_device()
    if row.revoked_at is not None:
        raise revoked_device()
    grids = frozenset(row.grids)
    device = devices.Device(row.id, row.name, grids, scope.covered(conn, grids), scope.above(conn, grids))
    return _Sender(device, row.token_hash, row.signing_key)


def _check_signature(sender: _Sender, header: seal.Header, data: bytes) -> None:
    """Verify the bundle against the device's registered key before anything is decrypted. The
    sealing key is in this database, so without the signature a copy of it could forge a bundle.
    A device that has registered no key yet (enrolled before signing keys, no network sync since)
    is taken as before: a signature it made is of a key this server does not know."""
    if sender.signing_key is not None:
        if not header.signed:
            raise seal.unsigned()
        if not seal.signed_by(data, header, seal.public_key(sender.signing_key)):
            raise seal.bad_signature()
        return
    log.warning(
        "bundle %d of %s taken unsigned: the device has registered no signing key yet%s",
        header.number,
        sender.device.id,
        " (it signed with a key the server does not hold)" if header.signed else "",
    )


def _check_newer(conn: Connection, device_id: str, number: int, digest: str) -> None:
    """The same bundle may be imported again (its batches are answered as before); an older one,
    or another file under a number already used, is a replay."""
    stored = conn.execute(
        sa.select(db.bundle_imports).where(db.bundle_imports.c.device_id == device_id)
    ).first()
    if stored is not None and (
        number < stored.number or (number == stored.number and digest != stored.digest)
    ):
        raise older_bundle()


def _remember(engine: Engine, device_id: str, number: int, digest: str) -> None:
    """The newest bundle imported from the device; one newer imported meanwhile stays the newest."""
    with engine.begin() as conn:
        stored = conn.execute(
            sa.select(db.bundle_imports.c.number).where(db.bundle_imports.c.device_id == device_id)
        ).scalar()
        if stored is None or number >= stored:
            row = {
                "device_id": device_id,
                "number": number,
                "digest": digest,
                "imported_at": datetime.now(UTC),
            }
            upsert_all(conn, db.bundle_imports, [row], ["device_id"])


def import_bundle(
    engine: Engine,
    clock: ServerClock,
    root: Path,
    max_attachment: int,
    data: bytes,
    reply_key: Ed25519PrivateKey,
) -> Imported:
    """Verify ``data`` whole, apply it as the device's pushes and uploads, and seal the reply;
    signed with ``reply_key`` (server.reply_key) when the bundle was signed, which says its
    laptop reads signed files (one of before signing keys would take a signed reply for damaged)."""
    header = seal.read_header(data)
    if header.kind != seal.UP:
        raise seal.wrong_kind(header.kind)
    digest = data[-32:].hex()
    with engine.connect() as conn:
        sender = _device(conn, header.device_id)
        device, secret = sender.device, sender.secret
        _check_signature(sender, header, data)
        manifest, photos = seal.unseal(data, header, seal.bundle_key(secret, device.id, seal.UP))
        try:
            up = UpBundle.model_validate_json(manifest)
        except ValidationError:
            raise unreadable() from None
        if up.device_id != device.id or up.number != header.number:
            raise seal.damaged()
        _check_newer(conn, device.id, up.number, digest)
    for batch in up.batches:
        with engine.connect() as conn:
            try:
                apply_push(conn, device, batch, clock)
            except ApiError as exc:
                raise seal.BundleRefused(exc.code, exc.zh, exc.en) from exc
    held = [
        sha256
        for sha256, content in photos.items()
        if _store_photo(engine, root, device, sha256, content, max_attachment)
    ]
    _remember(engine, device.id, up.number, digest)
    reply = _reply(engine, clock, root, device, up, held, secret, reply_key if header.signed else None)
    changes = sum(len(batch.changes) for batch in up.batches)
    log.info("imported bundle %d of %s: %d changes, %d photos", up.number, device.id, changes, len(held))
    return Imported(device.id, up.number, changes, len(up.batches), len(held), reply)


def _store_photo(
    engine: Engine, root: Path, device: devices.Device, sha256: str, content: bytes, limit: int
) -> bool:
    """One photo as one whole upload; a photo no record of the device's grids lists (its record
    was refused) stays on the laptop, which sends it again."""
    with engine.connect() as conn:
        try:
            status = attachments.append(conn, root, device, sha256, 0, len(content), content, limit)
        except ApiError as exc:
            log.warning("photo %s from bundle of %s not kept: %s", sha256, device.id, exc.en)
            return False
        conn.commit()
    return status.complete


def _reply(
    engine: Engine,
    clock: ServerClock,
    root: Path,
    device: devices.Device,
    up: UpBundle,
    held: list[str],
    secret: str,
    signing_key: Ed25519PrivateKey | None,
) -> bytes:
    with dialects.of(engine).snapshot(engine.connect()) as conn:
        state = DeviceState(
            device_id=device.id,
            grids=sorted(device.grids),
            pushed_seq=devices.pushed_seq(conn, device),
            high_seq=high_seq(conn),
            server_hlc=str(clock.tick()),
        )
        pages = list(_pages(conn, device, up, clock))
        wanted = dict.fromkeys([*up.wanted, *_listed(pages)])
        photos = {sha256: content for sha256 in wanted if (content := _photo(conn, root, device, sha256))}
        manifest = {
            "device_id": device.id,
            "number": up.number,
            "state": state.model_dump(mode="json"),
            "batches": list(_batch_records(conn, device, up.acked_seq)),
            "pages": pages,
            "users": [user.model_dump(mode="json") for user in devices.users_for(conn, device)],
            "held": held,
        }
    header = seal.Header(seal.REPLY, device.id, up.number)
    key = seal.bundle_key(secret, device.id, seal.REPLY)
    return seal.seal(header, to_json(manifest), photos, key, signing_key)


def _batch_records(conn: Connection, device: devices.Device, after: int) -> Iterator[dict[str, Any]]:
    while True:
        page = received_batches(conn, device, after, RECORDS_PAGE)
        for record in page["batches"]:
            yield record
            after = max([after, *(seq for seq, _ in record["received"] if seq is not None)])
        if not page["more"]:
            return


def _pages(
    conn: Connection, device: devices.Device, up: UpBundle, clock: ServerClock
) -> Iterator[dict[str, Any]]:
    # A laptop whose grids IT changed since it last heard pulls them from the start (engine.behind
    # rescopes it on the reply, before these pages).
    cursor = up.cursor if sorted(up.grids) == sorted(device.grids) else 0
    while True:
        page = pull(conn, device, cursor, MAX_PULL_PAGE, clock, own_until=up.own_until)
        yield page
        cursor = page["next_cursor"]
        if not page["more"]:
            return


def _listed(pages: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The photos the pulled changes list, by an edit of the list or in a new record."""
    for page in pages:
        for change in page["changes"]:
            value = change["value"]
            if change["field"] == CREATION and isinstance(value, dict):
                value = value.get("attachments")
            elif change["field"] != "attachments":
                continue
            yield from (sha256 for sha256 in value or [] if isinstance(sha256, str))


def _photo(conn: Connection, root: Path, device: devices.Device, sha256: str) -> bytes | None:
    try:
        return attachments.path_of(conn, root, device, sha256).read_bytes()
    except (ApiError, FileNotFoundError):
        return None
