"""The regional server: FastAPI over SQLAlchemy Core (SQLite by default, PostgreSQL in production)."""

__version__ = "0.1.0"
