"""Kept so tests written against this path still import: the server process lives in
``tests.harness.server_process``, which new tests and benchmarks import."""

from tests.harness.server_process import ROOT, ServerProcess, free_port, running_server

__all__ = ["ROOT", "ServerProcess", "free_port", "running_server"]
