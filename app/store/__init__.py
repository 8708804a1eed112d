"""The device's local database (SQLite via sqlite-utils; SQLCipher when keyed)."""

from app.store.connection import new_key, open_database
from app.store.search import SearchHit, SearchPage
from app.store.store import Store

__all__ = ["SearchHit", "SearchPage", "Store", "new_key", "open_database"]
