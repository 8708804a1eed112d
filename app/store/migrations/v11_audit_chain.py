"""Schema v11: audit events carry their place in their laptop's hash chain (device, sequence,
previous hash, own hash). Events from before have sequence 0: outside the chain, still shown.

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE audit_events ADD COLUMN chain_device TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE audit_events ADD COLUMN chain_seq INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE audit_events ADD COLUMN chain_prev TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE audit_events ADD COLUMN chain_hash TEXT NOT NULL DEFAULT ''",
    'CREATE INDEX "idx_audit_events_chain" ON "audit_events" ("chain_device", "chain_seq")',
)
