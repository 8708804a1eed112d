"""The wire protocol between devices and the regional server (pydantic models, version 1).

A change is one field of one record: the unit the hybrid logical clock stamps and the conflict
rules decide on. ``base_hlc`` is the stamp of the field version the editor saw; the server uses it
to tell "changed what I saw" from "changed something I never saw" on guarded fields.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints

from app.account_keys import MAX_MEMORY_KIB, MAX_PARALLELISM, MAX_TIME_COST, MIN_MEMORY_KIB

MAX_BATCH = 500
# Conflicts travel in the change stream as records of this pseudo-entity, so every device hears of them.
CONFLICTS_ENTITY = "conflicts"
MAX_PULL_PAGE = 1000
MAX_FETCH = 500
STAMP_PATTERN = r"^\d{15}-\d{6}-[0-9A-Za-z_]{1,64}$"

Stamp = Annotated[str, StringConstraints(pattern=STAMP_PATTERN)]
GridCode = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z_]{2,32}$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FieldValue(WireModel):
    """One field of one record at one clock: what devices send and the server serves."""

    entity: Name
    record_id: UUID
    grid: GridCode
    field: Name
    value: JsonValue
    hlc: Stamp


class FieldChange(FieldValue):
    base_hlc: Stamp | None = None
    # The change's place in the device's own log: what lets a laptop restored from a backup learn
    # which of its changes the server already has (``BatchRecord``).
    seq: int | None = Field(default=None, ge=1, le=2**62)

    def digest(self) -> str:
        """``change_digest`` read off the fields as they are: dumping each change first cost a
        tenth of a push on the server."""
        return change_digest(vars(self))


class PushRequest(WireModel):
    batch_id: UUID
    changes: list[FieldChange] = Field(max_length=MAX_BATCH)


def change_digest(change: dict[str, Any]) -> str:
    """A change's fingerprint, the same on the laptop (from its log) and the server (from the
    request), so that each side can tell "this very change" without sending it again. Not its
    base: a laptop renames the version an unsent edit was made on once the server re-stamped it,
    and a copy of its log from before (a backup) must still know the edit for the same one."""
    canonical = json.dumps(
        [
            change["entity"],
            _uuid_text(change["record_id"]),
            change["grid"],
            change["field"],
            change["value"],
            change["hlc"],
            change.get("seq"),
        ],
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def _uuid_text(value: Any) -> str:
    return str(value) if isinstance(value, UUID) else str(UUID(str(value)))


def batch_digest(digests: Iterable[str]) -> str:
    """What a batch id stands for: a batch id sent again with other content is refused."""
    return hashlib.sha256("".join(digests).encode()).hexdigest()


class ChangeStatus(StrEnum):
    APPLIED = "applied"
    SUPERSEDED = "superseded"
    CONFLICT = "conflict"
    REFUSED = "refused"


class Winner(WireModel):
    """The value the server holds for a field, and its clock."""

    value: JsonValue
    hlc: Stamp


class ChangeResult(WireModel):
    status: ChangeStatus
    hlc: Stamp
    restamped: bool = False
    reason: str | None = None
    message_zh: str | None = None
    message_en: str | None = None
    # Where the change did not become the field's value (superseded, a conflict it lost, refused):
    # what the field holds on the server, which the laptop adopts unless it has edited it since.
    winner: Winner | None = None


class PushResponse(WireModel):
    batch_id: UUID
    results: list[ChangeResult]
    server_hlc: Stamp


class DeviceState(WireModel):
    """What the server knows of the asking device, read before each sync."""

    device_id: str
    # The grids IT enrolled it for now (they may have changed since the laptop last asked).
    grids: list[GridCode]
    # The highest log place of this device's changes the server has received.
    pushed_seq: int
    # The newest change of all: how far a laptop catching up on its own changes must read them.
    high_seq: int
    server_hlc: Stamp


class BatchRecord(WireModel):
    """A batch the server received from the asking device: each change's log place and digest,
    and the answer it was given."""

    batch_id: UUID
    received: list[tuple[int | None, str]]
    response: PushResponse
    refused: list[FieldChange] = []


class BatchRecords(WireModel):
    batches: list[BatchRecord]
    more: bool


class ServerChange(FieldValue):
    seq: int
    device: str
    restamped: bool = False


class PullResponse(WireModel):
    changes: list[ServerChange]
    next_cursor: int
    more: bool
    server_hlc: Stamp


# A record table's name: what a key names, nothing a database would choke on.
EntityName = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,64}$")]


class RecordKey(WireModel):
    entity: EntityName
    record_id: UUID


class FetchRequest(WireModel):
    """Records to bring back from the server's archive (they left the laptop; the server kept them)."""

    records: list[RecordKey] = Field(min_length=1, max_length=MAX_FETCH)


class FetchResponse(WireModel):
    """Every change of the records asked for that the device may see, in the server's order, to be
    applied like a pull page; ``missing``: records the server does not hold for this device."""

    changes: list[ServerChange]
    missing: list[RecordKey]
    server_hlc: Stamp


class ArchiveHit(WireModel):
    entity: Name
    record_id: UUID
    grid: GridCode
    title: str
    subtitle: str


class ArchiveSearchResponse(WireModel):
    hits: list[ArchiveHit]


class SnapshotResponse(WireModel):
    """A page of a new laptop's first sync (server.snapshot): records as they stand at ``high``."""

    changes: list[FieldValue]
    high: int = Field(ge=0)
    # Where the next page starts, as the server wrote it; None after the last page.
    after: str | None = Field(max_length=200)
    server_hlc: Stamp


# An Ed25519 public key: its 32 raw bytes in base64 (sync.signing).
SigningKeyText = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{43}=$")]


class EnrollRequest(WireModel):
    code: Annotated[str, StringConstraints(min_length=4, max_length=64)]
    # What IT will see in the device list: printable text, no control characters.
    device_name: Annotated[
        str, StringConstraints(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")
    ]
    # The public half of the laptop's bundle signing key; absent from laptops of before signing
    # keys, which register one at their next sync (``SigningKeyRequest``).
    signing_key: SigningKeyText | None = None


class SigningKeyRequest(WireModel):
    """The public half of the laptop's signing key, sent at every network sync: a laptop enrolled
    before signing keys registers the pair it made with it; any other sends the key it enrolled with."""

    public_key: SigningKeyText


class SigningKeyResponse(WireModel):
    """The key the server holds for the device now (the one sent, or the same one sent before),
    and the public half of the server's own key, which signs the replies to its bundles."""

    public_key: SigningKeyText
    server_key: SigningKeyText


class EnrollResponse(WireModel):
    device_id: str
    token: str
    grids: list[GridCode]
    server_hlc: Stamp


class KdfParameters(WireModel):
    """argon2id costs of a wrapped private key: below 64 MiB a guess would be cheap, so refused."""

    algorithm: Literal["argon2id"]
    time_cost: Annotated[int, Field(ge=1, le=MAX_TIME_COST)]
    memory_kib: Annotated[int, Field(ge=MIN_MEMORY_KIB, le=MAX_MEMORY_KIB)]
    parallelism: Annotated[int, Field(ge=1, le=MAX_PARALLELISM)]


Base64 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]+={0,2}$", max_length=200)]


class OfflineKey(WireModel):
    """An account's key pair as the server keeps it (app.account_keys): the public key a laptop
    seals its data key to, and the private key wrapped under the password."""

    public_key: Base64
    wrapped_private_key: Base64
    salt: Base64
    kdf: KdfParameters


class OfflineUser(WireModel):
    """An account of the device's grids, for offline login. Never a password hash: ``key`` is
    null for an account made before key pairs, until IT renews its password on the server."""

    username: str
    display_name: str
    role: str
    grids: list[GridCode]
    key: OfflineKey | None


class UsersResponse(WireModel):
    users: list[OfflineUser]


class AttachmentStatus(WireModel):
    sha256: str
    size: int
    received: int
    complete: bool


class Health(WireModel):
    status: str
    database: str
    migration: str | None
    version: str


class ErrorBody(WireModel):
    error: str
    message_zh: str
    message_en: str
    detail: JsonValue = None


class UpBundle(WireModel):
    """A laptop's sync written to a file (a USB stick) for a village with no link: the batches a
    push would send, under the same batch ids, and where its pull stands, so the server answers
    the file exactly as it would answer the network."""

    device_id: str
    # Counts up per laptop: a file older than one the server already imported is refused.
    number: int = Field(ge=1)
    acked_seq: int = Field(ge=0)
    cursor: int = Field(ge=0)
    own_until: int = Field(ge=0)
    # The grids the laptop believes it covers: where the server's differ, the reply pulls from the start.
    grids: list[GridCode] = []
    batches: list[PushRequest]
    # Attachments records on the laptop list and it lacks: the reply carries them if the server has them.
    wanted: list[str] = []


class ReplyBundle(WireModel):
    """The server's answer to an ``UpBundle``, for the same stick: what a network sync would have
    read — the device's state, its batches' answers, the pull pages after its cursor, its accounts."""

    device_id: str
    # The number of the bundle this answers: a reply older than one the laptop imported is refused.
    number: int = Field(ge=1)
    state: DeviceState
    batches: list[BatchRecord]
    pages: list[PullResponse]
    users: list[OfflineUser]
    # Attachments the bundle carried that the server now holds whole.
    held: list[str] = []
