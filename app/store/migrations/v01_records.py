"""Schema v1: the record tables (every synced record carries its grid, author, times, tombstone
and field clocks), the meta table (a device id made here) and the change log sync reads.

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    """CREATE TABLE "meta" (
   "key" TEXT PRIMARY KEY,
   "value" TEXT NOT NULL
)""",
    """INSERT INTO "meta" ("key", "value")
    VALUES ('device_id', lower(hex(randomblob(16)))), ('acked_seq', '0')""",
    """CREATE TABLE "grids" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "code" TEXT NOT NULL,
   "name" TEXT NOT NULL,
   "level" TEXT NOT NULL,
   "parent_code" TEXT
)""",
    """CREATE INDEX "idx_grids_grid"
    ON "grids" ("grid")""",
    """CREATE UNIQUE INDEX "idx_grids_code"
    ON "grids" ("code")""",
    """CREATE TABLE "users" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "username" TEXT NOT NULL,
   "display_name" TEXT NOT NULL,
   "role" TEXT NOT NULL,
   "grids" TEXT NOT NULL
)""",
    """CREATE INDEX "idx_users_grid"
    ON "users" ("grid")""",
    """CREATE UNIQUE INDEX "idx_users_username"
    ON "users" ("username")""",
    """CREATE TABLE "households" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "address" TEXT NOT NULL,
   "head_name" TEXT NOT NULL,
   "phone" TEXT,
   "tags" TEXT NOT NULL,
   "notes" TEXT NOT NULL
)""",
    """CREATE INDEX "idx_households_grid"
    ON "households" ("grid")""",
    """CREATE TABLE "residents" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "household_id" TEXT NOT NULL REFERENCES "households"("id"),
   "name" TEXT NOT NULL,
   "gender" TEXT NOT NULL,
   "birth_date" TEXT,
   "id_number" TEXT,
   "ethnicity" TEXT,
   "phone" TEXT,
   "notes" TEXT NOT NULL
)""",
    """CREATE INDEX "idx_residents_grid"
    ON "residents" ("grid")""",
    """CREATE INDEX "idx_residents_household_id"
    ON "residents" ("household_id")""",
    """CREATE TABLE "disputes" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "title" TEXT NOT NULL,
   "category" TEXT NOT NULL,
   "risk_level" TEXT NOT NULL,
   "status" TEXT NOT NULL,
   "location" TEXT NOT NULL,
   "description" TEXT NOT NULL,
   "occurred_on" TEXT,
   "mediator" TEXT,
   "outcome" TEXT NOT NULL,
   "agreement" TEXT NOT NULL
)""",
    """CREATE INDEX "idx_disputes_grid"
    ON "disputes" ("grid")""",
    """CREATE INDEX "idx_disputes_status"
    ON "disputes" ("status")""",
    """CREATE TABLE "visits" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "household_id" TEXT NOT NULL REFERENCES "households"("id"),
   "visitor" TEXT NOT NULL,
   "visited_at" TEXT NOT NULL,
   "visit_type" TEXT NOT NULL,
   "needs" TEXT NOT NULL,
   "summary" TEXT NOT NULL,
   "follow_up_due" TEXT,
   "dispute_id" TEXT REFERENCES "disputes"("id")
)""",
    """CREATE INDEX "idx_visits_grid"
    ON "visits" ("grid")""",
    """CREATE INDEX "idx_visits_household_id"
    ON "visits" ("household_id")""",
    """CREATE INDEX "idx_visits_dispute_id"
    ON "visits" ("dispute_id")""",
    """CREATE INDEX "idx_visits_visited_at"
    ON "visits" ("visited_at")""",
    """CREATE INDEX "idx_visits_follow_up_due"
    ON "visits" ("follow_up_due")""",
    """CREATE TABLE "dispute_parties" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "dispute_id" TEXT NOT NULL REFERENCES "disputes"("id"),
   "role" TEXT NOT NULL,
   "name" TEXT NOT NULL,
   "resident_id" TEXT REFERENCES "residents"("id"),
   "phone" TEXT,
   "id_number" TEXT
)""",
    """CREATE INDEX "idx_dispute_parties_grid"
    ON "dispute_parties" ("grid")""",
    """CREATE INDEX "idx_dispute_parties_dispute_id"
    ON "dispute_parties" ("dispute_id")""",
    """CREATE INDEX "idx_dispute_parties_resident_id"
    ON "dispute_parties" ("resident_id")""",
    """CREATE TABLE "mediation_sessions" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "dispute_id" TEXT NOT NULL REFERENCES "disputes"("id"),
   "held_at" TEXT NOT NULL,
   "track" TEXT NOT NULL,
   "method" TEXT NOT NULL,
   "mediators" TEXT NOT NULL,
   "notes" TEXT NOT NULL
)""",
    """CREATE INDEX "idx_mediation_sessions_grid"
    ON "mediation_sessions" ("grid")""",
    """CREATE INDEX "idx_mediation_sessions_dispute_id"
    ON "mediation_sessions" ("dispute_id")""",
    """CREATE TABLE "follow_ups" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "dispute_id" TEXT NOT NULL REFERENCES "disputes"("id"),
   "due_on" TEXT NOT NULL,
   "done_at" TEXT,
   "visit_id" TEXT REFERENCES "visits"("id"),
   "notes" TEXT NOT NULL
)""",
    """CREATE INDEX "idx_follow_ups_grid"
    ON "follow_ups" ("grid")""",
    """CREATE INDEX "idx_follow_ups_dispute_id"
    ON "follow_ups" ("dispute_id")""",
    """CREATE INDEX "idx_follow_ups_visit_id"
    ON "follow_ups" ("visit_id")""",
    """CREATE INDEX "idx_follow_ups_due_on"
    ON "follow_ups" ("due_on")""",
    """CREATE TABLE "volunteer_teams" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "name" TEXT NOT NULL,
   "description" TEXT NOT NULL
)""",
    """CREATE INDEX "idx_volunteer_teams_grid"
    ON "volunteer_teams" ("grid")""",
    """CREATE TABLE "volunteers" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "name" TEXT NOT NULL,
   "team_id" TEXT REFERENCES "volunteer_teams"("id"),
   "resident_id" TEXT REFERENCES "residents"("id"),
   "phone" TEXT
)""",
    """CREATE INDEX "idx_volunteers_grid"
    ON "volunteers" ("grid")""",
    """CREATE INDEX "idx_volunteers_team_id"
    ON "volunteers" ("team_id")""",
    """CREATE INDEX "idx_volunteers_resident_id"
    ON "volunteers" ("resident_id")""",
    """CREATE TABLE "volunteer_activities" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "title" TEXT NOT NULL,
   "team_id" TEXT REFERENCES "volunteer_teams"("id"),
   "started_at" TEXT NOT NULL,
   "ended_at" TEXT NOT NULL,
   "location" TEXT NOT NULL,
   "description" TEXT NOT NULL
)""",
    """CREATE INDEX "idx_volunteer_activities_grid"
    ON "volunteer_activities" ("grid")""",
    """CREATE INDEX "idx_volunteer_activities_team_id"
    ON "volunteer_activities" ("team_id")""",
    """CREATE INDEX "idx_volunteer_activities_started_at"
    ON "volunteer_activities" ("started_at")""",
    """CREATE TABLE "participations" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "activity_id" TEXT NOT NULL REFERENCES "volunteer_activities"("id"),
   "volunteer_id" TEXT NOT NULL REFERENCES "volunteers"("id"),
   "hours" REAL NOT NULL
)""",
    """CREATE INDEX "idx_participations_grid"
    ON "participations" ("grid")""",
    """CREATE INDEX "idx_participations_activity_id"
    ON "participations" ("activity_id")""",
    """CREATE INDEX "idx_participations_volunteer_id"
    ON "participations" ("volunteer_id")""",
    """CREATE TABLE "reviews" (
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',
   "record_entity" TEXT NOT NULL,
   "record_id" TEXT NOT NULL,
   "decision" TEXT NOT NULL,
   "comment" TEXT NOT NULL,
   "reviewer" TEXT NOT NULL
)""",
    """CREATE INDEX "idx_reviews_grid"
    ON "reviews" ("grid")""",
    """CREATE INDEX "idx_reviews_record_id"
    ON "reviews" ("record_id")""",
    """CREATE TABLE change_log (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            entity TEXT NOT NULL,
            record_id TEXT NOT NULL,
            grid TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT,
            hlc TEXT NOT NULL,
            base_hlc TEXT,
            device TEXT NOT NULL
        )""",
)
