"""Kept so tests written against this path still import: the proxies live in
``tests.harness.proxies``, which new tests and benchmarks import."""

from tests.harness.proxies import LoopbackProxy

__all__ = ["LoopbackProxy"]
