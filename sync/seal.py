"""The sync bundle file: a laptop's sync (or the server's reply) sealed for a USB stick.

Pure and shared by the laptop and the server. A stick gets lost or passed around, so a bundle
is encrypted and authenticated with AES-256-GCM under a key only the device and its server
hold: derived (HKDF) from the device token's SHA-256, which the laptop computes from its token and
the server keeps in place of the token. A reply uses a key of its own direction, so a bundle can
never be passed off as a reply.

That key is in the server's database too, so a copy of the database (a leaked backup) could seal a
bundle as any device, or a reply as the server. An "up" bundle is therefore also signed (Ed25519)
with the device's own signing key, whose private half never leaves the laptop's encrypted
database; the server keeps the public half only (``server.devices``) and checks the signature
before it decrypts anything. Its reply is signed with the server's key, kept outside its
database (``server.reply_key``), whose public half the laptop learned over the network.

Layout: ``MAGIC | size (8) | crc32 of both (4) | header length (4) | header JSON | nonce (12) |
ciphertext | [signature (64)] | SHA-256 of everything before (32)``. ``MAGIC_SIGNED`` opens a
signed bundle, whose signature covers every byte before it (header and sealed content); ``MAGIC``
one from a laptop that has no signing key yet. The size, under its own checksum, tells a
file cut short from a damaged one; the trailing hash tells a damaged file before any key is
looked up; the signature and the GCM tag (the header is its associated data) tell a forged one.
Inside: a zip of ``bundle.json`` and one member per attachment, named by its SHA-256.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.errors import TongxinError

MAGIC = b"TXSB1\n"
MAGIC_SIGNED = b"TXSB2\n"
# What a signature is made over begins with this, so it can never be taken for another signature.
SIGNED_CONTEXT = b"tongxin sync bundle signature v1\n"
UP = "up"
REPLY = "reply"
MANIFEST = "bundle.json"
_PREFIX = struct.Struct(">QI")
_LENGTH = struct.Struct(">I")
_FIXED = len(MAGIC) + _PREFIX.size
_NONCE = 12
_TRAILER = 32
_SIGNATURE = 64
WRITE_PART = 1 << 20
SUFFIX = ".tongxin"


class BundleRefused(TongxinError):
    """A bundle that is not imported at all, and why, in words the person at the stick can act on."""


def damaged() -> BundleRefused:
    return BundleRefused(
        "bundle_damaged",
        "同步包已损坏或被改动过，未导入任何内容。请在村里的电脑上重新导出同步包。",
        "The sync bundle is damaged or was altered; nothing was imported. Export it again.",
    )


def truncated() -> BundleRefused:
    return BundleRefused(
        "bundle_truncated",
        "同步包不完整（复制时被截断），未导入任何内容。请重新复制或重新导出。",
        "The sync bundle is incomplete (cut short while copying); nothing was imported.",
    )


def wrong_kind(kind: str) -> BundleRefused:
    if kind == REPLY:
        return BundleRefused(
            "bundle_is_reply",
            "这是服务器的回复包，未导入任何内容：它应在村里的电脑上导入。",
            "This is a reply bundle: import it on the village laptop.",
        )
    return BundleRefused(
        "bundle_is_up",
        "这是电脑导出的同步包，未导入任何内容：它应在乡镇导入服务器。",
        "This is a laptop's sync bundle: import it at the township, not here.",
    )


def unsigned() -> BundleRefused:
    return BundleRefused(
        "bundle_unsigned",
        "这个同步包没有电脑的签名，而这台电脑已在服务器登记了签名密钥（可能是伪造的包，或是登记前导出的旧包），"
        "未导入任何内容。请在这台电脑上重新导出同步包。",
        "This bundle is not signed, but its laptop has a registered signing key (a forgery, or a bundle"
        " written before the key was registered); nothing was imported. Export it again on the laptop.",
    )


def bad_signature() -> BundleRefused:
    return BundleRefused(
        "bundle_bad_signature",
        "同步包的签名与这台电脑登记的签名密钥不符（可能是伪造的），未导入任何内容。"
        "请在这台电脑上重新导出同步包，并告知管理员。",
        "The bundle's signature does not match its laptop's registered signing key (it may be"
        " forged); nothing was imported. Export it again on the laptop and tell IT.",
    )


@dataclass(frozen=True)
class Header:
    """What is readable without the key: which device, which direction, which bundle, and whether
    the device signed it."""

    kind: str
    device_id: str
    number: int
    signed: bool = False


def token_secret(token: str) -> str:
    """The device token as the server keeps it (server.devices hashes tokens the same way)."""
    return hashlib.sha256(token.encode()).hexdigest()


def public_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """A signing key's public half as the wire and the server's database carry it: its 32 raw
    bytes in base64."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return base64.b64encode(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def public_key(text: str) -> Ed25519PublicKey:
    """A signing key's public half from its text; ValueError when it is not one."""
    raw = base64.b64decode(text, validate=True)
    return Ed25519PublicKey.from_public_bytes(raw)


def bundle_key(secret: str, device_id: str, kind: str) -> bytes:
    """The AES key of one device and one direction."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"tongxin-sync-bundle-1",
        info=f"{kind}:{device_id}".encode(),
    ).derive(secret.encode())


def seal(
    header: Header,
    manifest: bytes,
    files: dict[str, bytes],
    key: bytes,
    signing_key: Ed25519PrivateKey | None = None,
) -> bytes:
    """The bundle's bytes: ``manifest`` (JSON) compressed, the files (photos, compressed already)
    stored as they are, all encrypted; signed when a ``signing_key`` is given."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo(MANIFEST), manifest, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9
        )
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_STORED)
    head = json.dumps({"kind": header.kind, "device_id": header.device_id, "number": header.number}).encode()
    nonce = os.urandom(_NONCE)
    aad = _LENGTH.pack(len(head)) + head
    ciphertext = AESGCM(key).encrypt(nonce, inner.getvalue(), aad)
    signature = _SIGNATURE if signing_key else 0
    size = _FIXED + len(aad) + _NONCE + len(ciphertext) + signature + _TRAILER
    start = (MAGIC_SIGNED if signing_key else MAGIC) + struct.pack(">Q", size)
    body = start + struct.pack(">I", zlib.crc32(start)) + aad + nonce + ciphertext
    if signing_key:
        body += signing_key.sign(SIGNED_CONTEXT + body)
    return body + hashlib.sha256(body).digest()


def read_header(data: bytes) -> Header:
    """Check the file is whole and intact, and read who made it; nothing is decrypted yet."""
    magic = data[: len(MAGIC)]
    if len(data) < _FIXED:
        raise truncated() if MAGIC.startswith(magic) or MAGIC_SIGNED.startswith(magic) else damaged()
    size, crc = _PREFIX.unpack_from(data, len(MAGIC))
    if magic not in (MAGIC, MAGIC_SIGNED) or zlib.crc32(data[: len(MAGIC) + 8]) != crc:
        raise damaged()
    if len(data) < size:
        raise truncated()
    if len(data) > size or hashlib.sha256(data[:-_TRAILER]).digest() != data[-_TRAILER:]:
        raise damaged()
    try:
        (length,) = _LENGTH.unpack_from(data, _FIXED)
        fields = json.loads(data[_FIXED + _LENGTH.size : _FIXED + _LENGTH.size + length])
        header = Header(
            str(fields["kind"]), str(fields["device_id"]), int(fields["number"]), magic == MAGIC_SIGNED
        )
    except (ValueError, KeyError, TypeError, struct.error):
        raise damaged() from None
    if _FIXED + _LENGTH.size + length + _NONCE + _sealed_end(header) > len(data):
        raise damaged()
    return header


def _sealed_end(header: Header) -> int:
    """How many bytes follow the ciphertext: the signature, if any, and the trailing hash."""
    return (_SIGNATURE if header.signed else 0) + _TRAILER


def signed_by(data: bytes, header: Header, public_key: Ed25519PublicKey) -> bool:
    """Whether a bundle ``read_header`` passed carries a signature of the holder of ``public_key``
    over every byte before it; an unsigned bundle carries none."""
    if not header.signed:
        return False
    # A view, not a slice: a bundle may be a village's week of photos, and this is its one copy.
    body, signature = memoryview(data)[: -_SIGNATURE - _TRAILER], data[-_SIGNATURE - _TRAILER : -_TRAILER]
    try:
        public_key.verify(signature, SIGNED_CONTEXT + body)
    except InvalidSignature:
        return False
    return True


def unseal(data: bytes, header: Header, key: bytes) -> tuple[bytes, dict[str, bytes]]:
    """The manifest and the files of a bundle ``read_header`` passed; a wrong key or any altered
    byte is refused here."""
    (length,) = _LENGTH.unpack_from(data, _FIXED)
    aad_end = _FIXED + _LENGTH.size + length
    nonce, ciphertext = data[aad_end : aad_end + _NONCE], data[aad_end + _NONCE : -_sealed_end(header)]
    try:
        inner = AESGCM(key).decrypt(nonce, ciphertext, data[_FIXED:aad_end])
    except InvalidTag:
        raise damaged() from None
    with zipfile.ZipFile(io.BytesIO(inner)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    manifest = files.pop(MANIFEST)
    for name, content in files.items():
        if hashlib.sha256(content).hexdigest() != name:
            raise damaged()
    return manifest, files


def reply_name(up_name: str) -> str:
    """The reply's file name, beside the bundle it answers on the stick."""
    return up_name.removesuffix(SUFFIX) + "-reply" + SUFFIX


def newest_reply(folder: Path, device_id: str) -> Path | None:
    """The newest reply for this device among those on the stick (bundle numbers are zero-padded,
    so the newest sorts last)."""
    replies = sorted(folder.glob(f"tongxin-{device_id[:8]}-*-reply{SUFFIX}")) if device_id else []
    return replies[-1] if replies else None


def village_bundles(folder: Path, device_id: str) -> list[Path]:
    """Bundles of other laptops on the stick that have no reply beside them yet: what a township
    laptop that is online forwards to the server."""
    own = f"tongxin-{device_id[:8]}-"
    return [
        path
        for path in sorted(folder.glob(f"tongxin-*{SUFFIX}"))
        if not path.name.endswith(f"-reply{SUFFIX}")
        and not path.name.startswith(own)
        and not path.with_name(reply_name(path.name)).exists()
    ]


def write_file(path: Path, data: bytes, progress: Callable[[int, int], None]) -> None:
    """Write a bundle whole or not at all: into ``path``.part, flushed to the stick, then renamed.
    ``progress(done, total)`` may raise to cancel; the part file is removed then, as on any failure."""
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as out:
            for start in range(0, len(data), WRITE_PART):
                out.write(data[start : start + WRITE_PART])
                progress(min(len(data), start + WRITE_PART), len(data))
            out.flush()
            os.fsync(out.fileno())
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
