"""Schema v16: an index on every column that names another record and had none (service items'
visits and resident, life events' resident, screening findings' household). Deleting a record
makes SQLite look for rows still naming it; without an index that read the whole table once per
record, and archiving a year of visits on 100,000 households ran for over twenty minutes.

Frozen: the SQL exactly as this step ran when it was released. Never edit it; a new need is
a new step.
"""

STATEMENTS: tuple[str, ...] = (
    'CREATE INDEX "idx_service_items_opened_visit_id" ON "service_items" ("opened_visit_id")',
    'CREATE INDEX "idx_service_items_closed_visit_id" ON "service_items" ("closed_visit_id")',
    'CREATE INDEX "idx_service_items_resident_id" ON "service_items" ("resident_id")',
    'CREATE INDEX "idx_life_events_resident_id" ON "life_events" ("resident_id")',
    'CREATE INDEX "idx_screening_findings_household_id" ON "screening_findings" ("household_id")',
)
