"""Schema v13: a volunteer carries the ID number the roster gave (so an import finds the same person
twice, and an outside volunteer is known without being a resident); residents are found by ID
number through an index (a 100,000-row roster looks each one up).

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    'ALTER TABLE "volunteers" ADD COLUMN "id_number" TEXT',
    'CREATE INDEX "idx_volunteers_id_number" ON "volunteers" ("id_number")',
    'CREATE INDEX "idx_residents_id_number" ON "residents" ("id_number")',
)
