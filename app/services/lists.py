"""The record lists the app shows: which columns, in which order, filtered how.

The UI asks for pages (``page``); it never sees SQL. Column keys are what the UI's headers and
cell formatting are keyed on. A page holds only records of the person's grids: a township laptop
holds every village under it, and a worker logged in on it sees their own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, tzinfo
from typing import Any

from app.models.labels import LabeledEnum
from app.services.headcounts import counted
from app.services.session import Session
from app.store import Store
from app.store.listing import Column, ListFilter, ListSpec, list_rows

# A care membership that holds today (the first "?" its end, the second its start) of someone
# still on the register, or the household's own where an old tag found nobody: what care.care_due
# counts as a member.
_CARE_TODAY = (
    "m.household_id = h.id AND m.deleted = 0 AND (m.until IS NULL OR m.until >= ?) "
    "AND (m.since IS NULL OR m.since <= ?) AND (m.resident_id IS NULL OR EXISTS "
    "(SELECT 1 FROM residents r WHERE r.id = m.resident_id AND r.deleted = 0 AND r.presence = 'present'))"
)

HOUSEHOLDS = ListSpec(
    entity="households",
    source="households h",
    columns=(
        Column("id", "h.id"),
        Column("head_name", "h.head_name"),
        Column("address", "h.address"),
        Column("phone", "h.phone"),
        # The groups the household's people are in today, as a JSON list: what the old tags said.
        Column(
            "care_groups",
            f"(SELECT json_group_array(care_group) FROM (SELECT DISTINCT m.care_group FROM "
            f"care_memberships m WHERE {_CARE_TODAY} ORDER BY m.care_group))",
        ),
        Column(
            "residents", "(SELECT count(*) FROM residents r WHERE r.household_id = h.id AND r.deleted = 0)"
        ),
        Column("updated_at", "h.updated_at"),
        Column("grid", "h.grid"),
    ),
    order="h.updated_at",
    live="h.deleted = 0",
    grid_column="h.grid",
    date_column="h.created_at",
    # By the group's members in the person's grids, read once: asked household by household, or
    # over the whole banner's 33,000 memberships, a 100,000-household banner took 300-600 ms.
    choices={
        "care_group": f"h.id IN (SELECT m.household_id FROM care_memberships m WHERE m.care_group = ? AND "
        f"{_CARE_TODAY.replace('m.household_id = h.id AND ', '')} AND m.grid {{grids}})"
    },
    searched={"households": "h.id", "residents": "h.id"},
)

VISITS = ListSpec(
    entity="visits",
    source="visits v JOIN households h ON h.id = v.household_id",
    columns=(
        Column("id", "v.id"),
        Column("visited_at", "v.visited_at"),
        Column("head_name", "h.head_name"),
        Column("address", "h.address"),
        Column("visit_type", "v.visit_type"),
        Column("visitor", "v.visitor"),
        Column("summary", "substr(v.summary, 1, 60)"),
        Column("follow_up_due", "v.follow_up_due"),
        Column("grid", "v.grid"),
    ),
    order="v.visited_at",
    live="v.deleted = 0",
    grid_column="v.grid",
    date_column="v.visited_at",
    choices={"visit_type": "v.visit_type = ?"},
    searched={"visits": "v.id", "households": "v.household_id"},
)


class EthnicFactors(LabeledEnum):
    """The 纠纷 list's filter on the 涉及民族因素 flag."""

    YES = "yes", "涉及民族因素", "Involves ethnic factors"
    NO = "no", "不涉及民族因素", "No ethnic factors"


DISPUTES = ListSpec(
    entity="disputes",
    source="disputes d",
    columns=(
        Column("id", "d.id"),
        Column("title", "d.title"),
        Column("category", "d.category"),
        Column("risk_level", "d.risk_level"),
        Column("status", "d.status"),
        Column("ethnic_factors", "d.ethnic_factors"),
        Column(
            "next_follow_up",
            "(SELECT min(f.due_on) FROM follow_ups f WHERE f.dispute_id = d.id AND f.deleted = 0 "
            "AND f.done_at IS NULL)",
        ),
        Column("location", "d.location"),
        Column("occurred_on", "d.occurred_on"),
        Column("updated_at", "d.updated_at"),
        Column("grid", "d.grid"),
    ),
    order="d.updated_at",
    live="d.deleted = 0",
    grid_column="d.grid",
    date_column="d.created_at",
    choices={
        "status": "d.status = ?",
        "category": "d.category = ?",
        "ethnic_factors": "d.ethnic_factors = (? = 'yes')",
    },
    searched={"disputes": "d.id"},
)

ACTIVITIES = ListSpec(
    entity="volunteer_activities",
    source="volunteer_activities a LEFT JOIN volunteer_teams t ON t.id = a.team_id",
    columns=(
        Column("id", "a.id"),
        Column("started_at", "a.started_at"),
        Column("title", "a.title"),
        Column("team", "t.name"),
        Column("location", "a.location"),
        Column(
            "volunteers",
            "(SELECT count(DISTINCT p.volunteer_id) FROM participations p "
            "WHERE p.activity_id = a.id AND p.deleted = 0)",
        ),
        Column(  # a volunteer once, as every report counts them (headcounts)
            "hours",
            "(SELECT coalesce(sum(p.hours), 0) FROM participations p "
            f"WHERE p.activity_id = a.id AND {counted('p')})",
        ),
        Column("grid", "a.grid"),
    ),
    order="a.started_at",
    live="a.deleted = 0",
    grid_column="a.grid",
    date_column="a.started_at",
    searched={"volunteer_activities": "a.id"},
)

SERVICE_ITEMS = ListSpec(
    entity="service_items",
    source="service_items s JOIN households h ON h.id = s.household_id "
    "LEFT JOIN residents r ON r.id = s.resident_id",
    columns=(
        Column("id", "s.id"),
        Column("grid", "s.grid"),
        Column("created_at", "s.created_at"),
        Column("head_name", "coalesce(r.name, h.head_name)"),
        Column("category", "s.category"),
        Column("channel", "s.channel"),
        Column("need", "substr(s.need, 1, 60)"),
        Column("due_on", "s.due_on"),
        Column("status", "s.status"),
        Column("satisfaction", "s.satisfaction"),
    ),
    order="s.created_at",
    live="s.deleted = 0",
    grid_column="s.grid",
    date_column="s.created_at",
    choices={"status": "s.status = ?", "category": "s.category = ?"},
    searched={"households": "s.household_id", "residents": "s.resident_id"},
)

PATROLS = ListSpec(
    entity="patrols",
    source="patrols p",
    columns=(
        Column("id", "p.id"),
        Column("started_at", "p.started_at"),
        Column("route", "p.route"),
        Column("patroller", "p.patroller"),
        Column("incidents", "(SELECT count(*) FROM incidents i WHERE i.patrol_id = p.id AND i.deleted = 0)"),
        Column(
            "open_incidents",
            "(SELECT count(*) FROM incidents i WHERE i.patrol_id = p.id AND i.deleted = 0 "
            "AND i.status != 'closed')",
        ),
        Column("grid", "p.grid"),
    ),
    order="p.started_at",
    live="p.deleted = 0",
    grid_column="p.grid",
    date_column="p.started_at",
    searched={"patrols": "p.id"},
)

SCREENING_ROUNDS = ListSpec(
    entity="screening_rounds",
    source="screening_rounds s",
    columns=(
        Column("id", "s.id"),
        Column("period_start", "s.period_start"),
        Column("screened_on", "s.screened_on"),
        Column("screener", "s.screener"),
        Column("nil_report", "s.nil_report"),
        Column(
            "findings",
            "(SELECT count(*) FROM screening_findings f WHERE f.round_id = s.id AND f.deleted = 0)",
        ),
        Column(
            "turned",
            "(SELECT count(*) FROM screening_findings f WHERE f.round_id = s.id AND f.deleted = 0 "
            "AND (f.dispute_id IS NOT NULL OR f.incident_id IS NOT NULL))",
        ),
        Column("places_covered", "s.places_covered"),
        Column("grid", "s.grid"),
    ),
    order="s.period_start",
    live="s.deleted = 0",
    grid_column="s.grid",
    date_column="s.screened_on",
    date_is_datetime=False,
    searched={"screening_rounds": "s.id"},
)


class Standing(LabeledEnum):
    """The 志愿者 list's filter on whether a volunteer is still active."""

    ACTIVE = "active", "在册", "Active"
    INACTIVE = "inactive", "已停用", "Inactive"


VOLUNTEERS = ListSpec(
    entity="volunteers",
    source="volunteers v LEFT JOIN volunteer_teams t ON t.id = v.team_id",
    columns=(
        Column("id", "v.id"),
        Column("name", "v.name"),
        Column("team", "t.name"),
        Column("phone", "v.phone"),
        Column("active", "v.active"),
        Column(
            "activities",
            "(SELECT count(DISTINCT p.activity_id) FROM participations p JOIN volunteer_activities a "
            "ON a.id = p.activity_id WHERE p.volunteer_id = v.id AND p.deleted = 0 AND a.deleted = 0)",
        ),
        Column(  # once per activity, as every report counts them (headcounts)
            "hours",
            "(SELECT coalesce(sum(p.hours), 0) FROM participations p JOIN volunteer_activities a "
            f"ON a.id = p.activity_id WHERE p.volunteer_id = v.id AND a.deleted = 0 AND {counted('p')})",
        ),
        Column("created_at", "v.created_at"),
        Column("grid", "v.grid"),
    ),
    order="v.created_at",
    live="v.deleted = 0",
    grid_column="v.grid",
    date_column="v.created_at",
    choices={"team": "v.team_id = ?", "active": "v.active = (? = 'active')"},
    searched={"volunteers": "v.id"},
)

DELIBERATIONS = ListSpec(
    entity="deliberations",
    source="deliberations m",
    columns=(
        Column("id", "m.id"),
        Column("held_at", "m.held_at"),
        Column("kind", "m.kind"),
        Column("place", "m.place"),
        Column("host", "m.host"),
        Column("attendee_count", "m.attendee_count"),
        Column("topics", "substr(m.topics, 1, 60)"),
        Column("grid", "m.grid"),
    ),
    order="m.held_at",
    live="m.deleted = 0",
    grid_column="m.grid",
    date_column="m.held_at",
    choices={"kind": "m.kind = ?"},
    searched={"deliberations": "m.id"},
)

LISTS = {
    spec.entity: spec
    for spec in (
        HOUSEHOLDS,
        VISITS,
        DISPUTES,
        ACTIVITIES,
        SERVICE_ITEMS,
        PATROLS,
        SCREENING_ROUNDS,
        VOLUNTEERS,
        DELIBERATIONS,
    )
}


def local_zone() -> tzinfo:
    """The laptop's time zone: date filters mean the worker's days, not UTC days."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def page(
    store: Store,
    session: Session,
    entity: str,
    wanted: ListFilter,
    *,
    sort: str | None = None,
    descending: bool = True,
    offset: int = 0,
    limit: int = 100,
    zone: tzinfo | None = None,
) -> list[dict[str, Any]]:
    """One page of a list, of the person's grids (narrowed further by ``wanted.grids``).
    Searching first indexes what was saved since the last search. What holds today (a household's
    care groups) is asked on ``wanted.today``; a caller that does not pin it gets the laptop's."""
    zone = zone or local_zone()
    # Always filtered, even where the laptop is the person's own: a record that left its grids
    # stays on it while it has unsent changes (sync.departures).
    seen = session.grids if wanted.grids is None else tuple(g for g in wanted.grids if g in session.grids)
    wanted = replace(wanted, grids=seen, today=wanted.today or datetime.now(zone).date())
    if wanted.text.strip():
        store.index_pending_search()
    return list_rows(
        store.db,
        LISTS[entity],
        wanted,
        sort=sort,
        descending=descending,
        offset=offset,
        limit=limit,
        zone=zone,
    )
