"""Schema v8: Review states on reviewed records (existing ones wait for review), settled conflicts and
which laptops a conflict's sides came from, and the audit history.

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE visits ADD COLUMN review_state TEXT NOT NULL DEFAULT 'pending'",
    """CREATE INDEX "idx_visits_review_state_grid"
    ON "visits" ("review_state", "grid")""",
    "ALTER TABLE disputes ADD COLUMN review_state TEXT NOT NULL DEFAULT 'pending'",
    """CREATE INDEX "idx_disputes_review_state_grid"
    ON "disputes" ("review_state", "grid")""",
    "ALTER TABLE volunteer_activities ADD COLUMN review_state TEXT NOT NULL DEFAULT 'pending'",
    """CREATE INDEX "idx_volunteer_activities_review_state_grid"
    ON "volunteer_activities" ("review_state", "grid")""",
    """CREATE TABLE "conflict_resolutions" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "conflict_id" TEXT NOT NULL,
   "record_entity" TEXT NOT NULL,
   "record_id" TEXT NOT NULL,
   "field" TEXT NOT NULL,
   "value" TEXT NOT NULL,
   "resolver" TEXT NOT NULL
)""",
    """CREATE INDEX "idx_conflict_resolutions_grid"
    ON "conflict_resolutions" ("grid")""",
    """CREATE INDEX "idx_conflict_resolutions_conflict_id"
    ON "conflict_resolutions" ("conflict_id")""",
    "ALTER TABLE conflicts ADD COLUMN current_device TEXT",
    "ALTER TABLE conflicts ADD COLUMN current_device_name TEXT",
    "ALTER TABLE conflicts ADD COLUMN incoming_device_name TEXT",
    """CREATE TABLE "audit_events" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "action" TEXT NOT NULL,
   "actor" TEXT NOT NULL,
   "detail" TEXT NOT NULL
)""",
    """CREATE INDEX "idx_audit_events_grid"
    ON "audit_events" ("grid")""",
)
