"""The pipelined tail of a push on PostgreSQL: writes whose results nobody waits for, and a
COMMIT that fails whole when any of them failed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from app.models import GridLevel
from server import db, dialects
from server.db import create_db_engine
from server.migrate import upgrade


@pytest.fixture
def pg_engine(pg_url: str) -> Engine:
    engine = create_db_engine(pg_url)
    upgrade(engine)
    return engine


def _grid(code: str) -> dict[str, str]:
    return {"code": code, "name": f"嘎查{code}", "level": GridLevel.VILLAGE.value}


def test_a_failed_write_in_the_pipeline_fails_the_commit_writes_nothing_and_leaves_a_clean_connection(
    pg_url: str,
) -> None:
    """The failure surfaces at a statement or at the COMMIT, depending on when its answer
    arrives; ten tries meet both. Either way nothing is written and the pool's only connection
    serves the next request."""
    engine = create_db_engine(pg_url, connections=1)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(sa.insert(db.grids).values(_grid("g1")))
    for attempt in range(10):
        with (
            engine.connect() as conn,
            pytest.raises(sa.exc.IntegrityError),
            dialects.of(conn).pipelined(conn),
        ):
            conn.execute(sa.insert(db.grids).values(_grid(f"new{attempt}")))
            conn.execute(sa.insert(db.grids).values(_grid("g1")))  # already there
            conn.execute(sa.insert(db.grids).values(_grid(f"later{attempt}")))
            conn.commit()
        with engine.connect() as conn:
            assert conn.execute(sa.select(db.grids.c.code)).scalars().all() == ["g1"]
    engine.dispose()


def test_writes_in_the_pipeline_land_with_the_commit(pg_engine: Engine) -> None:
    with pg_engine.connect() as conn, dialects.of(conn).pipelined(conn):
        dialects.of(conn).ordered_writes(conn)
        conn.execute(sa.insert(db.grids), [_grid("g1"), _grid("g2")])
        conn.execute(sa.insert(db.grids).values(_grid("g3")))
        conn.commit()
    with pg_engine.connect() as conn:
        assert sorted(conn.execute(sa.select(db.grids.c.code)).scalars()) == ["g1", "g2", "g3"]
    pg_engine.dispose()
