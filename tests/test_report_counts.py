"""What a supervisor reports upward counts what happened, once: the PDF work report for days they
typed, the period's disputes and hours, a volunteer added to one activity on two laptops, head-counts
left at 0, deleted households and volunteers, and the disputes ledger's columns — each against a
count made here in plain Python from the records saved.

Records sit on local midnights in Hohhot (16:00 UTC the day before) and one microsecond before them,
around a new year, so a report counted in UTC days, or a day too long or short, is caught. Records
are saved straight into the store, as a sync delivers them.
"""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from app.models import (
    ActivityKind,
    Dispute,
    DisputeCategory,
    DisputeStatus,
    DisputeStep,
    Grid,
    GridLevel,
    Household,
    JudicialResult,
    Participation,
    ReferralBody,
    RiskLevel,
    Role,
    Volunteer,
    VolunteerActivity,
)
from app.services.dashboard import figures, people_figures
from app.services.ledgers import (
    LedgerRequest,
    export_ledger,
    for_period,
    report_breakdowns,
    report_day,
    report_figures,
)
from app.services.lists import page
from app.services.periods import ReportPeriod
from app.services.session import Session
from app.store import Store, new_key
from app.store.listing import ListFilter
from tests.conftest import make_visit
from ui.monthly_report import write_monthly_report

pytestmark = pytest.mark.dates
ZONE = ZoneInfo("Asia/Shanghai")
TOWNSHIP, BAYAN, ULAN = "15250001", "152500101001", "152500101002"
SUPERVISOR = Session("supervisor1", "张伟", Role.SUPERVISOR, (TOWNSHIP, BAYAN, ULAN))
# The report is printed as of a day long after every record.
LATER = date(2027, 6, 1)
# What "still open" means, written out: every status a dispute can still move on from.
ENDED = {DisputeStatus.CLOSED, DisputeStatus.WITHDRAWN, DisputeStatus.UNRESOLVED_CLOSED}


def _midnight(day: date) -> datetime:
    """The first instant of a local day, in UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=ZONE).astimezone(UTC)


def _edges(first: date, last: date) -> list[datetime]:
    """For every day from ``first`` to ``last``: its first microsecond, its last, and its noon."""
    moments = []
    day = first
    while day <= last:
        start = _midnight(day)
        moments += [start, start + timedelta(hours=12), start + timedelta(days=1, microseconds=-1)]
        day += timedelta(days=1)
    return moments


def _local_day(moment: datetime) -> date:
    return moment.astimezone(ZONE).date()


def _within(moment: datetime, first: date, last: date) -> bool:
    return first <= _local_day(moment) <= last


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "office.db", new_key()) as store:
        store.save(
            Grid(grid=TOWNSHIP, code=TOWNSHIP, name="宝力根苏木", level=GridLevel.TOWNSHIP, author="a")
        )
        for code, name in ((BAYAN, "巴彦嘎查"), (ULAN, "乌兰嘎查")):
            store.save(
                Grid(
                    grid=code, code=code, name=name, level=GridLevel.VILLAGE, parent_code=TOWNSHIP, author="a"
                )
            )
        yield store


def _household(store: Store, grid: str = BAYAN, head: str = "巴特尔") -> Household:
    return store.save(Household(grid=grid, author="worker101", address="1组", head_name=head))


def _activity(
    store: Store, started: datetime, *, kind: ActivityKind = ActivityKind.LECTURE, **values: object
) -> VolunteerActivity:
    return store.save(
        VolunteerActivity(
            grid=BAYAN,
            author="worker101",
            title="宣讲",
            kind=kind,
            started_at=started,
            ended_at=started + timedelta(hours=2),
            **values,
        )
    )


def _joined(store: Store, activity: VolunteerActivity, volunteer: Volunteer, hours: float) -> Participation:
    """A participation saved as it arrives from a sync: no service checks it against the others."""
    return store.save(
        Participation(
            grid=activity.grid,
            author="worker101",
            activity_id=activity.id,
            volunteer_id=volunteer.id,
            hours=hours,
        )
    )


def _report_text(store: Store, request: LedgerRequest, tmp_path: Path) -> str:
    """The PDF report written as the export screen writes it, read back, with all spaces removed."""
    shown = report_figures(store, SUPERVISOR, request, zone=ZONE, today=LATER)
    path = tmp_path / "report.pdf"
    write_monthly_report(
        path,
        shown,
        "宝力根苏木",
        "张伟",
        people=people_figures(store, request.grids, today=report_day(request, LATER), zone=ZONE),
        found=report_breakdowns(store, request, zone=ZONE),
        period_title=request.period_title,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return "".join(text.stdout.split())


def _sheet(path: Path) -> list[dict[str, object]]:
    """The ledger's rows by column header."""
    rows = list(openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# Days typed: two around the new year's midnight, a range crossing the year, one day alone.
TYPED = [
    (date(2025, 12, 31), date(2026, 1, 1)),
    (date(2025, 12, 30), date(2026, 1, 2)),
    (date(2026, 1, 1), date(2026, 1, 1)),
    (date(2025, 12, 31), date(2025, 12, 31)),
]


@pytest.mark.parametrize(("first", "last"), TYPED, ids=str)
def test_a_report_for_days_typed_counts_those_days_and_is_titled_with_them(
    office: Store, tmp_path: Path, qapp, first: date, last: date
) -> None:
    household = _household(office)
    volunteer = office.save(Volunteer(grid=BAYAN, author="a", name="乌云"))
    moments = _edges(date(2025, 12, 29), date(2026, 1, 3))
    for moment in moments:
        office.save(make_visit(household, visited_at=moment, summary="走访"))
        _joined(office, _activity(office, moment), volunteer, 1.5)
    visits = sum(_within(m, first, last) for m in moments)
    hours = 1.5 * visits
    request = LedgerRequest("monthly_report", tmp_path / "report.pdf", SUPERVISOR.grids, first, last)

    assert (
        export_ledger(
            office, SUPERVISOR, LedgerRequest("visits", tmp_path / "v.xlsx", (BAYAN,), first, last), zone=ZONE
        )
        == visits
    )
    text = _report_text(office, request, tmp_path)
    assert f"宝力根苏木{first}至{last}网格工作报告" in text and "月报" not in text
    assert f"统计期间：{first}至{last}" in text
    assert f"本期走访：{visits}次" in text
    assert f"志愿服务时长（本期）：{hours:g}小时" in text
    # The breakdowns are printed for days typed, as for a named period.
    assert f"走访户次：合计{visits}次" in text and f"按嘎查村：巴彦嘎查{visits}" in text
    assert f"志愿服务时长：合计{hours:g}小时" in text


def _dispute(
    store: Store,
    registered: datetime,
    *,
    category: DisputeCategory = DisputeCategory.GRASSLAND,
    status: DisputeStatus = DisputeStatus.MEDIATING,
    major: bool = False,
    ethnic: bool = False,
    ended: tuple[DisputeStatus, datetime] | None = None,
) -> Dispute:
    dispute = store.save(
        Dispute(
            grid=ULAN,
            author="worker102",
            title="草场纠纷",
            category=category,
            status=status,
            risk_level=RiskLevel.MAJOR if major else RiskLevel.NORMAL,
            ethnic_factors=ethnic,
            created_at=registered,
        )
    )
    if ended is not None:
        to, at = ended
        store.save(
            DisputeStep(
                grid=ULAN,
                author="worker102",
                dispute_id=dispute.id,
                from_status=DisputeStatus.MEDIATING,
                to_status=to,
                at=at,
                by="worker102",
                reason="调解",
            )
        )
    return dispute


def _percent(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "—"


@pytest.mark.parametrize(
    ("request_for", "first", "last"),
    [
        (
            lambda path: for_period(
                "monthly_report", path, SUPERVISOR.grids, ReportPeriod.QUARTER, date(2026, 3, 31)
            ),
            date(2026, 1, 1),
            date(2026, 3, 31),
        ),
        (
            lambda path: LedgerRequest(
                "monthly_report", path, SUPERVISOR.grids, date(2025, 12, 15), date(2026, 1, 15)
            ),
            date(2025, 12, 15),
            date(2026, 1, 15),
        ),
    ],
    ids=["first-quarter", "typed-across-new-year"],
)
def test_the_reports_disputes_are_the_periods_and_say_what_they_count(
    office: Store, tmp_path: Path, qapp, request_for, first: date, last: date
) -> None:
    """Disputes registered before, in and after the period, some settled in it and some settled
    after; the report counts those registered in it, and its success rate those settled in it."""
    S = DisputeStatus
    edges = [
        _midnight(first) - timedelta(microseconds=1),
        _midnight(first),
        _midnight(first) + timedelta(days=3),
        _midnight(last) + timedelta(hours=23),
        _midnight(last + timedelta(days=1)) - timedelta(microseconds=1),
        _midnight(last + timedelta(days=1)),
    ]
    inside = _midnight(first) + timedelta(days=10)
    after = _midnight(last + timedelta(days=1)) + timedelta(hours=1)
    made = []
    for index, registered in enumerate(edges):
        made.append(_dispute(office, registered, category=DisputeCategory.GRASSLAND, major=index % 2 == 0))
        made.append(
            _dispute(
                office,
                registered,
                category=DisputeCategory.NEIGHBOUR,
                status=S.RESOLVED,
                ethnic=True,
                major=index % 3 == 0,
                ended=(S.RESOLVED, inside if index % 2 else after),
            )
        )
        made.append(
            _dispute(
                office,
                registered,
                status=S.UNRESOLVED_CLOSED,
                major=True,
                ended=(S.UNRESOLVED_CLOSED, inside if index < 3 else edges[3]),
            )
        )
        made.append(
            _dispute(office, registered, status=S.REFERRED, ethnic=index % 2 == 1, ended=(S.REFERRED, inside))
        )
    gone = _dispute(office, inside, ethnic=True, major=True, ended=(S.RESOLVED, inside))
    office.delete(Dispute, gone.id)
    steps = office.find(DisputeStep)

    registered = [d for d in made if _within(d.created_at, first, last)]
    settled = {
        s.dispute_id: s.to_status
        for s in steps
        if s.to_status in (S.RESOLVED, S.UNRESOLVED_CLOSED)
        and _within(s.at, first, last)
        and s.dispute_id != gone.id
    }
    resolved = sum(status is S.RESOLVED for status in settled.values())
    major = [d for d in registered if d.risk_level is RiskLevel.MAJOR]
    assert registered and settled and resolved < len(settled)  # every figure has something to count

    request = request_for(tmp_path / "report.pdf")
    text = _report_text(office, request, tmp_path)
    word = "本期"
    ethnic = sum(d.ethnic_factors for d in registered)
    assert f"矛盾纠纷（{word}登记）：共{len(registered)}件，其中涉及民族因素{ethnic}件" in text
    assert (
        f"调解成功率（{word}调解结束的纠纷）：{_percent(resolved, len(settled))}"
        f"（调解成功{resolved}件/调解结束{len(settled)}件）" in text
    )
    assert (
        f"重大风险纠纷（{word}登记）：{len(major)}件，其中未办结{sum(d.status not in ENDED for d in major)}件"
        in text
    )
    shown = report_figures(office, SUPERVISOR, request, zone=ZONE, today=LATER)
    assert dict(shown.disputes.by_category) == Counter(d.category.value for d in registered)
    assert dict(shown.disputes.by_status) == Counter(d.status.value for d in registered)


def _hours_export(store: Store, tmp_path: Path, first: date, last: date) -> list[dict[str, object]]:
    request = LedgerRequest("volunteer_hours", tmp_path / "hours.xlsx", SUPERVISOR.grids, first, last)
    export_ledger(store, SUPERVISOR, request, zone=ZONE)
    return _sheet(request.path)


def test_a_volunteer_added_to_one_activity_on_two_laptops_counts_once(
    office: Store, tmp_path: Path, qapp
) -> None:
    """Two laptops offline each add 乌云 to the same lecture (2 and 3.5 hours) and 其其格 (1 hour on
    both); the sync keeps all four rows. Every count credits each once, with the larger hours."""
    started = _midnight(date(2026, 1, 1))  # the year's first instant: December's in UTC
    lecture = _activity(office, started)
    wuyun = office.save(Volunteer(grid=BAYAN, author="a", name="乌云"))
    qiqige = office.save(Volunteer(grid=BAYAN, author="a", name="其其格"))
    _joined(office, lecture, wuyun, 2.0)
    _joined(office, lecture, wuyun, 3.5)
    _joined(office, lecture, qiqige, 1.0)
    _joined(office, lecture, qiqige, 1.0)  # the same hours twice: still once
    credited: dict[tuple[object, object], float] = {}
    for p in office.find(Participation):
        key = (p.activity_id, p.volunteer_id)
        credited[key] = max(credited.get(key, 0.0), p.hours)
    hours = sum(credited.values())
    assert (len(office.find(Participation)), len(credited), hours) == (4, 2, 4.5)

    rows = _hours_export(office, tmp_path, date(2026, 1, 1), date(2026, 1, 31))
    assert sorted((row["志愿者姓名"], row["服务时长（小时）"]) for row in rows) == [
        ("乌云", 3.5),
        ("其其格", 1.0),
    ]
    activities = LedgerRequest(
        "volunteer_activities", tmp_path / "a.xlsx", SUPERVISOR.grids, date(2026, 1, 1), date(2026, 1, 1)
    )
    export_ledger(office, SUPERVISOR, activities, zone=ZONE)
    [row] = _sheet(activities.path)
    assert (row["志愿者人数"], row["服务时长（小时）"]) == (len(credited), hours)
    shown = figures(office, SUPERVISOR, today=date(2026, 1, 20), zone=ZONE)
    assert shown.activities_by_kind == [(ActivityKind.LECTURE.value, 1, len(credited))]
    assert shown.volunteer_hours == shown.period_volunteer_hours == hours
    month = for_period(
        "monthly_report", tmp_path / "r.pdf", SUPERVISOR.grids, ReportPeriod.MONTH, date(2026, 1, 20)
    )
    text = _report_text(office, month, tmp_path)
    assert f"志愿服务时长（本月）：{hours:g}小时" in text and f"志愿服务时长：合计{hours:g}小时" in text
    listed = page(office, SUPERVISOR, "volunteer_activities", ListFilter(), zone=ZONE)
    assert [(row["volunteers"], row["hours"]) for row in listed] == [(len(credited), hours)]
    people = page(office, SUPERVISOR, "volunteers", ListFilter(), zone=ZONE)
    assert {row["name"]: (row["activities"], row["hours"]) for row in people} == {
        "乌云": (1, 3.5),
        "其其格": (1, 1.0),
    }
    # December holds none of it, though the lecture began on 31 December in UTC.
    assert _hours_export(office, tmp_path, date(2025, 12, 1), date(2025, 12, 31)) == []


def test_an_activitys_head_count_is_never_below_its_registered_volunteers(office: Store) -> None:
    """A lecture whose head-count was left at 0 with three volunteers registered counts 3 人次; a
    meeting that typed 40 with two registered counts 40."""
    started = _midnight(date(2026, 3, 1))
    lecture = _activity(office, started)
    meeting = _activity(office, started + timedelta(hours=5), participant_count=40)
    people = [office.save(Volunteer(grid=BAYAN, author="a", name=name)) for name in ("甲", "乙", "丙")]
    for volunteer in people:
        _joined(office, lecture, volunteer, 1.0)
    for volunteer in people[:2]:
        _joined(office, meeting, volunteer, 1.0)
    registered = Counter(p.activity_id for p in office.find(Participation))
    expected = sum(max(a.participant_count, registered[a.id]) for a in (lecture, meeting))
    shown = figures(office, SUPERVISOR, today=date(2026, 3, 1), zone=ZONE)
    assert shown.activities_by_kind == [(ActivityKind.LECTURE.value, 2, expected)] and expected == 43


def test_deleted_households_and_volunteers_count_nowhere(office: Store, tmp_path: Path, qapp) -> None:
    """A household deleted after it was served is not a household served; a volunteer deleted from
    the register (not retired) has no hours in the export, the dashboard or the report. A household
    of another village, outside the supervisor's view, still counts: the activity served it."""
    served = [_household(office, head=name) for name in ("甲户", "乙户")] + [_household(office, ULAN, "丙户")]
    started = _midnight(date(2026, 3, 31)) + timedelta(hours=23, minutes=59)
    visit = _activity(
        office, started, kind=ActivityKind.HELPING_THE_NEEDY, households_served=[h.id for h in served]
    )
    office.delete(Household, served[1].id)
    kept = office.save(Volunteer(grid=BAYAN, author="a", name="乌云"))
    retired = office.save(Volunteer(grid=BAYAN, author="a", name="巴图", active=False))
    gone = office.save(Volunteer(grid=BAYAN, author="a", name="删除者"))
    for volunteer, hours in ((kept, 2.0), (retired, 1.5), (gone, 4.0)):
        _joined(office, visit, volunteer, hours)
    office.delete(Volunteer, gone.id)
    deleted = {h.id for h in office.find(Household, include_deleted=True) if h.deleted} | {
        v.id for v in office.find(Volunteer, include_deleted=True) if v.deleted
    }
    households = sum(h not in deleted for h in visit.households_served)
    hours = sum(p.hours for p in office.find(Participation) if p.volunteer_id not in deleted)
    assert (households, hours) == (2, 3.5)

    village = Session("supervisor2", "李", Role.SUPERVISOR, (BAYAN,))
    shown = figures(office, village, today=date(2026, 3, 31), zone=ZONE)
    assert shown.households_served_by_kind == {ActivityKind.HELPING_THE_NEEDY.value: households}
    assert shown.period_volunteer_hours == shown.volunteer_hours == hours
    rows = _hours_export(office, tmp_path, date(2026, 3, 31), date(2026, 3, 31))
    assert sorted(row["志愿者姓名"] for row in rows) == ["乌云", "巴图"]
    assert sum(row["服务时长（小时）"] for row in rows) == hours
    text = _report_text(
        office,
        for_period(
            "monthly_report", tmp_path / "r.pdf", SUPERVISOR.grids, ReportPeriod.QUARTER, date(2026, 3, 31)
        ),
        tmp_path,
    )
    assert f"志愿服务时长（本期）：{hours:g}小时" in text and f"志愿服务时长：合计{hours:g}小时" in text
    # April starts a minute later: the quarter after holds none of it.
    assert _hours_export(office, tmp_path, date(2026, 4, 1), date(2026, 6, 30)) == []


def test_the_disputes_ledger_carries_ethnic_factors_referral_and_judicial_confirmation(
    office: Store, tmp_path: Path
) -> None:
    at = _midnight(date(2026, 1, 1))
    referred = _dispute(
        office, at, status=DisputeStatus.REFERRED, ethnic=True, ended=(DisputeStatus.REFERRED, at)
    )
    office.save(
        office.find(DisputeStep, "dispute_id = ?", [str(referred.id)])[0].model_copy(
            update={"referred_to": ReferralBody.POLICE_STATION, "reference_no": "2026-001"}
        )
    )
    confirmed = office.save(
        _dispute(office, at + timedelta(hours=1), status=DisputeStatus.RESOLVED).model_copy(
            update={
                "judicial_court": "正镶白旗人民法院",
                "judicial_applied_on": date(2026, 1, 5),
                "judicial_result": JudicialResult.CONFIRMED,
                "judicial_decided_on": date(2026, 1, 20),
            }
        )
    )
    pending = office.save(
        _dispute(office, at + timedelta(hours=2), status=DisputeStatus.RESOLVED).model_copy(
            update={"judicial_court": "正镶白旗人民法院", "judicial_applied_on": date(2026, 1, 6)}
        )
    )
    plain = _dispute(office, at + timedelta(hours=3))
    request = LedgerRequest(
        "disputes", tmp_path / "d.xlsx", SUPERVISOR.grids, date(2026, 1, 1), date(2026, 1, 1)
    )
    export_ledger(office, SUPERVISOR, request, zone=ZONE)
    rows = {row["登记时间"]: row for row in _sheet(request.path)}
    shown = {
        d.id: rows[d.created_at.astimezone(ZONE).strftime("%Y-%m-%d %H:%M")]
        for d in (referred, confirmed, pending, plain)
    }
    # An empty cell reads back as None.
    columns = ("涉及民族因素", "移交单位", "司法确认", "司法确认法院", "司法确认申请日期", "司法确认日期")
    assert [tuple(shown[d.id][c] for c in columns) for d in (referred, confirmed, pending, plain)] == [
        ("是", "派出所", None, None, None, None),
        ("否", None, "已确认", "正镶白旗人民法院", "2026-01-05", "2026-01-20"),
        ("否", None, "待确认", "正镶白旗人民法院", "2026-01-06", None),
        ("否", None, None, None, None, None),
    ]
