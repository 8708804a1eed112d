"""Schema v12: residents carry where they live, whether they are still on the register and, for
the floating population, their 户籍地, arrival and residence permit; care-group memberships, life
events and service items become records. Households' old tags move onto the right residents (or
onto the household head, marked for a person to check), and ``tag_moves`` accounts for every tag:
the tags themselves stay on the household, so nothing is lost.

Frozen: the SQL and the placing rules exactly as this step ran when it was released. Never edit
it; a new need is a new step.
"""

from __future__ import annotations

import json
import time
from datetime import date
from sqlite3 import Connection
from uuid import UUID, uuid5

_RECORD_COLUMNS = """
   "id" TEXT PRIMARY KEY,
   "grid" TEXT NOT NULL,
   "author" TEXT NOT NULL,
   "created_at" TEXT NOT NULL,
   "updated_at" TEXT NOT NULL,
   "deleted" INTEGER NOT NULL DEFAULT 0,
   "clocks" TEXT NOT NULL DEFAULT '{}',"""

STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE residents ADD COLUMN residence TEXT NOT NULL DEFAULT 'living_here'",
    "ALTER TABLE residents ADD COLUMN presence TEXT NOT NULL DEFAULT 'present'",
    "ALTER TABLE residents ADD COLUMN native_place TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE residents ADD COLUMN arrived_on TEXT",
    "ALTER TABLE residents ADD COLUMN arrival_reason TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE residents ADD COLUMN permit_number TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE residents ADD COLUMN permit_expires TEXT",
    "ALTER TABLE residents ADD COLUMN departed_on TEXT",
    'CREATE INDEX "idx_residents_residence" ON "residents" ("residence")',
    f"""CREATE TABLE "care_memberships" ({_RECORD_COLUMNS}
   "household_id" TEXT NOT NULL REFERENCES "households"("id"),
   "resident_id" TEXT REFERENCES "residents"("id"),
   "care_group" TEXT NOT NULL,
   "since" TEXT,
   "until" TEXT,
   "certificate_no" TEXT NOT NULL,
   "grade" TEXT NOT NULL,
   "needs_check" INTEGER NOT NULL,
   "notes" TEXT NOT NULL
)""",
    'CREATE INDEX "idx_care_memberships_grid" ON "care_memberships" ("grid")',
    'CREATE INDEX "idx_care_memberships_household_id" ON "care_memberships" ("household_id")',
    'CREATE INDEX "idx_care_memberships_resident_id" ON "care_memberships" ("resident_id")',
    f"""CREATE TABLE "life_events" ({_RECORD_COLUMNS}
   "household_id" TEXT NOT NULL REFERENCES "households"("id"),
   "resident_id" TEXT REFERENCES "residents"("id"),
   "kind" TEXT NOT NULL,
   "happened_on" TEXT NOT NULL,
   "place" TEXT NOT NULL,
   "notes" TEXT NOT NULL
)""",
    'CREATE INDEX "idx_life_events_grid" ON "life_events" ("grid")',
    'CREATE INDEX "idx_life_events_household_id" ON "life_events" ("household_id")',
    f"""CREATE TABLE "service_items" ({_RECORD_COLUMNS}
   "household_id" TEXT NOT NULL REFERENCES "households"("id"),
   "resident_id" TEXT REFERENCES "residents"("id"),
   "opened_visit_id" TEXT REFERENCES "visits"("id"),
   "closed_visit_id" TEXT REFERENCES "visits"("id"),
   "category" TEXT NOT NULL,
   "channel" TEXT NOT NULL,
   "need" TEXT NOT NULL,
   "due_on" TEXT,
   "status" TEXT NOT NULL,
   "handled_by" TEXT NOT NULL,
   "escalated_to" TEXT NOT NULL,
   "escalated_on" TEXT,
   "closed_at" TEXT,
   "outcome" TEXT NOT NULL,
   "satisfaction" TEXT
)""",
    'CREATE INDEX "idx_service_items_grid" ON "service_items" ("grid")',
    'CREATE INDEX "idx_service_items_household_id" ON "service_items" ("household_id")',
    'CREATE INDEX "idx_service_items_status" ON "service_items" ("status", "due_on")',
    """CREATE TABLE tag_moves (
            household_id TEXT NOT NULL,
            tag TEXT NOT NULL,
            resident_id TEXT,
            placed TEXT NOT NULL,
            needs_check INTEGER NOT NULL
        )""",
    'CREATE INDEX "idx_tag_moves_household_id" ON "tag_moves" ("household_id")',
)

# Memberships made here are named by household, tag and resident: two laptops upgrading the same
# households make the same records, which sync as one.
_NAMESPACE = UUID("0b7d4f4e-8a0e-4c55-9a55-2f0e4b1f6c12")
_MIGRATOR = "migration-v12"
_GROUP_OF_TAG = {
    "elderly_alone": "elderly_alone",
    "low_income": "low_income",
    "disabled": "disabled",
    "left_behind_children": "left_behind_child",
    "veteran": "veteran",
    "other": "other",
    "floating": "floating",
}
_ELDERLY_AGE = 60
_CHILD_AGE = 16


def _age(birth: str | None, today: date) -> int | None:
    if not birth:
        return None
    born = date.fromisoformat(birth[:10])
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _place(
    tag: str, residents: list[tuple[str, str, str | None]], head: str, today: date
) -> tuple[list[str], str]:
    """Who a household's tag belongs to, and how sure that is: ``resident`` (certain), ``head``
    (could not tell: on the head, to check) or ``household`` (nobody to put it on, to check)."""
    ages = {rid: _age(birth, today) for rid, _name, birth in residents}
    heads = [rid for rid, name, _birth in residents if name == head]
    if tag == "floating" and residents:
        return [rid for rid, _name, _birth in residents], "resident"
    if tag == "left_behind_children":
        children = [rid for rid, age in ages.items() if age is not None and age < _CHILD_AGE]
        if children:
            return children, "resident"
    elif tag == "low_income" and heads:
        return heads[:1], "resident"
    elif tag != "other" and len(residents) == 1:
        return [residents[0][0]], "resident"
    elif tag == "elderly_alone":
        elderly = [rid for rid, age in ages.items() if age is not None and age >= _ELDERLY_AGE]
        if len(elderly) == 1:
            return elderly, "resident"
    if heads:
        return heads[:1], "head"
    return [], "household"


class _Stamps:
    """One stamp for the step, after every one this file holds (the file's clock, frozen here)."""

    def __init__(self, conn: Connection) -> None:
        device = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()[0]
        held = [
            row[0]
            for row in (
                conn.execute("SELECT value FROM meta WHERE key = 'hlc'").fetchone(),
                conn.execute("SELECT hlc FROM change_log ORDER BY seq DESC LIMIT 1").fetchone(),
            )
            if row and row[0]
        ]
        last_wall, last_counter = max(((int(s[:15]), int(s[16:22])) for s in held), default=(0, 0))
        wall = max(int(time.time() * 1000), last_wall)
        counter = last_counter + 1 if wall == last_wall else 0
        if counter > 999_999:
            wall, counter = wall + 1, 0
        self.stamp = f"{wall:015d}-{counter:06d}-{device}"
        self.device = device
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('hlc', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [self.stamp],
        )


def _log(
    conn: Connection,
    stamps: _Stamps,
    entity: str,
    record_id: str,
    grid: str,
    field: str,
    value: object,
    base: str | None,
) -> None:
    conn.execute(
        "INSERT INTO change_log (entity, record_id, grid, field, value, hlc, base_hlc, device) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            entity,
            record_id,
            grid,
            field,
            json.dumps(value, ensure_ascii=False, separators=(",", ":")),
            stamps.stamp,
            base,
            stamps.device,
        ],
    )


def _add_membership(
    conn: Connection,
    stamps: _Stamps,
    household: tuple[str, str],
    group: str,
    resident: str | None,
    needs_check: bool,
    now: str,
) -> None:
    household_id, grid = household
    record_id = str(uuid5(_NAMESPACE, f"{household_id}:{group}:{resident or ''}"))
    if conn.execute("SELECT 1 FROM care_memberships WHERE id = ?", [record_id]).fetchone():
        return
    values = {
        "grid": grid,
        "author": _MIGRATOR,
        "created_at": now,
        "deleted": False,
        "household_id": household_id,
        "resident_id": resident,
        "care_group": group,
        "since": None,
        "until": None,
        "certificate_no": "",
        "grade": "",
        "needs_check": needs_check,
        "notes": "由住户标签迁移",
    }
    row = {
        **values,
        "id": record_id,
        "updated_at": now,
        "deleted": 0,
        "needs_check": int(needs_check),
        "clocks": json.dumps({"*": stamps.stamp}),
    }
    columns = ", ".join(f'"{c}"' for c in row)
    conn.execute(
        f"INSERT INTO care_memberships ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values())
    )
    _log(conn, stamps, "care_memberships", record_id, grid, "*", values, None)


def _make_floating(conn: Connection, stamps: _Stamps, resident_id: str, grid: str) -> None:
    clocks = json.loads(
        conn.execute("SELECT clocks FROM residents WHERE id = ?", [resident_id]).fetchone()[0]
    )
    base = clocks.get("residence", clocks.get("*"))
    conn.execute(
        "UPDATE residents SET residence = 'floating', clocks = ? WHERE id = ?",
        [json.dumps({**clocks, "residence": stamps.stamp}), resident_id],
    )
    _log(conn, stamps, "residents", resident_id, grid, "residence", "floating", base)


def transform(conn: Connection) -> None:
    tagged = conn.execute(
        "SELECT id, grid, head_name, tags, deleted FROM households WHERE tags NOT IN ('[]', '') ORDER BY id"
    ).fetchall()
    if not tagged:
        return
    stamps = _Stamps(conn)
    today = date.today()
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for household_id, grid, head, tags, deleted in tagged:
        residents = conn.execute(
            "SELECT id, name, birth_date FROM residents WHERE household_id = ? AND deleted = 0 "
            "ORDER BY created_at, id",
            [household_id],
        ).fetchall()
        for tag in dict.fromkeys(json.loads(tags)):
            if deleted:
                conn.execute(
                    "INSERT INTO tag_moves VALUES (?, ?, NULL, 'household_deleted', 0)", [household_id, tag]
                )
                continue
            chosen, placed = _place(tag, residents, head, today)
            check = placed != "resident"
            targets: list[str | None] = [*chosen] or [None]  # nobody: the household carries it
            for resident in targets:
                if tag == "floating" and resident is not None and placed == "resident":
                    _make_floating(conn, stamps, resident, grid)
                else:
                    _add_membership(
                        conn,
                        stamps,
                        (household_id, grid),
                        _GROUP_OF_TAG.get(tag, "other"),
                        resident,
                        check,
                        now,
                    )
                conn.execute(
                    "INSERT INTO tag_moves VALUES (?, ?, ?, ?, ?)",
                    [household_id, tag, resident, placed, int(check)],
                )
