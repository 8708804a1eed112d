"""Schema v3: What sync keeps between runs: fields that arrived before their record could be built,
conflicts the server reported, and changes the server refused.

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE sync_inbox (
            entity TEXT NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT, hlc TEXT NOT NULL,
            PRIMARY KEY (entity, record_id, field)
        ) WITHOUT ROWID""",
    """CREATE TABLE "conflicts" (
   "id" TEXT PRIMARY KEY,
   "entity" TEXT NOT NULL,
   "record_id" TEXT NOT NULL,
   "field" TEXT NOT NULL,
   "grid" TEXT NOT NULL,
   "current_value" TEXT,
   "current_hlc" TEXT NOT NULL,
   "incoming_value" TEXT,
   "incoming_hlc" TEXT NOT NULL,
   "incoming_device" TEXT NOT NULL,
   "resolved_at" TEXT
)""",
    """CREATE INDEX "idx_conflicts_record_id"
    ON "conflicts" ("record_id")""",
    """CREATE TABLE "sync_refused" (
   "seq" INTEGER PRIMARY KEY,
   "entity" TEXT NOT NULL,
   "record_id" TEXT NOT NULL,
   "field" TEXT NOT NULL,
   "reason" TEXT NOT NULL,
   "message_zh" TEXT,
   "message_en" TEXT
)""",
)
