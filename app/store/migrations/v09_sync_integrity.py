"""Schema v9: What a person needs to fix or discard a change the server refused (the value sent, its
clocks, the server's own value), and records a merge left breaking a rule, for a person.

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE sync_refused ADD COLUMN value TEXT",
    "ALTER TABLE sync_refused ADD COLUMN hlc TEXT",
    "ALTER TABLE sync_refused ADD COLUMN base_hlc TEXT",
    "ALTER TABLE sync_refused ADD COLUMN winner TEXT",
    "ALTER TABLE sync_refused ADD COLUMN refused_at TEXT",
    """CREATE TABLE record_flags (
            entity TEXT NOT NULL, record_id TEXT NOT NULL, code TEXT NOT NULL,
            message_zh TEXT NOT NULL, message_en TEXT NOT NULL, flagged_at TEXT NOT NULL,
            PRIMARY KEY (entity, record_id)
        ) WITHOUT ROWID""",
)
