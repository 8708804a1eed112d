"""A forger's tools against a full copy of the server's database (a leaked backup), written apart
from the app's bundle code.

The forger knows the bundle format (it ships with the app, and sync/seal.py says it) and holds
every table of the server: each device's token hash, its grids, its records and their stamps,
and the public half of its signing key. From those alone it writes an "up" bundle as the device,
or a reply as the server, old format or signed with whatever key it has. Nothing here imports
``app``, ``sync`` or ``server``: a bug shared with the app's sealing code would hide itself.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import struct
import uuid
import zipfile
import zlib
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

OLD_MAGIC = b"TXSB1\n"
SIGNED_MAGIC = b"TXSB2\n"
SIGNED_CONTEXT = b"tongxin sync bundle signature v1\n"

Tables = dict[str, list[dict[str, Any]]]


def copy_of_database(url: str) -> Tables:
    """Every row of every table, as a dump of the server's database holds them."""
    engine = sa.create_engine(url)
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        with engine.connect() as conn:
            return {
                name: [dict(row._mapping) for row in conn.execute(sa.select(table))]
                for name, table in metadata.tables.items()
            }
    finally:
        engine.dispose()


def device_row(copy: Tables, device_id: str) -> dict[str, Any]:
    [row] = [row for row in copy["devices"] if row["id"] == device_id]
    return row


def texts(copy: Tables) -> list[str]:
    """Every value in the copy as text: where a private key would show if the server kept one."""
    return [
        json.dumps(value, default=str) for rows in copy.values() for row in rows for value in row.values()
    ]


def edit_of_a_household(copy: Tables, device_id: str, value: str) -> dict[str, Any]:
    """A change the device could have made: a new head of one of its households, stamped a
    second after the newest stamp the copy holds of it (so it would win)."""
    created = [
        row for row in copy["changes"] if row["device_id"] == device_id and row["entity"] == "households"
    ]
    target = max(created, key=lambda row: row["hlc"])
    wall, _counter, node = target["hlc"].split("-", 2)
    return {
        "entity": "households",
        "record_id": target["record_id"],
        "grid": target["grid"],
        "field": "head_name",
        "value": value,
        "hlc": f"{int(wall) + 1000:015d}-000000-{node}",
        "base_hlc": None,
    }


def manifest(device_id: str, number: int, grid: str, changes: list[dict[str, Any]]) -> bytes:
    body = {
        "device_id": device_id,
        "number": number,
        "acked_seq": 0,
        "cursor": 0,
        "own_until": 0,
        "grids": [grid],
        "batches": [{"batch_id": str(uuid.uuid4()), "changes": changes}],
        "wanted": [],
    }
    return json.dumps(body, ensure_ascii=False).encode()


def reply_manifest(copy: Tables, device_id: str, number: int, change: dict[str, Any]) -> bytes:
    """The server's answer to bundle ``number``: a pull page that brings ``change`` to the laptop
    as if another device of its grid had made it."""
    high = max(row["seq"] for row in copy["changes"]) + 1
    pulled = {key: change[key] for key in ("entity", "record_id", "grid", "field", "value", "hlc")}
    pulled |= {"seq": high, "device": uuid.uuid4().hex, "restamped": False}
    body = {
        "device_id": device_id,
        "number": number,
        "state": {
            "device_id": device_id,
            "grids": [change["grid"]],
            "pushed_seq": 0,
            "high_seq": high,
            "server_hlc": change["hlc"],
        },
        "batches": [],
        "pages": [{"changes": [pulled], "next_cursor": high, "more": False, "server_hlc": change["hlc"]}],
        "users": [],
        "held": [],
    }
    return json.dumps(body, ensure_ascii=False).encode()


def sealing_key(secret: str, device_id: str, kind: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"tongxin-sync-bundle-1",
        info=f"{kind}:{device_id}".encode(),
    ).derive(secret.encode())


def forge(
    device_id: str,
    number: int,
    content: bytes,
    secret: str,
    signer: Ed25519PrivateKey | None = None,
    *,
    kind: str = "up",
) -> bytes:
    """A bundle (``kind`` "up") or a reply of ``content`` sealed under the key derived from
    ``secret``; signed by ``signer`` when the forger has a key to sign with, else in the format
    of before."""
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("bundle.json", content)
    head = json.dumps({"kind": kind, "device_id": device_id, "number": number}).encode()
    aad = struct.pack(">I", len(head)) + head
    nonce = os.urandom(12)
    ciphertext = AESGCM(sealing_key(secret, device_id, kind)).encrypt(nonce, inner.getvalue(), aad)
    size = 6 + 12 + len(aad) + 12 + len(ciphertext) + (64 if signer else 0) + 32
    start = (SIGNED_MAGIC if signer else OLD_MAGIC) + struct.pack(">Q", size)
    body = start + struct.pack(">I", zlib.crc32(start)) + aad + nonce + ciphertext
    if signer:
        body += signer.sign(SIGNED_CONTEXT + body)
    return body + hashlib.sha256(body).digest()
