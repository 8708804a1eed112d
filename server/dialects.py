"""Every difference between PostgreSQL and SQLite the server has, behind one seam (as Prefect's
query components do): routes, pushes and pulls ask the connection's ``Dialect`` and never branch
on the database's name themselves.

PostgreSQL runs many writers at once, so a push takes locks (``lock_records``, ``ordered_writes``)
that SQLite — one writer at a time under BEGIN IMMEDIATE — does not need; the rest is speed: how
rows are looked up by pairs, how a batch's writes travel.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from typing import Any, cast

import psycopg
import sqlalchemy as sa
from pydantic_core import from_json, to_json
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

# The (class, key) pair of the push lock: two-int advisory keys never meet the one-bigint record keys.
PUSH_LOCK_CLASS, PUSH_LOCK_KEY = 0x7458, 1


def json_text(value: Any) -> str:
    """JSON columns written with pydantic-core: every value a push keeps is written two or three
    times (state, log, batch answer), and the standard library's encoder was a tenth of a push."""
    return to_json(value).decode()


class Dialect:
    """SQLite: the embedded default, one writer at a time."""

    name = "sqlite"

    def engine(self, url: str, *, connections: int) -> Engine:
        engine = sa.create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            json_serializer=json_text,
            json_deserializer=from_json,
            hide_parameters=True,
        )

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
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

        # A push writes its batch with executemany; let SQLAlchemy send it as a few multi-row
        # statements from one cached template instead of one statement per row.
        engine.dialect.use_insertmanyvalues_wo_returning = True
        return engine

    def snapshot(self, conn: Connection) -> Connection:
        """A connection whose queries all see one moment: SQLite's transactions always do."""
        return conn

    def insert(self, table: sa.Table) -> Any:
        return sqlite.insert(table)

    def rows_of(
        self, conn: Connection, table: sa.Table, keys: list[tuple[str, str]]
    ) -> list[sa.Row[*tuple[Any, ...]]]:
        """Rows of these records, looked up through the key's (entity, record_id)."""
        pairs = sa.tuple_(table.c.entity, table.c.record_id).in_(keys)
        return list(conn.execute(sa.select(table).where(pairs)))

    def lock_records(self, conn: Connection, names: Iterable[str]) -> None:
        """Writers already run one at a time."""

    def ordered_writes(self, conn: Connection) -> None:
        """Commits already happen in seq order."""

    def pipelined(self, conn: Connection) -> AbstractContextManager[None]:
        return nullcontext()


def _lock_id(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


def _by_pairs(table: sa.Table) -> sa.Select[*tuple[Any, ...]]:
    """Rows of ``table`` for the pairs in two array parameters, ``entities`` and ``ids``, each
    looked up through the primary key's (entity, record_id).

    A query with one placeholder per value is re-parsed by psycopg on every push (too long for
    its cache), and ``entity = ANY(…) AND record_id = ANY(…)`` let the planner, on statistics
    older than the table's growth, scan every record of the entity — 6 ms a push at 25,000
    records. The join is an index lookup per pair whatever the statistics say."""
    text_array = postgresql.ARRAY(sa.String)
    wanted = (
        sa.func.unnest(sa.bindparam("entities", type_=text_array), sa.bindparam("ids", type_=text_array))
        .table_valued("entity", "record_id")
        .render_derived(name="wanted")
    )
    return sa.select(table).join(
        wanted, sa.and_(table.c.entity == wanted.c.entity, table.c.record_id == wanted.c.record_id)
    )


class PostgreSQL(Dialect):
    """PostgreSQL in production: many writers, so locks; round trips, so pipelines."""

    name = "postgresql"

    def __init__(self) -> None:
        self._by_pairs: dict[str, sa.Select[*tuple[Any, ...]]] = {}

    def engine(self, url: str, *, connections: int) -> Engine:
        # psycopg sends executemany through its pipeline in one round trip. A multi-row statement
        # would be longer than psycopg's query cache takes and parsed again on every push: that
        # parsing cost more CPU than the rest of a push. JSON values are read with pydantic-core's
        # parser: every change is read back once per device that pulls it, and the standard
        # library's took 40% of a pull. Parameters stay out of errors and logs: they hold names
        # and ID numbers.
        return sa.create_engine(
            url,
            pool_size=connections,
            max_overflow=4,
            pool_pre_ping=True,
            use_insertmanyvalues=False,
            json_serializer=json_text,
            json_deserializer=from_json,
            hide_parameters=True,
        )

    def snapshot(self, conn: Connection) -> Connection:
        return conn.execution_options(isolation_level="REPEATABLE READ")

    def insert(self, table: sa.Table) -> Any:
        return postgresql.insert(table)

    def rows_of(
        self, conn: Connection, table: sa.Table, keys: list[tuple[str, str]]
    ) -> list[sa.Row[*tuple[Any, ...]]]:
        if table.name not in self._by_pairs:
            self._by_pairs[table.name] = _by_pairs(table)
        entities, ids = zip(*keys, strict=True)
        return list(conn.execute(self._by_pairs[table.name], {"entities": list(entities), "ids": list(ids)}))

    def lock_records(self, conn: Connection, names: Iterable[str]) -> None:
        """Hold these names (records, a batch id) until the transaction ends, so that two pushes
        touching one record decide one after the other. Locks are taken in ascending order, so
        two pushes cannot deadlock; a hash collision only makes two pushes wait for each other."""
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k"),
            {"keys": sorted({_lock_id(name) for name in names})},
        )

    def ordered_writes(self, conn: Connection) -> None:
        """Make this transaction's new ``changes`` rows commit in seq order (server.db)."""
        conn.execute(
            sa.text("SELECT pg_advisory_xact_lock(:class_id, :key)"),
            {"class_id": PUSH_LOCK_CLASS, "key": PUSH_LOCK_KEY},
        )

    @contextmanager
    def pipelined(self, conn: Connection) -> Iterator[None]:
        """Send the statements run inside, up to and including a COMMIT, in one flight.

        Only for statements whose results nobody reads: SQLAlchemy sees no rows for a result that
        has not arrived yet. A failed statement fails the COMMIT, and nothing is written. Whether
        the failure surfaces at a statement or at the COMMIT depends on when its answer arrives; in
        the second case SQLAlchemy counts the transaction as over while PostgreSQL holds it open
        and aborted, and the pool would hand that connection to the next request. So the
        connection is rolled back here, whichever it was."""
        driver = cast(psycopg.Connection[Any], conn.connection.driver_connection)
        try:
            with driver.pipeline():
                yield
        except BaseException:
            with suppress(psycopg.Error):  # a connection that is gone fails its next pre-ping instead
                driver.rollback()
            raise


_DIALECTS: dict[str, Dialect] = {"sqlite": Dialect(), "postgresql": PostgreSQL()}


def for_url(url: str) -> Dialect:
    return _DIALECTS["sqlite" if url.startswith("sqlite") else "postgresql"]


def of(conn: Connection | Engine) -> Dialect:
    return _DIALECTS[conn.dialect.name]
