"""PostgreSQL databases made for one test or one benchmark run and dropped after it, on the
server at 127.0.0.1:5432 (trust authentication, as CI and the development machines set it up)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def postgres_available() -> bool:
    """Whether the server answers; with TONGXIN_REQUIRE_PG set (CI) a server that does not is an
    error, so PostgreSQL coverage cannot silently turn into skips."""
    try:
        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
    except psycopg.OperationalError:
        if os.environ.get("TONGXIN_REQUIRE_PG"):
            raise
        return False
    return True


def database_name(prefix: str = "tongxin_test") -> str:
    """A name no other test, worker or benchmark uses: the pytest-xdist worker (when there is one)
    for whoever reads ``pg_stat_activity``, and random hex for uniqueness."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"{prefix}_{worker}_{uuid.uuid4().hex[:12]}" if worker else f"{prefix}_{uuid.uuid4().hex[:12]}"


def database_url(name: str) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def postgres_database(name: str | None = None) -> Iterator[str]:
    """A new empty database's SQLAlchemy URL, yielded once (a fixture says ``yield from``) and
    dropped after, even while connections to it are still open."""
    name = name or database_name()
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def temporary_postgres(name: str | None = None) -> Iterator[str]:
    """``postgres_database`` for a ``with`` block (benchmarks)."""
    yield from postgres_database(name)
