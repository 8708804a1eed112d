"""Kept so tests written against this path still import: the proxies live in
``tests.harness.proxies``, which new tests and benchmarks import."""

from tests.harness.proxies import FaultyProxy, random_cuts

__all__ = ["FaultyProxy", "random_cuts"]
