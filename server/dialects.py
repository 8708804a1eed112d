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

    def insert_rows(self, conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        """Rows written in the list's order (a push's log keeps its order in seq)."""
        if rows:
            # inline: a one-row INSERT would otherwise ask for its key back (RETURNING), a result
            # that is not there to read inside a pipeline.
            conn.execute(sa.insert(table).inline(), rows)

    def upsert_rows(
        self, conn: Connection, table: sa.Table, rows: list[dict[str, Any]], keys: list[str]
    ) -> None:
        """Rows written over those with the same ``keys`` (each key once in ``rows``)."""
        if not rows:
            return
        statement = self.insert(table)
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=keys, set_={k: statement.excluded[k] for k in rows[0] if k not in keys}
            ),
            rows,
        )

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


def _as_json_document(table: sa.Table, row: dict[str, Any]) -> bool:
    """Whether rows of these columns travel whole as JSON: text and JSON do (a push's log, state
    and records); times, numbers and flags go the usual way."""
    return all(isinstance(table.c[name].type, sa.String | sa.JSON) for name in row)


def _kind(conn: Connection, column: sa.Column[Any]) -> str:
    return "json" if isinstance(column.type, sa.JSON) else column.type.compile(dialect=conn.dialect)


def _unnested(
    conn: Connection, table: sa.Table, rows: list[dict[str, Any]]
) -> tuple[sa.TextClause, dict[str, Any]]:
    """One INSERT of many rows sent as one JSON document that PostgreSQL takes apart itself:
    psycopg's executemany builds a message per row through its pipeline, two fifths of a push's
    time on the server. Rows keep the list's order (WITH ORDINALITY), so a push's log keeps its
    seq order."""
    names = list(rows[0])
    kinds = ", ".join(f"{name} {_kind(conn, table.c[name])}" for name in names)
    listed = ", ".join(names)
    statement = sa.text(
        f"INSERT INTO {table.name} ({listed}) SELECT {listed} FROM ROWS FROM"
        f" (json_to_recordset(CAST(:rows AS json)) AS ({kinds})) WITH ORDINALITY AS given({listed}, place)"
        " ORDER BY place"
    )
    return statement, {"rows": json_text(rows)}


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

    def insert_rows(self, conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
        if not rows or not _as_json_document(table, rows[0]):
            super().insert_rows(conn, table, rows)
            return
        conn.execute(*_unnested(conn, table, rows))

    def upsert_rows(
        self, conn: Connection, table: sa.Table, rows: list[dict[str, Any]], keys: list[str]
    ) -> None:
        if not rows or not _as_json_document(table, rows[0]):
            super().upsert_rows(conn, table, rows, keys)
            return
        statement, parameters = _unnested(conn, table, rows)
        updated = ", ".join(f"{name} = EXCLUDED.{name}" for name in rows[0] if name not in keys)
        conn.execute(
            sa.text(f"{statement.text} ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updated}"), parameters
        )

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
