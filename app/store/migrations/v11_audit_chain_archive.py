"""Schema v11: audit events carry their place in their laptop's hash chain (device, sequence,
previous hash, own hash); events from before have sequence 0: outside the chain, still shown.
And what left this laptop for the server's archive: one row per record (its title, to find it
again and bring it back), grouped under the record it left with (a dispute and its parties,
sessions, steps and visits).

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE audit_events ADD COLUMN chain_device TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE audit_events ADD COLUMN chain_seq INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE audit_events ADD COLUMN chain_prev TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE audit_events ADD COLUMN chain_hash TEXT NOT NULL DEFAULT ''",
    'CREATE INDEX "idx_audit_events_chain" ON "audit_events" ("chain_device", "chain_seq")',
    """CREATE TABLE archived (
            entity TEXT NOT NULL, record_id TEXT NOT NULL, grid TEXT NOT NULL,
            title TEXT NOT NULL, subtitle TEXT NOT NULL, archived_at TEXT NOT NULL,
            root_entity TEXT NOT NULL, root_id TEXT NOT NULL,
            PRIMARY KEY (entity, record_id)
        ) WITHOUT ROWID""",
    'CREATE INDEX "idx_archived_root" ON "archived" ("root_id")',
)
