"""Demo data at any size: a fictional banner with its townships, villages, households, residents,
visits, disputes and volunteer activity. Deterministic for a given seed.

Demo rows are written without change-log entries, so a demo database can never push invented
people to a real server.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from app.demo import vocabulary as words
from app.demo.people import people_records
from app.errors import StoreError
from app.models import (
    ActivityKind,
    Deliberation,
    Dispute,
    DisputeCategory,
    DisputeParty,
    DisputeStatus,
    DisputeStep,
    Ethnicity,
    FollowUp,
    Gender,
    Grid,
    GridLevel,
    Household,
    HouseholdTag,
    MediationMethod,
    MediationSession,
    MediationTrack,
    MeetingKind,
    Need,
    Participation,
    PartyRole,
    Record,
    Resident,
    ReviewState,
    RiskLevel,
    Role,
    ScreeningFinding,
    ScreeningRound,
    User,
    Visit,
    VisitType,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)
from app.services.disputes import TRANSITIONS
from app.store import Store
from app.validation import check_digit

AUTHOR = "demo"
# Demo records older than this were reviewed already; newer ones wait in the supervisor's queue.
REVIEWED_AFTER = timedelta(days=21)
FINISHED = frozenset({DisputeStatus.CLOSED, DisputeStatus.UNRESOLVED_CLOSED, DisputeStatus.WITHDRAWN})
VILLAGES_PER_TOWNSHIP = 8
CHUNK_HOUSEHOLDS = 2_000


@dataclass
class _Place:
    grid: str
    name: str
    township: int


@dataclass
class _World:
    rng: random.Random
    now: datetime
    villages: list[_Place] = field(default_factory=list)
    teams: dict[int, UUID] = field(default_factory=dict)
    volunteers: dict[str, list[UUID]] = field(default_factory=dict)
    # Care groups, the floating population, life events and service items draw from their own
    # stream, so adding them left every other demo record as it was.
    people_rng: random.Random = field(default_factory=lambda: random.Random(17))
    # Activity types and head-counts draw from a stream of their own too.
    activity_rng: random.Random = field(default_factory=lambda: random.Random(31))


def _id_number(rng: random.Random, township: int, birth: date, gender: Gender) -> str:
    sequence = rng.randrange(0, 500) * 2 + (1 if gender is Gender.MALE else 0)
    first17 = f"{words.BANNER[0]}{20 + township:02d}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def _person_name(rng: random.Random) -> tuple[str, Ethnicity]:
    roll = rng.random()
    if roll < 0.55:
        given = "".join(rng.choice(words.HAN_GIVEN_CHARS) for _ in range(rng.choice((1, 2, 2))))
        return rng.choice(words.HAN_SURNAMES) + given, rng.choice(
            (Ethnicity.HAN,) * 8 + (Ethnicity.HUI, Ethnicity.MANCHU)
        )
    if roll < 0.93:
        name = rng.choice(words.MONGOLIAN_NAMES)
        if rng.random() < 0.2:
            name += "·" + rng.choice(words.MONGOLIAN_NAMES)
        return name, rng.choice((Ethnicity.MONGOL,) * 9 + (Ethnicity.DAUR, Ethnicity.EWENKI))
    if roll < 0.98:
        return rng.choice(words.MONGOLIAN_SCRIPT_NAMES), Ethnicity.MONGOL
    return rng.choice(words.LATIN_NAMES), Ethnicity.RUSSIAN


def _phone(rng: random.Random) -> str:
    return rng.choice(("139", "150", "152", "158", "187", "134")) + f"{rng.randrange(10**8):08d}"


def _moment_within(rng: random.Random, now: datetime, days: int) -> datetime:
    return now - timedelta(seconds=rng.randrange(600, days * 86_400))


def _region(world: _World) -> Iterator[Record]:
    rng = world.rng
    banner_code = words.BANNER[0] + "00"
    yield Grid(
        grid=banner_code, code=banner_code, name=words.BANNER[1], level=GridLevel.BANNER_COUNTY, author=AUTHOR
    )
    yield User(
        grid=banner_code,
        username="admin",
        display_name="管理员",
        role=Role.ADMIN,
        grids=[banner_code],
        author=AUTHOR,
    )
    stems = list(words.VILLAGE_STEMS)
    rng.shuffle(stems)
    for t, township in enumerate(words.TOWNSHIPS):
        t_code = f"{banner_code}{t + 1:02d}"
        yield Grid(
            grid=t_code,
            code=t_code,
            name=township,
            level=GridLevel.TOWNSHIP,
            parent_code=banner_code,
            author=AUTHOR,
        )
        team = VolunteerTeam(
            grid=t_code, name=f"{township}红石榴志愿服务队", description="民族团结进步志愿服务", author=AUTHOR
        )
        world.teams[t] = team.id
        yield team
        village_codes = []
        for v in range(VILLAGES_PER_TOWNSHIP):
            v_code = f"{t_code}{v + 1:03d}"
            name = stems[(t * VILLAGES_PER_TOWNSHIP + v) % len(stems)] + rng.choice(words.VILLAGE_SUFFIXES)
            if v >= len(stems) // len(words.TOWNSHIPS):
                name = f"{township[:2]}{name}"
            world.villages.append(_Place(v_code, name, t))
            village_codes.append(v_code)
            yield Grid(
                grid=v_code,
                code=v_code,
                name=name,
                level=GridLevel.VILLAGE,
                parent_code=t_code,
                author=AUTHOR,
            )
            yield User(
                grid=v_code,
                username=f"worker{t + 1}{v + 1:02d}",
                display_name=_person_name(rng)[0],
                role=Role.WORKER,
                grids=[v_code],
                author=AUTHOR,
            )
        yield User(
            grid=t_code,
            username=f"supervisor{t + 1}",
            display_name=_person_name(rng)[0],
            role=Role.SUPERVISOR,
            grids=[t_code, *village_codes],
            author=AUTHOR,
        )


def _residents(
    world: _World, household: Household, place: _Place, head_name: str, head_eth: Ethnicity
) -> list[Resident]:
    rng = world.rng
    count = rng.choices((1, 2, 3, 4, 5), weights=(8, 25, 30, 25, 12))[0]
    people = []
    for i in range(count):
        name, ethnicity = (head_name, head_eth) if i == 0 else _person_name(rng)
        age = rng.randrange(30, 80) if i < 2 else rng.randrange(1, 90)
        birth = (world.now - timedelta(days=age * 365 + rng.randrange(365))).date()
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        people.append(
            Resident(
                grid=place.grid,
                household_id=household.id,
                name=name,
                gender=gender,
                birth_date=birth,
                id_number=_id_number(rng, place.township, birth, gender) if rng.random() < 0.9 else None,
                ethnicity=ethnicity,
                phone=_phone(rng) if age >= 18 and rng.random() < 0.6 else None,
                author=AUTHOR,
            )
        )
    return people


def _worker_of(place: _Place) -> str:
    """The village's worker account (see ``_region``), who entered its demo records."""
    return f"worker{place.grid[-5:-3].lstrip('0')}{place.grid[-2:]}"


def _reviewed(world: _World, moment: datetime) -> ReviewState:
    return ReviewState.APPROVED if world.now - moment > REVIEWED_AFTER else ReviewState.PENDING


def _visits(world: _World, household: Household, place: _Place) -> list[Visit]:
    rng = world.rng
    visits = []
    for _ in range(rng.choices((0, 1, 2, 3, 4), weights=(15, 25, 25, 20, 15))[0]):
        when = _moment_within(rng, world.now, 730)
        visit_type = rng.choice(list(VisitType))
        due = (when + timedelta(days=rng.randrange(7, 60))).date() if rng.random() < 0.15 else None
        visits.append(
            Visit(
                grid=place.grid,
                household_id=household.id,
                visitor=_worker_of(place),
                visited_at=when,
                visit_type=visit_type,
                needs=rng.sample(list(Need), rng.randrange(0, 3)),
                summary=rng.choice(words.SUMMARIES),
                follow_up_due=due,
                author=_worker_of(place),
                review_state=_reviewed(world, when),
            )
        )
    return visits


def _path_to(status: DisputeStatus) -> list[DisputeStatus]:
    """The shortest way the workflow reaches ``status`` from registration."""
    paths = {DisputeStatus.REGISTERED: [DisputeStatus.REGISTERED]}
    frontier = [DisputeStatus.REGISTERED]
    while frontier:
        current = frontier.pop(0)
        for onward in sorted(TRANSITIONS[current], key=list(DisputeStatus).index):
            if onward not in paths:
                paths[onward] = [*paths[current], onward]
                frontier.append(onward)
    return paths[status]


def _steps(dispute: Dispute, now: datetime) -> Iterator[DisputeStep]:
    """A timeline that brings the demo dispute to its status, a few days per step."""
    path = _path_to(dispute.status)
    start = now - timedelta(days=4 * len(path))
    for number, (before, after) in enumerate(zip([None, *path], path, strict=False)):
        yield DisputeStep(
            grid=dispute.grid,
            dispute_id=dispute.id,
            from_status=before,
            to_status=after,
            at=start + timedelta(days=4 * number),
            by=AUTHOR,
            reason="演示数据",
            author=AUTHOR,
        )


def _dispute(world: _World, place: _Place, residents: list[Resident]) -> Iterator[Record]:
    rng = world.rng
    category, title = rng.choice(words.DISPUTE_TITLES)
    status = rng.choice(list(DisputeStatus))
    dispute = Dispute(
        grid=place.grid,
        title=title,
        category=DisputeCategory(category),
        status=status,
        location=place.name,
        risk_level=rng.choices(list(RiskLevel), weights=(85, 12, 3))[0],
        description=f"{place.name}{title}，当事人申请调解。",
        occurred_on=_moment_within(rng, world.now, 365).date(),
        author=_worker_of(place),
        review_state=ReviewState.APPROVED if status in FINISHED else ReviewState.PENDING,
        outcome="双方达成调解协议。" if status in (DisputeStatus.RESOLVED, DisputeStatus.CLOSED) else "",
    )
    yield dispute
    applicant = rng.choice(residents)
    yield DisputeParty(
        grid=place.grid,
        dispute_id=dispute.id,
        role=PartyRole.APPLICANT,
        name=applicant.name,
        resident_id=applicant.id,
        phone=applicant.phone,
        author=AUTHOR,
    )
    respondent, _ = _person_name(rng)
    yield DisputeParty(
        grid=place.grid,
        dispute_id=dispute.id,
        role=PartyRole.RESPONDENT,
        name=respondent,
        phone=_phone(rng),
        author=AUTHOR,
    )
    if status not in (DisputeStatus.REGISTERED, DisputeStatus.ACCEPTED, DisputeStatus.WITHDRAWN):
        held = _moment_within(rng, world.now, 300)
        yield MediationSession(
            grid=place.grid,
            dispute_id=dispute.id,
            held_at=held,
            track=rng.choice(list(MediationTrack)),
            method=rng.choice(list(MediationMethod)),
            mediators=["人民调解员"],
            notes="当面沟通，说明政策。",
            author=AUTHOR,
        )
    yield from _steps(dispute, world.now)
    if status in (DisputeStatus.RESOLVED, DisputeStatus.FOLLOW_UP):
        base = world.now.date()
        for days in (7, 30):
            yield FollowUp(
                grid=place.grid, dispute_id=dispute.id, due_on=base + timedelta(days=days - 20), author=AUTHOR
            )


def _volunteer(world: _World, place: _Place, resident: Resident) -> Volunteer:
    volunteer = Volunteer(
        grid=place.grid,
        name=resident.name,
        team_id=world.teams[place.township],
        resident_id=resident.id,
        phone=resident.phone,
        author=AUTHOR,
    )
    world.volunteers.setdefault(place.grid, []).append(volunteer.id)
    return volunteer


def _kind_and_heads(world: _World, title: str, volunteers: int) -> tuple[str, ActivityKind, int, int]:
    """An activity's type, and its 人次 and beneficiaries: everyone who took part (the registered
    volunteers and the villagers who came) and those it served; a quarter become festivals,
    performances or policy talks."""
    rng = world.activity_rng
    kind = ActivityKind(words.ACTIVITY_KINDS[title])
    if rng.random() < 0.25:
        title, kind_value = rng.choice(words.MORE_ACTIVITIES)
        kind = ActivityKind(kind_value)
    crowd = {ActivityKind.PERFORMANCE: 120, ActivityKind.OUR_FESTIVALS: 80, ActivityKind.LECTURE: 50}
    participants = volunteers + rng.randrange(5, crowd.get(kind, 30))
    return title, kind, participants, rng.randrange(3, participants + 1)


def _activities(world: _World, place: _Place) -> Iterator[Record]:
    rng = world.rng
    volunteers = world.volunteers.get(place.grid, [])
    for _ in range(max(1, len(volunteers) // 5)):
        start = _moment_within(rng, world.now, 365)
        # At most seven registered volunteers take part (the draw below): 人次 counts them too.
        title, kind, participants, served = _kind_and_heads(
            world, rng.choice(words.ACTIVITY_TITLES), min(len(volunteers), 7)
        )
        activity = VolunteerActivity(
            grid=place.grid,
            title=title,
            kind=kind,
            participant_count=participants,
            beneficiary_count=served,
            team_id=world.teams[place.township],
            started_at=start,
            ended_at=start + timedelta(hours=rng.choice((2, 3, 4))),
            location=place.name,
            author=_worker_of(place),
            review_state=_reviewed(world, start),
        )
        yield activity
        for volunteer_id in rng.sample(volunteers, min(len(volunteers), rng.randrange(2, 8))):
            yield Participation(
                grid=place.grid,
                activity_id=activity.id,
                volunteer_id=volunteer_id,
                hours=rng.choice((1.0, 2.0, 2.5, 3.0)),
                author=AUTHOR,
            )


def _household_chunk(world: _World, count: int) -> list[Record]:
    rng = world.rng
    records: list[Record] = []
    for _ in range(count):
        place = rng.choice(world.villages)
        head_name, head_eth = _person_name(rng)
        # What older demos kept as household tags now becomes facts about the residents.
        tags: list[HouseholdTag] = [
            tag for tag in HouseholdTag if tag is not HouseholdTag.OTHER and rng.random() < 0.06
        ]
        household = Household(
            grid=place.grid,
            address=f"{place.name}{rng.randrange(1, 9)}组{rng.randrange(1, 80)}号",
            head_name=head_name,
            phone=_phone(rng) if rng.random() < 0.8 else None,
            author=AUTHOR,
        )
        residents = _residents(world, household, place, head_name, head_eth)
        visits = _visits(world, household, place)
        residents, about_them = people_records(
            world.people_rng, household, tags, residents, visits, world.now, _worker_of(place)
        )
        records += [household, *residents, *visits, *about_them]
        if rng.random() < 0.02:
            records += list(_dispute(world, place, residents))
        if rng.random() < 0.05:
            records.append(_volunteer(world, place, residents[0]))
    return records


def _screening(world: _World, rng: random.Random) -> Iterator[Record]:
    """A few screening rounds (排查): last month's in the first three villages and this month's
    in the first, with findings, and this month's nil report (零报告) in the second; the rest
    have not reported this month, as a supervisor would find them. Its own random stream, so
    every other demo record stays as it was."""
    this_month = world.now.date().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    plan = [(place, last_month, False) for place in world.villages[:3]]
    plan += [(world.villages[0], this_month, False), (world.villages[1], this_month, True)]
    for place, first, nil in plan:
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        round_ = ScreeningRound(
            grid=place.grid,
            author=_worker_of(place),
            period_start=first,
            period_end=last,
            screener=_worker_of(place),
            screened_on=min(first + timedelta(days=rng.randrange(3, 20)), world.now.date()),
            places_covered=f"{place.name}1至{rng.randrange(3, 7)}组",
            nil_report=nil,
        )
        yield round_
        for _ in range(0 if nil else rng.randrange(1, 3)):
            category, title = rng.choice(words.DISPUTE_TITLES)
            yield ScreeningFinding(
                grid=place.grid,
                author=_worker_of(place),
                round_id=round_.id,
                category=DisputeCategory(category),
                summary=f"{title}，已劝解，待跟进。",
                place=place.name,
            )


def _meetings(world: _World, store: Store, rng: random.Random) -> Iterator[Record]:
    """Deliberation meetings (晚议 / 议事) in the first four villages over the last two months, a
    few residents of the village named among those who came. Their own random stream and their
    own residents' query, so every other demo record stays as it was."""
    for place in world.villages[:4]:
        residents = store.find(Resident, "grid = ?", [place.grid], order_by="id", limit=20)
        for _ in range(rng.randrange(1, 4)):
            topic, decision = rng.choice(words.MEETING_TOPICS)
            picked = rng.sample(residents, min(len(residents), rng.randrange(0, 4)))
            typed = [_person_name(rng)[0] for _ in range(rng.randrange(0, 3))]
            held = (world.now - timedelta(days=rng.randrange(1, 60))).replace(
                hour=12, minute=30, second=0, microsecond=0
            )  # 20:30 in Inner Mongolia: after the herds are in
            yield Deliberation(
                grid=place.grid,
                author=_worker_of(place),
                kind=rng.choice(list(MeetingKind)),
                held_at=held,
                place=rng.choice(words.MEETING_PLACES),
                host=rng.choice(words.MEETING_HOSTS),
                attendee_names=typed,
                attendee_resident_ids=[r.id for r in picked],
                attendee_count=len(typed) + len(picked) + rng.randrange(8, 40),
                topics=topic,
                decisions=decision,
                follow_up_owner=rng.choice(words.MEETING_OWNERS),
            )


def _one_volunteer_retired(store: Store) -> list[Record]:
    """The first volunteer (by id) who has given hours stops serving: inactive, their hours kept."""
    found = store.find(Volunteer, "id IN (SELECT volunteer_id FROM participations)", order_by="id", limit=1)
    return [Volunteer.model_validate({**found[0].model_dump(), "active": False})] if found else []


def _households_served(store: Store, rng: random.Random) -> Iterator[Record]:
    """Activities of helping the needy and policy explained name a few households of their village
    they served. Their own random stream, after everything else is written, so no other demo
    record changes."""
    kinds = [ActivityKind.HELPING_THE_NEEDY.value, ActivityKind.POLICY_EXPLAINED.value]
    for activity in store.find(VolunteerActivity, "kind IN (?, ?)", kinds, order_by="id"):
        homes = store.find(Household, "grid = ?", [activity.grid], order_by="id", limit=30)
        served = rng.sample(homes, min(len(homes), rng.randrange(1, 5)))
        yield activity.model_copy(update={"households_served": [h.id for h in served]})


def seed(store: Store, *, households: int, seed: int = 2026, now: datetime | None = None) -> Counter[str]:
    """Fill ``store`` with a demo banner of ``households`` households; returns counts by table.

    Only into an empty database: demo people must never mix with real records.
    """
    if store.count(Grid):
        raise StoreError(
            "seed_not_empty",
            "数据库中已有数据，只能向空数据库写入演示数据。",
            "The database already has data; demo data goes only into an empty one.",
        )
    world = _World(
        random.Random(seed),
        now or datetime.now(UTC),
        people_rng=random.Random(seed + 17),
        activity_rng=random.Random(seed + 31),
    )
    counts: Counter[str] = Counter()

    def write(records: list[Record]) -> None:
        store.save_all(records, record_changes=False)
        counts.update(record.entity for record in records)

    write(list(_region(world)))
    for start in range(0, households, CHUNK_HOUSEHOLDS):
        write(_household_chunk(world, min(CHUNK_HOUSEHOLDS, households - start)))
    for place in world.villages:
        write(list(_activities(world, place)))
    write(list(_screening(world, random.Random(seed + 31))))
    write(list(_meetings(world, store, random.Random(seed + 43))))
    store.save_all(_one_volunteer_retired(store), record_changes=False)
    store.save_all(list(_households_served(store, random.Random(seed + 47))), record_changes=False)
    return counts
