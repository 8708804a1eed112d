"""Schema v6: Indexes in the orders lists open in, so the first page of 100,000 records needs no sort.
They also hold what a broad text filter tests (ids, tombstone), so walking a list in order
and keeping the matching rows reads the index alone until a row is kept.

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    """CREATE INDEX "idx_visits_list"
    ON "visits" ("visited_at", "deleted", "id", "household_id")""",
    """CREATE INDEX "idx_households_list"
    ON "households" ("updated_at", "deleted", "id")""",
    """CREATE INDEX "idx_disputes_updated_at"
    ON "disputes" ("updated_at")""",
)
