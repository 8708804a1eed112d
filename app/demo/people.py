"""The demo's people beyond the register: care groups, the floating population, life events and
service items, drawn from a random stream of their own so the rest of the demo stays as it was.

A household's demo tags become memberships on the residents they mean (as the v12 upgrade places
real ones), so a newcomer sees 独居老人 due on 工作台, floating residents in their ledger and service
items at every stage on first start."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from app.demo import vocabulary as words
from app.models import (
    CareGroup,
    CareMembership,
    Gender,
    Household,
    HouseholdTag,
    LifeEvent,
    LifeEventKind,
    Presence,
    Record,
    Residence,
    Resident,
    Satisfaction,
    ServiceCategory,
    ServiceChannel,
    ServiceItem,
    ServiceStatus,
    Visit,
)

_GROUP_OF_TAG = {
    HouseholdTag.ELDERLY_ALONE: CareGroup.ELDERLY_ALONE,
    HouseholdTag.LOW_INCOME: CareGroup.LOW_INCOME,
    HouseholdTag.DISABLED: CareGroup.DISABLED,
    HouseholdTag.LEFT_BEHIND_CHILDREN: CareGroup.LEFT_BEHIND_CHILD,
    HouseholdTag.VETERAN: CareGroup.VETERAN,
}
_HEAD_GROUPS = (CareGroup.EXTREME_POVERTY, CareGroup.MONITORED, CareGroup.LEFT_BEHIND_ELDERLY)
_STATUS_WEIGHTS = {
    ServiceStatus.OPENED: 10,
    ServiceStatus.IN_PROGRESS: 15,
    ServiceStatus.ESCALATED: 10,
    ServiceStatus.DONE: 55,
    ServiceStatus.CANNOT_BE_DONE: 10,
}
_SATISFACTION_WEIGHTS = (70, 22, 8)


def _age(resident: Resident, today: date) -> int:
    born = resident.birth_date or today
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _pick(rng: random.Random, people: list[Resident], group: CareGroup, today: date) -> list[Resident]:
    if group is CareGroup.LEFT_BEHIND_CHILD:
        return [p for p in people if _age(p, today) < 16][:2]
    if group is CareGroup.ELDERLY_ALONE:
        return [max(people, key=lambda p: _age(p, today))]
    if group is CareGroup.VETERAN:
        men = [p for p in people if p.gender is Gender.MALE and _age(p, today) >= 25]
        return men[:1]
    return [rng.choice(people)] if group is CareGroup.DISABLED else people[:1]


def _membership(rng: random.Random, person: Resident, group: CareGroup, now: datetime) -> CareMembership:
    disabled = group is CareGroup.DISABLED
    return CareMembership(
        grid=person.grid,
        household_id=person.household_id,
        resident_id=person.id,
        care_group=group,
        since=(now - timedelta(days=rng.randrange(30, 2000))).date(),
        certificate_no=f"{person.id_number or '15250119700101123X'}{rng.randrange(11, 74)}"
        if disabled
        else "",
        grade=rng.choice(("一级", "二级", "三级", "四级")) if disabled else "",
        author=person.author,
    )


def care_groups(
    rng: random.Random, tags: list[HouseholdTag], people: list[Resident], now: datetime
) -> list[CareMembership]:
    today = now.date()
    groups = [_GROUP_OF_TAG[tag] for tag in tags if tag in _GROUP_OF_TAG]
    groups += [group for group in _HEAD_GROUPS if rng.random() < 0.03]
    memberships = []
    for group in dict.fromkeys(groups):
        memberships += [_membership(rng, person, group, now) for person in _pick(rng, people, group, today)]
    return memberships


def floating(
    rng: random.Random, tags: list[HouseholdTag], people: list[Resident], now: datetime
) -> list[Resident]:
    """A household tagged floating came from elsewhere together; elsewhere some adults work away."""
    if HouseholdTag.FLOATING in tags:
        native = rng.choice(words.NATIVE_PLACES)
        arrived = (now - timedelta(days=rng.randrange(60, 3000))).date()
        reason = rng.choice(words.ARRIVAL_REASONS)
        return [
            person.model_copy(
                update={
                    "residence": Residence.FLOATING,
                    "native_place": native,
                    "arrived_on": arrived,
                    "arrival_reason": reason,
                    "permit_number": f"1525{rng.randrange(10**10, 10**11)}" if rng.random() < 0.7 else "",
                    "permit_expires": arrived + timedelta(days=rng.choice((365, 730, 1095))),
                }
            )
            for person in people
        ]
    return [
        person.model_copy(update={"residence": Residence.WORKING_AWAY})
        if 18 <= _age(person, now.date()) < 50 and rng.random() < 0.1
        else person
        for person in people
    ]


def life_events(
    rng: random.Random, people: list[Resident], now: datetime
) -> tuple[list[Resident], list[LifeEvent]]:
    """Now and then someone has moved out or died: they stay on file, off the register."""
    kept, events = [], []
    for person in people:
        roll = rng.random()
        kind = LifeEventKind.MOVED_OUT if roll < 0.02 else LifeEventKind.DEATH if roll < 0.03 else None
        if kind is None or person is people[0]:
            kept.append(person)
            continue
        on = (now - timedelta(days=rng.randrange(10, 700))).date()
        presence = Presence.MOVED_OUT if kind is LifeEventKind.MOVED_OUT else Presence.DECEASED
        update: dict[str, object] = {"presence": presence}
        if kind is LifeEventKind.MOVED_OUT and person.residence is Residence.FLOATING:
            update["departed_on"] = max(on, person.arrived_on or on)
        kept.append(person.model_copy(update=update))
        events.append(
            LifeEvent(
                grid=person.grid,
                household_id=person.household_id,
                resident_id=person.id,
                kind=kind,
                happened_on=on,
                place=rng.choice(words.MOVED_TO) if kind is LifeEventKind.MOVED_OUT else "",
                author=person.author,
            )
        )
    return kept, events


def service_items(
    rng: random.Random,
    household: Household,
    people: list[Resident],
    visits: list[Visit],
    now: datetime,
    worker: str,
) -> list[ServiceItem]:
    """About one household in five asked for something; most were opened on a visit (上门办)."""
    if rng.random() >= 0.2:
        return []
    status = rng.choices(list(_STATUS_WEIGHTS), weights=list(_STATUS_WEIGHTS.values()))[0]
    closed = status in (ServiceStatus.DONE, ServiceStatus.CANNOT_BE_DONE)
    # Items still open were asked for lately; those closed may be from any time.
    days = 200 if closed else 40
    recent = [v for v in visits if now - v.visited_at < timedelta(days=days)]
    opened_on = recent[0] if recent and rng.random() < 0.7 else None
    opened_at = opened_on.visited_at if opened_on else now - timedelta(days=rng.randrange(1, days))
    closed_at = (
        min(now - timedelta(minutes=5), opened_at + timedelta(days=rng.randrange(1, 30))) if closed else None
    )
    escalated = status is ServiceStatus.ESCALATED or (closed and rng.random() < 0.3)
    return [
        ServiceItem(
            grid=household.grid,
            household_id=household.id,
            resident_id=rng.choice(people).id,
            opened_visit_id=opened_on.id if opened_on else None,
            category=rng.choice(list(ServiceCategory)),
            channel=ServiceChannel.AT_HOME if opened_on else rng.choice(list(ServiceChannel)),
            need=rng.choice(words.SERVICE_NEEDS),
            due_on=(opened_at + timedelta(days=rng.choice((7, 15, 30)))).date(),
            status=status,
            handled_by=worker,
            escalated_to=rng.choice(words.ESCALATED_TO) if escalated else "",
            escalated_on=(opened_at + timedelta(days=1)).date() if escalated else None,
            closed_at=closed_at,
            outcome=rng.choice(
                words.SERVICE_OUTCOMES if status is ServiceStatus.DONE else words.SERVICE_REFUSALS
            )
            if closed
            else "",
            satisfaction=rng.choices(list(Satisfaction), weights=_SATISFACTION_WEIGHTS)[0]
            if status is ServiceStatus.DONE
            else None,
            author=worker,
            created_at=opened_at,
        )
    ]


def people_records(
    rng: random.Random,
    household: Household,
    tags: list[HouseholdTag],
    people: list[Resident],
    visits: list[Visit],
    now: datetime,
    worker: str,
) -> tuple[list[Resident], list[Record]]:
    """The residents as the demo keeps them, and the records about them."""
    people = floating(rng, tags, people, now)
    people, events = life_events(rng, people, now)
    present = [p for p in people if p.presence is Presence.PRESENT]
    extra: list[Record] = [*care_groups(rng, tags, present, now), *events]
    extra += service_items(rng, household, present, visits, now, worker)
    return people, extra
