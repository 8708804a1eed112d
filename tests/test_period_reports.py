"""Every ledger and the PDF report, for every report period and four pinned "todays" (a month's
end, a quarter's end, 29 February, a year's first day), against a count made here from the raw
records in plain Python: their moments turned into local days, their people looked up by hand.

Records sit on the edges the periods turn on — a local midnight is 16:00 UTC the day before in
Hohhot — so a period counted in UTC days, or one day too long or short, is caught.
"""

from __future__ import annotations

import random
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from app.models import (
    Dispute,
    DisputeCategory,
    DisputeParty,
    Ethnicity,
    Gender,
    Grid,
    GridLevel,
    Household,
    Participation,
    PartyRole,
    Residence,
    Resident,
    Role,
    Satisfaction,
    ServiceCategory,
    ServiceChannel,
    ServiceItem,
    ServiceStatus,
    User,
    Visit,
    VisitType,
    Volunteer,
    VolunteerActivity,
)
from app.services.dashboard import people_figures
from app.services.ledgers import export_ledger, for_period, report_breakdowns, report_day, report_figures
from app.services.periods import ReportPeriod
from app.services.session import Session
from app.store import Store, new_key
from tests.conftest import valid_id_number
from ui.monthly_report import write_monthly_report

pytestmark = pytest.mark.dates
ZONE = ZoneInfo("Asia/Shanghai")
TOWNSHIP, BAYAN, ULAN = "15250001", "152500101001", "152500101002"
VILLAGE_NAMES = {BAYAN: "巴彦嘎查", ULAN: "乌兰嘎查", TOWNSHIP: "宝力根苏木"}
SUPERVISOR = Session("supervisor1", "张伟", Role.SUPERVISOR, (TOWNSHIP, BAYAN, ULAN))
# worker103 has no account on this laptop: the ledgers name them by their username.
WORKERS = {"worker101": "王芳", "worker102": "李强", "worker103": "worker103"}
TODAYS = [date(2026, 3, 31), date(2026, 6, 30), date(2028, 2, 29), date(2027, 1, 1)]
ETHNICITIES = [Ethnicity.HAN, Ethnicity.MONGOL, Ethnicity.HUI, None]
# Names may hold no digits: the n-th person is told apart by a name of their own.
NAMES = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏"


def _local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=ZONE).astimezone(UTC)


def _moments(rng: random.Random) -> Iterator[datetime]:
    """Moments on every period's edges from 2025 to 2028 — the first second of a local day and the
    last second before it — and some days in between."""
    for year in (2025, 2026, 2027, 2028):
        for month in range(1, 13):
            edge = _local_midnight(date(year, month, 1))
            yield edge
            yield edge - timedelta(seconds=1)
            yield edge + timedelta(days=rng.randrange(1, 27), hours=rng.randrange(24))
    for day in (date(2028, 2, 29), date(2028, 3, 1), date(2026, 3, 31), date(2026, 6, 30), date(2027, 1, 2)):
        yield _local_midnight(day) + timedelta(hours=12)


@dataclass
class World:
    store: Store
    visits: list[Visit] = field(default_factory=list)
    items: list[ServiceItem] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    parties: list[DisputeParty] = field(default_factory=list)
    activities: list[VolunteerActivity] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    volunteers: list[Volunteer] = field(default_factory=list)
    residents: list[Resident] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    rng = random.Random(19)
    with Store.open(tmp_path_factory.mktemp("periods") / "periods.db", new_key()) as store:
        store.save(
            Grid(grid=TOWNSHIP, code=TOWNSHIP, name="宝力根苏木", level=GridLevel.TOWNSHIP, author="a")
        )
        for code in (BAYAN, ULAN):
            store.save(
                Grid(
                    grid=code,
                    code=code,
                    name=VILLAGE_NAMES[code],
                    level=GridLevel.VILLAGE,
                    parent_code=TOWNSHIP,
                    author="a",
                )
            )
        for username in ("worker101", "worker102"):
            store.save(
                User(
                    grid=BAYAN,
                    author="a",
                    username=username,
                    display_name=WORKERS[username],
                    role=Role.WORKER,
                    grids=[BAYAN, ULAN],
                )
            )
        made = World(store)
        for index in range(12):
            grid = (BAYAN, ULAN)[index % 2]
            household = Household(
                grid=grid, author="a", address=f"{index}组", head_name=f"户主{NAMES[index]}"
            )
            head = Resident(
                grid=grid,
                author="a",
                household_id=household.id,
                name=household.head_name,
                gender=Gender.MALE,
                ethnicity=ETHNICITIES[index % 4],
            )
            made.households.append(household)
            made.residents.append(head)
        store.save_all([*made.households, *made.residents])
        moments = list(_moments(rng))
        for moment in moments:
            household = rng.choice(made.households)
            author = rng.choice(list(WORKERS))
            made.visits.append(
                Visit(
                    grid=household.grid,
                    author=author,
                    household_id=household.id,
                    visitor=author,
                    visited_at=moment,
                    visit_type=VisitType.ROUTINE,
                    summary="走访",
                )
            )
        for moment in moments[::2]:
            household = rng.choice(made.households)
            [head] = [r for r in made.residents if r.household_id == household.id]
            done = rng.random() < 0.6
            made.items.append(
                ServiceItem(
                    grid=household.grid,
                    author="worker101",
                    handled_by=rng.choice(list(WORKERS)),
                    household_id=household.id,
                    resident_id=head.id if rng.random() < 0.5 else None,
                    category=ServiceCategory.LOW_INCOME,
                    channel=ServiceChannel.AT_HOME,
                    need="办理低保",
                    created_at=moment,
                    status=ServiceStatus.DONE if done else ServiceStatus.OPENED,
                    satisfaction=rng.choice([*Satisfaction, None]) if done else None,
                    closed_at=moment if done else None,
                )
            )
        for moment in moments[::3]:
            grid = rng.choice((BAYAN, ULAN))
            dispute = Dispute(
                grid=grid,
                author=rng.choice(list(WORKERS)),
                title="草场纠纷",
                category=DisputeCategory.GRASSLAND,
                created_at=moment,
            )
            made.disputes.append(dispute)
            for role in (PartyRole.APPLICANT, PartyRole.RESPONDENT):
                resident = rng.choice([*made.residents, None])
                made.parties.append(
                    DisputeParty(
                        grid=grid,
                        author="a",
                        dispute_id=dispute.id,
                        role=role,
                        name=resident.name if resident else "外地人",
                        resident_id=resident.id if resident else None,
                    )
                )
        for resident in made.residents[:6]:
            made.volunteers.append(
                Volunteer(grid=resident.grid, author="a", name=resident.name, resident_id=resident.id)
            )
        made.volunteers.append(Volunteer(grid=BAYAN, author="a", name="外来志愿者"))
        for moment in moments[1::3]:
            grid = rng.choice((BAYAN, ULAN, TOWNSHIP))
            activity = VolunteerActivity(
                grid=grid,
                author=rng.choice(list(WORKERS)),
                title="宣讲",
                started_at=moment,
                ended_at=moment + timedelta(hours=2),
            )
            made.activities.append(activity)
            for volunteer in rng.sample(made.volunteers, 3):
                made.participations.append(
                    Participation(
                        grid=grid,
                        author="a",
                        activity_id=activity.id,
                        volunteer_id=volunteer.id,
                        hours=rng.choice((1.0, 2.5, 3.0)),
                    )
                )
        for index, moment in enumerate(moments[::4]):
            household = made.households[index % len(made.households)]
            made.residents.append(
                Resident(
                    grid=household.grid,
                    author="a",
                    household_id=household.id,
                    name=f"流入{NAMES[index % len(NAMES)]}",
                    gender=Gender.FEMALE,
                    ethnicity=ETHNICITIES[index % 4],
                    residence=Residence.FLOATING,
                    native_place="河北省",
                    arrived_on=moment.astimezone(ZONE).date(),
                )
            )
        store.save_all(
            [
                *made.residents[12:],
                *made.visits,
                *made.items,
                *made.disputes,
                *made.parties,
                *made.volunteers,
                *made.activities,
                *made.participations,
            ]
        )
        yield made


def _span(period: ReportPeriod, today: date) -> tuple[date, date]:
    """The period's first day and the day after its last, worked out again here."""
    if period is ReportPeriod.YEAR_TO_DATE:
        return date(today.year, 1, 1), today + timedelta(days=1)
    months = {
        ReportPeriod.MONTH: 1,
        ReportPeriod.QUARTER: 3,
        ReportPeriod.HALF_YEAR: 6,
        ReportPeriod.YEAR: 12,
    }
    span = months[period]
    first_month = (today.month - 1) // span * span + 1
    start = date(today.year, first_month, 1)
    after = first_month + span
    end = date(today.year + (after > 12), (after - 1) % 12 + 1, 1)
    return start, end


def _within(moment: datetime | date, start: date, end: date) -> bool:
    day = moment.astimezone(ZONE).date() if isinstance(moment, datetime) else moment
    return start <= day < end


def _ethnicity(resident: Resident | None) -> str:
    return resident.ethnicity.zh if resident is not None and resident.ethnicity is not None else "未登记"


Counted = dict[str, dict[str, Counter[str]]]


def _own_counts(made: World, start: date, end: date) -> tuple[dict[str, int], Counted]:
    """Rows per ledger, and per subject its tallies by worker, village and ethnicity."""
    residents = {r.id: r for r in made.residents}
    heads = {r.household_id: r for r in made.residents if r.name.startswith("户主")}
    households = {h.id: h for h in made.households}
    volunteers = {v.id: v for v in made.volunteers}
    activities = {a.id: a for a in made.activities}
    disputes = {d.id: d for d in made.disputes}
    tallies: Counted = {}

    def add(subject: str, worker: str | None, grid: str, person: Resident | None, weight: float) -> None:
        tally = tallies.setdefault(
            subject, {"按网格员": Counter(), "按嘎查村": Counter(), "按民族": Counter()}
        )
        if worker is not None:
            tally["按网格员"][WORKERS.get(worker, worker)] += weight
        tally["按嘎查村"][VILLAGE_NAMES[grid]] += weight
        tally["按民族"][_ethnicity(person)] += weight

    visits = [v for v in made.visits if _within(v.visited_at, start, end)]
    for visit in visits:
        add("走访户次", visit.author, visit.grid, heads[visit.household_id], 1)
    items = [i for i in made.items if _within(i.created_at, start, end)]
    for item in items:
        person = residents[item.resident_id] if item.resident_id else heads[item.household_id]
        add("服务群众人次", item.handled_by, households[item.household_id].grid, person, 1)
    in_period = {d.id for d in made.disputes if _within(d.created_at, start, end)}
    for party in made.parties:
        if party.dispute_id in in_period:
            dispute = disputes[party.dispute_id]
            person = residents.get(party.resident_id) if party.resident_id else None
            add("纠纷当事人", dispute.author, dispute.grid, person, 1)
    activity_rows = [a for a in made.activities if _within(a.started_at, start, end)]
    for participation in made.participations:
        activity = activities[participation.activity_id]
        if _within(activity.started_at, start, end):
            volunteer = volunteers[participation.volunteer_id]
            person = residents[volunteer.resident_id] if volunteer.resident_id else None
            add("志愿服务时长", activity.author, activity.grid, person, participation.hours)
    floating = [
        r for r in made.residents if r.residence is Residence.FLOATING and _within(r.arrived_on, start, end)
    ]
    for resident in floating:
        add("流动人口", None, resident.grid, resident, 1)
    rows = {
        "visits": len(visits),
        "service_items": len(items),
        "disputes": len(in_period),
        "volunteer_activities": len(activity_rows),
        "volunteer_hours": sum(
            1 for p in made.participations if _within(activities[p.activity_id].started_at, start, end)
        ),
        "floating_population": len(floating),
    }
    return rows, tallies


def _read_breakdowns(path: Path) -> tuple[str, Counted]:
    """The 分类统计 sheet back: its title, and per subject the tallies by dimension."""
    sheet = openpyxl.load_workbook(path, read_only=True)["分类统计"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0] is not None]
    title = str(rows[0][0])
    found: Counted = {}
    subject = dimension = ""
    for label, value, *_rest in [(*row, None) for row in rows[1:]]:
        if isinstance(value, str) and value.startswith("合计"):
            subject = str(label).split("（")[0]
            found[subject] = {}
        elif label in ("按网格员", "按嘎查村", "按民族"):
            dimension = str(label)
            found[subject][dimension] = Counter()
        else:
            found[subject][dimension][str(label)] += float(value)
    return title, found


def _expected_name(period: ReportPeriod, today: date) -> str:
    start, end = _span(period, today)
    return {
        ReportPeriod.MONTH: f"{today.year}年{today.month}月",
        ReportPeriod.QUARTER: f"{today.year}年第{'一二三四'[(today.month - 1) // 3]}季度",
        ReportPeriod.HALF_YEAR: f"{today.year}年{'上下'[(today.month - 1) // 6]}半年",
        ReportPeriod.YEAR: f"{today.year}年度",
        ReportPeriod.YEAR_TO_DATE: f"{today.year}年1月1日至{today.month}月{today.day}日",
    }[period] + f"（{start}至{end - timedelta(days=1)}）"


def _no_zeros(tallies: Counted) -> Counted:
    return {s: {d: +c for d, c in dims.items()} for s, dims in tallies.items()}


@pytest.mark.parametrize("today", TODAYS, ids=str)
@pytest.mark.parametrize("period", list(ReportPeriod), ids=lambda p: p.value)
def test_every_ledger_counts_what_the_raw_records_say(
    world: World, tmp_path: Path, period: ReportPeriod, today: date
) -> None:
    start, end = _span(period, today)
    rows, tallies = _own_counts(world, start, end)
    assert rows["visits"] > 0 or period is ReportPeriod.MONTH
    for ledger, expected_rows in rows.items():
        path = tmp_path / f"{ledger}.xlsx"
        request = for_period(ledger, path, SUPERVISOR.grids, period, today)
        written = export_ledger(world.store, SUPERVISOR, request, zone=ZONE)
        book = openpyxl.load_workbook(path)
        data = list(book.worksheets[0].iter_rows(values_only=True))
        assert written == expected_rows == len(data) - 1, ledger
        heading = _expected_name(period, today)
        assert book.properties.title.endswith(heading)
        assert heading in book.worksheets[0].oddHeader.center.text
        title, found = _read_breakdowns(path)
        assert heading in title
        [subject] = found
        expected = _no_zeros(tallies).get(subject, {})
        for dimension, counted in found[subject].items():
            assert counted == expected.get(dimension, Counter()), (ledger, dimension)


@pytest.mark.parametrize("today", TODAYS, ids=str)
@pytest.mark.parametrize("period", list(ReportPeriod), ids=lambda p: p.value)
def test_the_pdf_report_prints_the_periods_figures(
    world: World, tmp_path: Path, qapp, period: ReportPeriod, today: date
) -> None:
    start, end = _span(period, today)
    rows, tallies = _own_counts(world, start, end)
    request = for_period("monthly_report", tmp_path / "report.pdf", SUPERVISOR.grids, period, today)
    shown = report_figures(world.store, SUPERVISOR, request, zone=ZONE, today=today)
    people = people_figures(world.store, request.grids, today=report_day(request, today), zone=ZONE)
    found = report_breakdowns(world.store, request, zone=ZONE)
    write_monthly_report(
        request.path,
        shown,
        "宝力根苏木",
        "张伟",
        people=people,
        found=found,
        period_title=request.period_title,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(request.path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    visits = sum(tallies.get("走访户次", {}).get("按嘎查村", Counter()).values())
    word = "本月" if period is ReportPeriod.MONTH else "本期"
    assert f"{word}走访：{visits:g}次" in flat
    assert "".join(_expected_name(period, today).split("（")[0].split()) in flat
    assert f"统计期间：{start}至{end - timedelta(days=1)}" in flat
    # The period's disputes and hours, as its ledgers and its breakdown count them.
    assert f"矛盾纠纷（{word}登记）：共{rows['disputes']}件，其中涉及民族因素0件" in flat
    hours = sum(tallies.get("志愿服务时长", {}).get("按嘎查村", Counter()).values())
    assert f"志愿服务时长（{word}）：{hours:g}小时" in flat
    registered = len(world.items)
    done = [i for i in world.items if i.status is ServiceStatus.DONE]
    rated = [i for i in done if i.satisfaction is not None]
    satisfied = [
        i for i in rated if i.satisfaction in (Satisfaction.SATISFIED, Satisfaction.FAIRLY_SATISFIED)
    ]
    assert (
        f"服务事项办结率：{len(done) / registered * 100:.1f}%（办结{len(done)}件/登记{registered}件）" in flat
    )
    assert f"（满意和基本满意{len(satisfied)}件/已评价{len(rated)}件）" in flat
    for title, dimensions in _no_zeros(tallies).items():
        total = sum(dimensions["按嘎查村"].values())
        assert f"{title}：合计{total:g}" in flat
        for dimension, counted in dimensions.items():
            ranked = sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))
            line = "、".join(f"{label}{value:g}" for label, value in ranked)
            assert f"{dimension}：{line}" in flat, (title, dimension)


NATIONAL_COLUMNS = [
    "志愿者姓名",
    "证件类型",
    "证件号码",
    "手机号码",
    "志愿服务队伍",
    "活动名称",
    "服务类别",
    "服务地点",
    "服务开始时间",
    "服务结束时间",
    "服务时长（小时）",
    "网格",
]


def test_the_hours_export_has_the_national_systems_columns(world: World, tmp_path: Path) -> None:
    """One row per volunteer per activity: name, ID type and full number (audited), the activity,
    its times in local time and the hours, as the national volunteer system imports them. (The
    ID number given here is read by no other test of this module.)"""
    store = world.store
    number = valid_id_number()
    [head] = [r for r in world.residents if r.id == world.volunteers[0].resident_id]
    store.save(store.get(Resident, head.id).model_copy(update={"id_number": number}))
    path = tmp_path / "hours.xlsx"
    request = for_period("volunteer_hours", path, SUPERVISOR.grids, ReportPeriod.YEAR, date(2026, 6, 30))
    request = replace(request, full_id_numbers=True)
    written = export_ledger(store, SUPERVISOR, request, zone=ZONE)
    rows = list(openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == NATIONAL_COLUMNS and written == len(rows) - 1
    activities = {a.id: a for a in world.activities}
    expected = sorted(
        (activities[p.activity_id].started_at.astimezone(ZONE).strftime("%Y-%m-%d %H:%M"), p.hours)
        for p in world.participations
        if _within(activities[p.activity_id].started_at, date(2026, 1, 1), date(2027, 1, 1))
    )
    assert sorted((row[8], row[10]) for row in rows[1:]) == expected
    first = world.volunteers[0]
    theirs = [row for row in rows[1:] if row[0] == first.name]
    assert theirs and all(row[1] == "居民身份证" and row[2] == number for row in theirs)
    stranger = [row for row in rows[1:] if row[0] == "外来志愿者"]
    assert stranger and all(not row[1] and not row[2] for row in stranger)  # no ID: blank cells
