"""Schema v15: a volunteer is active or not (an inactive one is no longer offered for activities
but keeps their hours); an activity names the households it served; deliberation meetings
(晚议 / 议事) become records: when and where, who hosted and came, topics, decisions and who
follows them up.

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

_RECORD_COLUMNS = """
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',"""

STATEMENTS: tuple[str, ...] = (
    'ALTER TABLE "volunteers" ADD COLUMN "active" INTEGER NOT NULL DEFAULT 1',
    """ALTER TABLE "volunteer_activities" ADD COLUMN "households_served" TEXT NOT NULL DEFAULT '[]'""",
    f"""CREATE TABLE "deliberations" ({_RECORD_COLUMNS}
   "kind" TEXT NOT NULL,
   "held_at" TEXT NOT NULL,
   "place" TEXT NOT NULL,
   "host" TEXT NOT NULL,
   "attendee_names" TEXT NOT NULL DEFAULT '[]',
   "attendee_resident_ids" TEXT NOT NULL DEFAULT '[]',
   "attendee_count" INTEGER NOT NULL DEFAULT 0,
   "topics" TEXT NOT NULL,
   "decisions" TEXT NOT NULL,
   "follow_up_owner" TEXT NOT NULL
)""",
    'CREATE INDEX "idx_deliberations_grid" ON "deliberations" ("grid")',
    'CREATE INDEX "idx_deliberations_held_at" ON "deliberations" ("held_at")',
)
