"""Schema v4: Forms in progress, kept in the encrypted file so a crash loses nothing typed and a lost
laptop leaks nothing half-typed. Never synced.

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE "drafts" (
   "id" TEXT PRIMARY KEY,
   "kind" TEXT NOT NULL,
   "record_id" TEXT,
   "title" TEXT NOT NULL,
   "payload" TEXT NOT NULL,
   "saved_at" TEXT NOT NULL
)""",
)
