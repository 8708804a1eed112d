"""Care for people in special groups (关爱对象): who belongs to which group, how often each group
is visited, who is due or overdue, the floating population, and life events.

How often each group is visited is a rule per group (``DEFAULT_FREQUENCIES``: 独居老人 monthly,
防返贫监测户 quarterly, 退役军人 yearly, …); a banner may set its own in the machine config
(``care_visits``). A visit to the household counts for everyone in it. A person is **due** when
nobody has visited their household in the current period (this month, quarter or year, in local
time) and **overdue** when the period before went without a visit too (and they were already in
the group then). Every rule takes ``today``: nothing here reads the real date.

    frequencies = frequencies_from({"veteran": "quarterly"})
    due = care_due(store, session.grids, today=date(2026, 12, 1), zone=zone, frequencies=frequencies)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any
from uuid import UUID

from app.errors import InvalidValue
from app.models import (
    CareGroup,
    CareMembership,
    LifeEvent,
    LifeEventKind,
    Presence,
    Residence,
    Resident,
    VisitFrequency,
)
from app.store import Store
from app.store.listing import day_start_utc
from app.validation import date_not_in_future

F = VisitFrequency
DEFAULT_FREQUENCIES: dict[CareGroup, VisitFrequency] = {
    CareGroup.ELDERLY_ALONE: F.MONTHLY,
    CareGroup.LEFT_BEHIND_CHILD: F.MONTHLY,
    CareGroup.LEFT_BEHIND_ELDERLY: F.MONTHLY,
    CareGroup.EXTREME_POVERTY: F.MONTHLY,
    CareGroup.MONITORED: F.QUARTERLY,
    CareGroup.DISABLED: F.QUARTERLY,
    CareGroup.LOW_INCOME: F.QUARTERLY,
    CareGroup.FLOATING: F.QUARTERLY,
    CareGroup.VETERAN: F.YEARLY,
}
_MONTHS = {F.MONTHLY: 1, F.QUARTERLY: 3, F.YEARLY: 12}


def frequencies_from(configured: Mapping[str, str] | None) -> dict[CareGroup, VisitFrequency]:
    """The defaults with a machine config's ``care_visits`` table on top; a group set to "" has no rule.
    An unknown group or frequency is an error naming it."""
    rules = dict(DEFAULT_FREQUENCIES)
    for group_name, frequency_name in (configured or {}).items():
        try:
            group = CareGroup(group_name)
        except ValueError:
            raise InvalidValue(
                "care_group", f"未知的关爱对象类别：{group_name}。", f"Unknown care group {group_name}."
            ) from None
        if frequency_name == "":
            rules.pop(group, None)
            continue
        try:
            rules[group] = VisitFrequency(frequency_name)
        except ValueError:
            raise InvalidValue(
                "visit_frequency",
                f"走访频次只能是 monthly、quarterly 或 yearly，不能是 {frequency_name}。",
                f"A visit frequency is monthly, quarterly or yearly, not {frequency_name}.",
            ) from None
    return rules


CONFIG_META_KEY = "care_visits"


def keep_configured(store: Store, configured: Mapping[str, str]) -> None:
    """Keep the machine config's rules with the database, where every screen's services read them."""
    frequencies_from(configured)
    with store.transaction():
        store.set_meta(CONFIG_META_KEY, json.dumps(dict(configured), sort_keys=True))


def frequencies_of(store: Store) -> dict[CareGroup, VisitFrequency]:
    """The rules this laptop visits by: the defaults with the machine config's on top."""
    kept = store.meta(CONFIG_META_KEY)
    return frequencies_from(json.loads(kept) if kept else None)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period(frequency: VisitFrequency, today: date) -> tuple[date, date]:
    """The calendar period ``today`` falls in: its first day and the first day after it."""
    length = _MONTHS[frequency]
    first_month = (today.month - 1) // length * length + 1
    start = date(today.year, first_month, 1)
    return start, _add_months(start, length)


@dataclass(frozen=True)
class CareDue:
    """A person in a care group whose household has not been visited this period."""

    membership_id: str
    household_id: str
    resident_id: str | None
    name: str
    address: str
    care_group: CareGroup
    frequency: VisitFrequency
    period_end: date  # the last day to visit in this period
    last_visit: str | None  # UTC text of the household's last visit, if any
    overdue: bool


_MEMBERS = (
    "SELECT m.id, m.household_id, m.resident_id, coalesce(r.name, h.head_name), h.address, m.care_group, "
    "m.since, (SELECT max(v.visited_at) FROM visits v WHERE v.household_id = m.household_id "
    "AND v.deleted = 0 AND v.visited_at < :now) "
    "FROM care_memberships m JOIN households h ON h.id = m.household_id "
    "LEFT JOIN residents r ON r.id = m.resident_id "
    "WHERE m.deleted = 0 AND h.deleted = 0 AND {in_grids} "
    "AND (m.until IS NULL OR m.until >= :today) AND (m.since IS NULL OR m.since <= :today) "
    "AND (m.resident_id IS NULL OR (r.deleted = 0 AND r.presence = 'present'))"
)


def _members(store: Store, grids: tuple[str, ...] | None, today: date, zone: tzinfo) -> list[tuple[Any, ...]]:
    """Live memberships of people still on the register, with their household's last visit up to
    the end of ``today``; ``grids`` None means every grid on this laptop."""
    params: dict[str, object] = {"today": today.isoformat(), "now": day_start_utc(_add_days(today, 1), zone)}
    if grids is None:
        in_grids = "1"
    else:
        in_grids = "h.grid IN (" + (",".join(f":g{i}" for i in range(len(grids))) or "NULL") + ")"
        params |= {f"g{i}": grid for i, grid in enumerate(grids)}
    return store.db.execute(_MEMBERS.format(in_grids=in_grids), params).fetchall()


def care_due(
    store: Store,
    grids: tuple[str, ...] | None,
    *,
    today: date,
    zone: tzinfo,
    frequencies: Mapping[CareGroup, VisitFrequency] = DEFAULT_FREQUENCIES,
) -> list[CareDue]:
    """Everyone in a group with a rule whose household is not yet visited this period, overdue
    first, then by the period's end."""
    due: list[CareDue] = []
    for membership, household, resident, name, address, group_value, since, last in _members(
        store, grids, today, zone
    ):
        group = CareGroup(group_value)
        frequency = frequencies.get(group)
        if frequency is None:
            continue
        start, end = period(frequency, today)
        if last is not None and last >= day_start_utc(start, zone):
            continue
        previous = _add_months(start, -_MONTHS[frequency])
        was_member = since is None or date.fromisoformat(since) <= previous
        overdue = was_member and (last is None or last < day_start_utc(previous, zone))
        due.append(
            CareDue(
                membership,
                household,
                resident,
                name,
                address,
                group,
                frequency,
                _add_days(end, -1),
                last,
                overdue,
            )
        )
    return sorted(due, key=lambda d: (not d.overdue, d.period_end, d.name))


def _add_days(day: date, days: int) -> date:
    return date.fromordinal(day.toordinal() + days)


@dataclass(frozen=True)
class GroupCoverage:
    """Of a group's members with a visit rule, how many were visited within this period."""

    care_group: CareGroup
    frequency: VisitFrequency
    members: int
    visited: int

    @property
    def rate(self) -> float | None:
        return self.visited / self.members if self.members else None


def coverage(
    store: Store,
    grids: tuple[str, ...] | None,
    *,
    today: date,
    zone: tzinfo,
    frequencies: Mapping[CareGroup, VisitFrequency] = DEFAULT_FREQUENCIES,
) -> list[GroupCoverage]:
    """Coverage per group for the dashboard: the same members ``care_due`` reads, visited or not."""
    members = _members(store, grids, today, zone)
    due = {d.membership_id for d in care_due(store, grids, today=today, zone=zone, frequencies=frequencies)}
    counts: dict[CareGroup, list[int]] = {}
    for membership_id, *_rest, group_value, _since, _last in members:
        group = CareGroup(group_value)
        if group not in frequencies:
            continue
        tally = counts.setdefault(group, [0, 0])
        tally[0] += 1
        tally[1] += membership_id not in due
    return [
        GroupCoverage(group, frequencies[group], total, visited)
        for group in CareGroup
        if group in counts
        for total, visited in [counts[group]]
    ]


def memberships_of(store: Store, resident_id: UUID | str) -> list[CareMembership]:
    return store.find(CareMembership, "resident_id = ?", [str(resident_id)], order_by="care_group")


def _live(store: Store, resident_id: UUID | str, today: date) -> list[CareMembership]:
    return store.find(
        CareMembership,
        "resident_id = ? AND (until IS NULL OR until >= ?)",
        [str(resident_id), today.isoformat()],
        order_by="care_group",
    )


def current_groups(store: Store, resident_id: UUID | str, *, today: date) -> list[CareGroup]:
    """The groups a resident is in today."""
    return list(dict.fromkeys(m.care_group for m in _live(store, resident_id, today)))


def set_groups(
    store: Store, resident: Resident, groups: Sequence[CareGroup], *, today: date, by: str
) -> None:
    """The resident is in ``groups`` from today: a new group starts today; a group left ended
    yesterday, its membership kept with its dates for the history (one begun today was a slip and
    is deleted). A group kept that an upgrade marked to check is confirmed so."""
    with store.transaction():
        live = _live(store, resident.id, today)
        held = {m.care_group for m in live}
        for group in dict.fromkeys(groups):
            if group not in held:
                store.save(
                    CareMembership(
                        grid=resident.grid,
                        author=by,
                        household_id=resident.household_id,
                        resident_id=resident.id,
                        care_group=group,
                        since=today,
                    )
                )
        for membership in live:
            if membership.care_group in groups:
                if membership.needs_check:  # a person saw it on the resident and kept it
                    store.save(membership.model_copy(update={"needs_check": False}))
                continue
            if membership.since is not None and membership.since >= today:
                store.delete(CareMembership, membership.id)
            else:
                store.save(membership.model_copy(update={"until": _add_days(today, -1)}))


def to_check(store: Store, grids: tuple[str, ...]) -> list[CareMembership]:
    """Memberships an upgrade could only place on the head or the household: a person confirms them."""
    marks = ",".join("?" * len(grids)) or "NULL"
    return store.find(
        CareMembership, f"needs_check = 1 AND grid IN ({marks})", list(grids), order_by="household_id"
    )


def checks_of_household(store: Store, household_id: UUID | str) -> list[CareMembership]:
    """What an upgrade could not place with certainty in this household, for the form to show."""
    return store.find(
        CareMembership, "household_id = ? AND needs_check = 1", [str(household_id)], order_by="care_group"
    )


def settle_household_checks(store: Store, household_id: UUID | str) -> int:
    """A group the household carried for want of a person, now ticked on one of its residents, has
    found its place: the household's copy goes. Returns how many went."""
    settled = 0
    with store.transaction():
        placed = {
            group
            for (group,) in store.db.execute(
                "SELECT care_group FROM care_memberships WHERE household_id = ? AND resident_id IS NOT NULL "
                "AND deleted = 0 AND needs_check = 0",
                [str(household_id)],
            ).fetchall()
        }
        for membership in store.find(
            CareMembership,
            "household_id = ? AND resident_id IS NULL AND needs_check = 1",
            [str(household_id)],
        ):
            if membership.care_group.value in placed:
                store.delete(CareMembership, membership.id)
                settled += 1
    return settled


def save_membership(store: Store, membership: CareMembership) -> CareMembership:
    """Put a resident in a group (or change the dates); the household's grid is theirs."""
    with store.transaction():
        if membership.resident_id is not None:
            resident = store.get(Resident, membership.resident_id)
            membership = membership.model_copy(update={"household_id": resident.household_id})
        if membership.care_group is CareGroup.DISABLED and membership.grade and not membership.certificate_no:
            raise InvalidValue(
                "disability_certificate",
                "填写残疾等级时需要填写残疾证号。",
                "A disability grade needs the certificate number.",
            )
        grid = store.db.execute(
            "SELECT grid FROM households WHERE id = ?", [str(membership.household_id)]
        ).fetchone()
        return store.save(membership.model_copy(update={"grid": grid[0], "needs_check": False}))


_PRESENCE_AFTER = {
    LifeEventKind.MOVED_OUT: Presence.MOVED_OUT,
    LifeEventKind.DEATH: Presence.DECEASED,
    LifeEventKind.MOVED_IN: Presence.PRESENT,
    LifeEventKind.BIRTH: Presence.PRESENT,
}


def record_life_event(store: Store, event: LifeEvent, *, today: date) -> LifeEvent:
    """迁入 / 迁出 / 出生 / 死亡: the event is kept and the resident's register state follows it;
    the resident and their history stay. Moving out needs the destination; a floating resident
    moving out also gets their departure date."""
    date_not_in_future(event.happened_on, today=today)
    if event.kind is LifeEventKind.MOVED_OUT and not event.place.strip():
        raise InvalidValue("moved_out_place", "迁出需要填写迁往何处。", "Say where they moved to.")
    if event.resident_id is None and event.kind is not LifeEventKind.MOVED_IN:
        raise InvalidValue("life_event_resident", "请选择是哪一位居民。", "Choose the resident.")
    with store.transaction():
        grid = store.db.execute(
            "SELECT grid FROM households WHERE id = ?", [str(event.household_id)]
        ).fetchone()
        if grid is None:
            raise InvalidValue("life_event_household", "找不到这一户。", "The household was not found.")
        if event.resident_id is not None:
            resident = store.get(Resident, event.resident_id)
            changes: dict[str, object] = {"presence": _PRESENCE_AFTER[event.kind]}
            if event.kind is LifeEventKind.MOVED_OUT and resident.residence is Residence.FLOATING:
                changes["departed_on"] = event.happened_on
            store.save(resident.model_copy(update=changes))
        return store.save(event.model_copy(update={"grid": grid[0]}))


def life_events_of(store: Store, household_id: UUID | str) -> list[LifeEvent]:
    return store.find(LifeEvent, "household_id = ?", [str(household_id)], order_by='"on"')


def floating_residents(store: Store, grids: tuple[str, ...]) -> list[Resident]:
    marks = ",".join("?" * len(grids)) or "NULL"
    return store.find(
        Resident, f"residence = 'floating' AND grid IN ({marks})", list(grids), order_by="arrived_on, name"
    )
