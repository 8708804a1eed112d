"""Schema v14: dispute screening rounds (矛盾纠纷排查) and their findings; disputes carry the
涉及民族因素 flag and a judicial confirmation (司法确认: court, day applied, result, day decided);
visits carry photos.

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
    'ALTER TABLE "disputes" ADD COLUMN "ethnic_factors" INTEGER NOT NULL DEFAULT 0',
    """ALTER TABLE "disputes" ADD COLUMN "judicial_court" TEXT NOT NULL DEFAULT ''""",
    'ALTER TABLE "disputes" ADD COLUMN "judicial_applied_on" TEXT',
    'ALTER TABLE "disputes" ADD COLUMN "judicial_result" TEXT',
    'ALTER TABLE "disputes" ADD COLUMN "judicial_decided_on" TEXT',
    """ALTER TABLE "visits" ADD COLUMN "attachments" TEXT NOT NULL DEFAULT '[]'""",
    f"""CREATE TABLE "screening_rounds" ({_RECORD_COLUMNS}
   "period_start" TEXT NOT NULL,
   "period_end" TEXT NOT NULL,
   "screener" TEXT NOT NULL,
   "screened_on" TEXT NOT NULL,
   "households_covered" TEXT NOT NULL DEFAULT '[]',
   "places_covered" TEXT NOT NULL,
   "nil_report" INTEGER NOT NULL DEFAULT 0,
   "notes" TEXT NOT NULL
)""",
    'CREATE INDEX "idx_screening_rounds_grid_period" ON "screening_rounds" ("grid", "period_start")',
    f"""CREATE TABLE "screening_findings" ({_RECORD_COLUMNS}
   "round_id" TEXT NOT NULL REFERENCES "screening_rounds"("id"),
   "category" TEXT NOT NULL,
   "summary" TEXT NOT NULL,
   "place" TEXT NOT NULL,
   "household_id" TEXT REFERENCES "households"("id"),
   "dispute_id" TEXT REFERENCES "disputes"("id"),
   "incident_id" TEXT REFERENCES "incidents"("id")
)""",
    'CREATE INDEX "idx_screening_findings_round_id" ON "screening_findings" ("round_id")',
    'CREATE INDEX "idx_screening_findings_dispute_id" ON "screening_findings" ("dispute_id")',
    'CREATE INDEX "idx_screening_findings_incident_id" ON "screening_findings" ("incident_id")',
)
