"""Realistic demo data for a fictional banner: used by the demo app, tests and benchmarks."""
