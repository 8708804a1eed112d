"""Tongxin Grid domain and local store: no Qt, no HTTP (see ARCHITECTURE.md)."""

__version__ = "0.1.0"
