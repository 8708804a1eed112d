"""Schema v2: the search index tables. Their contents are derived data: ``app.store.derived``
fills them (and rebuilds them whenever the search version changes), not this step.

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE search_doc (
            docid INTEGER PRIMARY KEY,
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL UNIQUE,
            grid TEXT NOT NULL,
            title TEXT NOT NULL,
            subtitle TEXT NOT NULL
        )""",
    """CREATE VIRTUAL TABLE search_fts USING fts5(name, body, codes, scope, content='', \
contentless_delete=1, tokenize='unicode61 remove_diacritics 2')""",
    "CREATE TABLE search_pending (record_id TEXT PRIMARY KEY, entity TEXT NOT NULL) WITHOUT ROWID",
)
