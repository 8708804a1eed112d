"""Schema v13: community work. A volunteer carries the ID number the roster gave (so an import
finds the same person twice, and an outside volunteer is known without being a resident);
residents are found by ID number through an index (a 100,000-row roster looks each one up).
Activities have a type and head-counts (participants 人次, beneficiaries); patrols and incidents
not tied to a household become records.

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
    'ALTER TABLE "volunteers" ADD COLUMN "id_number" TEXT',
    'CREATE INDEX "idx_volunteers_id_number" ON "volunteers" ("id_number")',
    'CREATE INDEX "idx_residents_id_number" ON "residents" ("id_number")',
    """ALTER TABLE "volunteer_activities" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'other'""",
    'ALTER TABLE "volunteer_activities" ADD COLUMN "participant_count" INTEGER NOT NULL DEFAULT 0',
    'ALTER TABLE "volunteer_activities" ADD COLUMN "beneficiary_count" INTEGER NOT NULL DEFAULT 0',
    'CREATE INDEX "idx_volunteer_activities_kind" ON "volunteer_activities" ("kind", "started_at")',
    f"""CREATE TABLE "patrols" ({_RECORD_COLUMNS}
   "route" TEXT NOT NULL,
   "patroller" TEXT NOT NULL,
   "started_at" TEXT NOT NULL,
   "ended_at" TEXT,
   "findings" TEXT NOT NULL,
   "attachments" TEXT NOT NULL DEFAULT '[]'
)""",
    'CREATE INDEX "idx_patrols_grid" ON "patrols" ("grid")',
    'CREATE INDEX "idx_patrols_started_at" ON "patrols" ("started_at")',
    f"""CREATE TABLE "incidents" ({_RECORD_COLUMNS}
   "patrol_id" TEXT REFERENCES "patrols"("id"),
   "category" TEXT NOT NULL,
   "place" TEXT NOT NULL,
   "summary" TEXT NOT NULL,
   "reported_at" TEXT NOT NULL,
   "status" TEXT NOT NULL,
   "escalated_at" TEXT,
   "handling_note" TEXT NOT NULL,
   "attachments" TEXT NOT NULL DEFAULT '[]'
)""",
    'CREATE INDEX "idx_incidents_grid" ON "incidents" ("grid")',
    'CREATE INDEX "idx_incidents_patrol_id" ON "incidents" ("patrol_id")',
    'CREATE INDEX "idx_incidents_status" ON "incidents" ("status", "reported_at")',
)
