"""The server's tables (SQLAlchemy Core) and its engine.

``changes`` is the log devices pull from. Its ``seq`` is the pull cursor, so seq order must be
commit order: on PostgreSQL a sequence value drawn by one transaction can commit after a larger
one drawn by another, and a reader who already moved past the larger would skip the smaller
forever. Every push therefore takes a transaction-scoped advisory lock before drawing any seq
(``ordered_writes`` in server.dialects), which makes commits of pushes happen in seq order.
SQLite has one writer at a time (BEGIN IMMEDIATE), which gives the same guarantee.

That lock makes every push wait for the one before it to commit, so nothing but the database's
own work may happen while it is held: a push decides in parallel with others under locks on just
its records (``lock_records``), then sends the lock, its writes and its COMMIT in one flight
(``pipelined``). Held across Python round trips, the lock made pushes queue behind the server's
thread scheduling rather than behind PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from server import dialects

metadata = sa.MetaData()
Timestamp = sa.DateTime(timezone=True)
BigId = sa.BigInteger().with_variant(sa.Integer, "sqlite")

grids = sa.Table(
    "grids",
    metadata,
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("level", sa.String(20), nullable=False),
    sa.Column("parent_code", sa.String(32)),
)
users = sa.Table(
    "users",
    metadata,
    sa.Column("username", sa.String(32), primary_key=True),
    sa.Column("display_name", sa.String(64), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("grids", sa.JSON, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    # The argon2id hash of an account made before key pairs: checked by `user password`, never sent.
    sa.Column("legacy_password_hash", sa.String(200)),
    # app.account_keys.WrappedAccountKey.as_dict(): what devices receive for offline login.
    sa.Column("account_key", sa.JSON),
)
devices = sa.Table(
    "devices",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("grids", sa.JSON, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("revoked_at", Timestamp),
    sa.Column("token_used_at", Timestamp),
    # The public half of the laptop's bundle signing key (sync.signing); null until it registers one.
    sa.Column("signing_key", sa.String(44)),
)
enroll_codes = sa.Table(
    "enroll_codes",
    metadata,
    sa.Column("code_hash", sa.String(64), primary_key=True),
    sa.Column("grids", sa.JSON, nullable=False),
    sa.Column("expires_at", Timestamp, nullable=False),
    sa.Column("used_at", Timestamp),
    sa.Column("device_id", sa.String(32)),
)
records = sa.Table(
    "records",
    metadata,
    sa.Column("entity", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(36), primary_key=True),
    sa.Column("grid", sa.String(32), nullable=False),
)
field_state = sa.Table(
    "field_state",
    metadata,
    sa.Column("entity", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(36), primary_key=True),
    sa.Column("field", sa.String(64), primary_key=True),
    sa.Column("value", sa.JSON),
    sa.Column("hlc", sa.String(100), nullable=False),
)
changes = sa.Table(
    "changes",
    metadata,
    sa.Column("seq", BigId, primary_key=True, autoincrement=True),
    sa.Column("entity", sa.String(64), nullable=False),
    sa.Column("record_id", sa.String(36), nullable=False),
    sa.Column("grid", sa.String(32), nullable=False),
    sa.Column("field", sa.String(64), nullable=False),
    sa.Column("value", sa.JSON),
    sa.Column("hlc", sa.String(100), nullable=False),
    sa.Column("original_hlc", sa.String(100)),
    sa.Column("device_id", sa.String(32), nullable=False),
    sa.Index("ix_changes_grid_seq", "grid", "seq"),
)
conflicts = sa.Table(
    "conflicts",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("entity", sa.String(64), nullable=False),
    sa.Column("record_id", sa.String(36), nullable=False),
    sa.Column("field", sa.String(64), nullable=False),
    sa.Column("grid", sa.String(32), nullable=False),
    sa.Column("current_value", sa.JSON),
    sa.Column("current_hlc", sa.String(100), nullable=False),
    sa.Column("incoming_value", sa.JSON),
    sa.Column("incoming_hlc", sa.String(100), nullable=False),
    sa.Column("incoming_device", sa.String(32), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
)
batches = sa.Table(
    "batches",
    metadata,
    sa.Column("device_id", sa.String(32), primary_key=True),
    sa.Column("batch_id", sa.String(36), primary_key=True),
    sa.Column("response", sa.JSON, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    # sync.protocol.batch_digest of what was sent, and [log place, change digest] of each change.
    sa.Column("digest", sa.String(64)),
    sa.Column("received", sa.JSON),
    sa.Column("last_seq", sa.BigInteger),
    # The refused changes whole: the laptop keeps them for a person, and gets them back after a restore.
    sa.Column("refused", sa.JSON),
    sa.Index("ix_batches_device_last_seq", "device_id", "last_seq"),
)
attachments = sa.Table(
    "attachments",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("complete", sa.Boolean, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
)
# Which records list which attachment: an attachment shares the scope of the records listing it.
attachment_refs = sa.Table(
    "attachment_refs",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("entity", sa.String(64), primary_key=True),
    sa.Column("record_id", sa.String(36), primary_key=True),
    sa.Index("ix_attachment_refs_record", "entity", "record_id"),
)
# An upload in progress is its uploader's own, and expires.
attachment_uploads = sa.Table(
    "attachment_uploads",
    metadata,
    sa.Column("device_id", sa.String(32), primary_key=True),
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
)

# The newest sync bundle (USB stick) imported from each device: an older one is refused as a replay.
bundle_imports = sa.Table(
    "bundle_imports",
    metadata,
    sa.Column("device_id", sa.String(32), primary_key=True),
    sa.Column("number", sa.BigInteger, nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("imported_at", Timestamp, nullable=False),
)


def create_db_engine(url: str, *, connections: int = 5) -> Engine:
    """``connections``: as many as the threads that use the engine; a few more may open when
    every one is busy. The settings each database needs are in server.dialects."""
    return dialects.for_url(url).engine(url, connections=connections)
