"""What tests and benchmarks share to run the system for real: a server process on loopback
(``server_process``), PostgreSQL databases made and dropped for one run (``postgres``), laptops and
devices enrolled in it (``laptops``, ``devices``), and TCP proxies that count, slow or cut the bytes
between them (``proxies``).

Plain modules, no pytest fixtures: the conftests wrap these in fixtures, and ``bench/`` imports
them directly, never a conftest. Every name a module hands out (ports, database names, files) is
chosen so that two test processes (pytest-xdist workers) or a test and a benchmark never share one.
"""
