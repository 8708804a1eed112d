"""The server's tables (SQLAlchemy Core) and the engine with the settings each database needs.

``changes`` is the log devices pull from. Its ``seq`` is the pull cursor, so seq order must be
commit order: on PostgreSQL a sequence value drawn by one transaction can commit after a larger
one drawn by another, and a reader who already moved past the larger would skip the smaller
forever. Every push therefore takes a transaction-scoped advisory lock before drawing any seq
(``ordered_writes``), which makes commits of pushes happen in seq order. SQLite has one writer at
a time (BEGIN IMMEDIATE), which gives the same guarantee.

That lock makes every push wait for the one before it to commit, so nothing but the database's
own work may happen while it is held: a push decides in parallel with others under locks on just
its records (``lock_records``), then sends the lock, its writes and its COMMIT in one flight
(``pipelined``). Held across Python round trips, the lock made pushes queue behind the server's
thread scheduling rather than behind PostgreSQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress

import psycopg
import sqlalchemy as sa
from pydantic_core import from_json
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

metadata = sa.MetaData()
Timestamp = sa.DateTime(timezone=True)
BigId = sa.BigInteger().with_variant(sa.Integer, "sqlite")
# The (class, key) pair of the push lock: two-int advisory keys never meet the one-bigint record keys.
PUSH_LOCK_CLASS, PUSH_LOCK_KEY = 0x7458, 1

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
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
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


def _sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode = WAL",
            "synchronous = FULL",
            "foreign_keys = ON",
            "busy_timeout = 10000",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_db_engine(url: str, *, connections: int = 5) -> Engine:
    """``connections``: as many as the threads that use the engine; a few more may open when
    every one is busy."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _sqlite_settings(engine)
        # A push writes its batch with executemany; let SQLAlchemy send it as a few multi-row
        # statements from one cached template instead of one statement per row.
        engine.dialect.use_insertmanyvalues_wo_returning = True
        return engine
    # psycopg sends executemany through its pipeline in one round trip. A multi-row statement
    # would be longer than psycopg's query cache takes and parsed again on every push: that
    # parsing cost more CPU than the rest of a push. JSON values are read with pydantic-core's
    # parser: every change is read back once per device that pulls it, and the standard
    # library's took 40% of a pull.
    return sa.create_engine(
        url,
        pool_size=connections,
        max_overflow=4,
        pool_pre_ping=True,
        use_insertmanyvalues=False,
        json_deserializer=from_json,
    )


def ordered_writes(conn: Connection) -> None:
    """Make this transaction's new ``changes`` rows commit in seq order (see the module doc)."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(:class_id, :key)"),
            {"class_id": PUSH_LOCK_CLASS, "key": PUSH_LOCK_KEY},
        )


def _lock_id(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


def lock_records(conn: Connection, names: Iterable[str]) -> None:
    """Hold these names (records, a batch id) until the transaction ends, so that two pushes
    touching one record decide one after the other. Locks are taken in ascending order, so
    two pushes cannot deadlock; a hash collision only makes two pushes wait for each other.
    SQLite needs nothing: its writers already run one at a time."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k"),
            {"keys": sorted({_lock_id(name) for name in names})},
        )


@contextmanager
def pipelined(conn: Connection) -> Iterator[None]:
    """Send the statements run inside, up to and including a COMMIT, in one flight (PostgreSQL).

    Only for statements whose results nobody reads: SQLAlchemy sees no rows for a result that
    has not arrived yet. A failed statement fails the COMMIT, and nothing is written. Whether the
    failure surfaces at a statement or at the COMMIT depends on when its answer arrives; in the
    second case SQLAlchemy counts the transaction as over while PostgreSQL holds it open and
    aborted, and the pool would hand that connection to the next request. So the connection is
    rolled back here, whichever it was."""
    if conn.dialect.name != "postgresql":
        yield
        return
    driver = conn.connection.driver_connection
    try:
        with driver.pipeline():
            yield
    except BaseException:
        with suppress(psycopg.Error):  # a connection that is gone fails its next pre-ping instead
            driver.rollback()
        raise
