"""Schema v7: Every move of a dispute through mediation, for its timeline.

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE "dispute_steps" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "dispute_id" TEXT NOT NULL REFERENCES "disputes"("id"),
   "from_status" TEXT,
   "to_status" TEXT NOT NULL,
   "at" TEXT NOT NULL,
   "by" TEXT NOT NULL,
   "reason" TEXT NOT NULL,
   "referred_to" TEXT,
   "reference_no" TEXT NOT NULL,
   "track_from" TEXT,
   "track_to" TEXT
)""",
    """CREATE INDEX "idx_dispute_steps_grid"
    ON "dispute_steps" ("grid")""",
    """CREATE INDEX "idx_dispute_steps_dispute_id"
    ON "dispute_steps" ("dispute_id")""",
)
