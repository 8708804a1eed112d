"""Kept so tests written against this path still import: laptops and the shared server live in
``tests.harness.laptops``, which new tests and benchmarks import."""

from tests.harness.laptops import (
    DAY_MS,
    MINUTE_MS,
    Laptop,
    LiveServer,
    live_server,
    postgres_database,
    state,
)

__all__ = ["DAY_MS", "MINUTE_MS", "Laptop", "LiveServer", "live_server", "postgres_database", "state"]
