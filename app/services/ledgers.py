"""Ledgers (台账) for reporting upward: visits, disputes, volunteer activity, service items and the
floating population (流动人口台账) as .xlsx.

openpyxl's write-only mode streams rows to disk, and the rows come from a database cursor a page
at a time, so exporting 200,000 visits needs the memory of one page, not of 200,000 rows.
ID numbers are masked unless the exporting role may see them and asks for them in full; a full
export is recorded in the audit history (a synced ``AuditEvent``) before the file is written.

A ledger covers the report period the supervisor chose (``for_period``: the month, quarter,
half-year, year or year so far holding a day) or days they typed. The period is in the workbook's
title and each sheet's printed header; the ledger's own sheet keeps its column names in the first
row, so the file still imports elsewhere, and a second sheet 分类统计 breaks the people it counts
down by worker, village and ethnicity (``app.services.breakdowns``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from app.errors import InvalidValue
from app.models import (
    ActivityKind,
    AuditEvent,
    DisputeCategory,
    DisputeStatus,
    Ethnicity,
    Gender,
    JudicialResult,
    Need,
    Presence,
    ReferralBody,
    ReviewState,
    RiskLevel,
    Satisfaction,
    ServiceCategory,
    ServiceChannel,
    ServiceStatus,
    VisitType,
)
from app.models.labels import LabeledEnum
from app.services import audit, grids
from app.services.breakdowns import DIMENSIONS, LEDGER_SUBJECTS, Breakdown, breakdowns
from app.services.dashboard import Figures, figures
from app.services.headcounts import counted, registered
from app.services.periods import ReportPeriod, bounds, period_name, span_text, typed_bounds
from app.services.session import Permission, Session, mask_id_number
from app.store import Store
from app.store.listing import day_start_utc

PAGE = 2000
Progress = Callable[[int, int], None]
Render = Callable[[Any], Any]


@dataclass(frozen=True)
class LedgerColumn:
    """One column: its name in the query, the SQL giving it (the ledger's own column of that name
    when empty), and how the sheet shows it.

    ``ids`` marks a column holding ID numbers ("one", or "parties": [[name, number], …] as JSON),
    whose render depends on whether the export may show them in full; ``grid`` one holding a grid's
    code, written as the grid's name."""

    name: str
    header: str
    width: float
    render: Render | None = None
    sql: str = ""
    ids: Literal["", "one", "parties"] = ""
    grid: bool = False


@dataclass(frozen=True)
class Ledger:
    """One ledger: its sheet, its columns, and the rest of its query (``FROM …``), where ``{where}``
    becomes the grid and date conditions on ``alias.date_field``.

    The SELECT list is made from the columns, each named: a column cannot render another's value
    because a query's expressions were reordered."""

    name: str
    title: str
    alias: str
    source: str
    date_field: str
    order_by: str
    columns: tuple[LedgerColumn, ...]

    @property
    def date_column(self) -> str:
        return f"{self.alias}.{self.date_field}"

    @property
    def query(self) -> str:
        selected = ", ".join(f"{c.sql or f'{self.alias}.{c.name}'} AS {c.name}" for c in self.columns)
        return f"SELECT {selected} {self.source} ORDER BY {self.alias}.{self.order_by}"


@dataclass(frozen=True)
class LedgerRequest:
    ledger: str
    path: Path
    grids: tuple[str, ...]
    date_from: date | None = None
    date_to: date | None = None
    full_id_numbers: bool = False
    # The report period the dates are, when the supervisor chose one: 2026年第一季度.
    period: ReportPeriod | None = None
    period_title: str = ""

    @property
    def span(self) -> str:
        """What the file says it covers: 2026年第一季度（2026-01-01至2026-03-31）, or the days typed."""
        days = span_text(self.date_from, self.date_to)
        if self.period_title:
            return f"{self.period_title}（{days}）"
        return days if self.date_from or self.date_to else "全部日期"


def for_period(
    ledger: str,
    path: Path,
    grids: tuple[str, ...],
    period: ReportPeriod,
    day: date,
    *,
    full_id_numbers: bool = False,
) -> LedgerRequest:
    """A request for the report period holding ``day``; its dates are the period's first and last."""
    start, end = bounds(period, day)
    return LedgerRequest(
        ledger,
        path,
        grids,
        start,
        end - timedelta(days=1),
        full_id_numbers,
        period=period,
        period_title=period_name(period, day),
    )


def _label(enum: type[LabeledEnum]) -> Render:
    labels = {member.value: member.zh for member in enum}
    return lambda value: labels.get(value, value or "")


def _labels(enum: type[LabeledEnum]) -> Render:
    one = _label(enum)
    return lambda value: "、".join(one(v) for v in json.loads(value or "[]"))


def _local(zone: tzinfo) -> Render:
    return lambda text: (
        datetime.fromisoformat(text).astimezone(zone).strftime("%Y-%m-%d %H:%M") if text else ""
    )


def _text(value: Any) -> Any:
    return "" if value is None else value


def _yes_no(value: Any) -> str:
    return "是" if value else "否"


# A judicial confirmation applied for and not yet decided: pending (待确认).
_PENDING = "pending"


def _judicial(value: str | None) -> str:
    return "待确认" if value == _PENDING else _label(JudicialResult)(value)


def _ledgers(zone: tzinfo) -> dict[str, Ledger]:
    """Every ledger a supervisor can export, by name (tests prepare each query on a fresh schema)."""
    local = _local(zone)
    review = _label(ReviewState)
    return {
        ledger.name: ledger
        for ledger in (
            Ledger(
                "visits",
                "走访台账",
                "v",
                "FROM visits v JOIN households h ON h.id = v.household_id WHERE v.deleted = 0 AND {where}",
                "visited_at",
                "visited_at",
                (
                    LedgerColumn("visited_at", "走访时间", 17, local),
                    LedgerColumn("grid", "网格", 14, grid=True),
                    LedgerColumn("head_name", "户主", 10, sql="h.head_name"),
                    LedgerColumn(
                        "head_id_number",
                        "户主身份证号",
                        21,
                        ids="one",
                        sql="(SELECT r.id_number FROM residents r WHERE r.household_id = h.id "
                        "AND r.name = h.head_name AND r.deleted = 0 LIMIT 1)",
                    ),
                    LedgerColumn("address", "地址", 28, sql="h.address"),
                    LedgerColumn("visit_type", "走访类型", 10, _label(VisitType)),
                    LedgerColumn("needs", "诉求", 18, _labels(Need)),
                    LedgerColumn("summary", "情况记录", 50),
                    LedgerColumn("visitor", "走访人", 10),
                    LedgerColumn("follow_up_due", "回访日期", 12, _text),
                    LedgerColumn("review_state", "审核状态", 10, review),
                ),
            ),
            Ledger(
                "disputes",
                "矛盾纠纷台账",
                "d",
                "FROM disputes d WHERE d.deleted = 0 AND {where}",
                "created_at",
                "created_at",
                (
                    LedgerColumn("created_at", "登记时间", 17, local),
                    LedgerColumn("grid", "网格", 14, grid=True),
                    LedgerColumn("title", "纠纷名称", 24),
                    LedgerColumn("category", "类别", 14, _label(DisputeCategory)),
                    LedgerColumn("risk_level", "风险等级", 9, _label(RiskLevel)),
                    LedgerColumn("status", "状态", 12, _label(DisputeStatus)),
                    LedgerColumn("occurred_on", "发生日期", 12, _text),
                    LedgerColumn("location", "地点", 20, _text),
                    LedgerColumn(
                        "parties",
                        "当事人（身份证号）",
                        40,
                        ids="parties",
                        sql="(SELECT json_group_array(json_array(p.name, p.id_number)) "
                        "FROM dispute_parties p WHERE p.dispute_id = d.id AND p.deleted = 0)",
                    ),
                    LedgerColumn("ethnic_factors", "涉及民族因素", 12, _yes_no),
                    LedgerColumn("mediator", "调解员", 10, _text),
                    LedgerColumn(
                        "referred_to",
                        "移交单位",
                        20,
                        _label(ReferralBody),
                        sql="(SELECT s.referred_to FROM dispute_steps s WHERE s.dispute_id = d.id "
                        "AND s.deleted = 0 AND s.referred_to IS NOT NULL ORDER BY s.at DESC LIMIT 1)",
                    ),
                    LedgerColumn("outcome", "调解结果", 30),
                    LedgerColumn("agreement", "协议内容", 30),
                    LedgerColumn(
                        "judicial_result",
                        "司法确认",
                        10,
                        _judicial,
                        sql="CASE WHEN d.judicial_result IS NOT NULL THEN d.judicial_result "
                        f"WHEN d.judicial_applied_on IS NOT NULL THEN '{_PENDING}' END",
                    ),
                    LedgerColumn("judicial_court", "司法确认法院", 20, _text),
                    LedgerColumn("judicial_applied_on", "司法确认申请日期", 14, _text),
                    LedgerColumn("judicial_decided_on", "司法确认日期", 12, _text),
                    LedgerColumn(
                        "next_follow_up",
                        "下次回访",
                        12,
                        _text,
                        sql="(SELECT min(f.due_on) FROM follow_ups f WHERE f.dispute_id = d.id "
                        "AND f.deleted = 0 AND f.done_at IS NULL)",
                    ),
                    LedgerColumn("review_state", "审核状态", 10, review),
                ),
            ),
            Ledger(
                "volunteer_activities",
                "志愿服务台账",
                "a",
                "FROM volunteer_activities a LEFT JOIN volunteer_teams t ON t.id = a.team_id "
                "WHERE a.deleted = 0 AND {where}",
                "started_at",
                "started_at",
                (
                    LedgerColumn("started_at", "开始时间", 17, local),
                    LedgerColumn("ended_at", "结束时间", 17, local),
                    LedgerColumn("grid", "网格", 14, grid=True),
                    LedgerColumn("title", "活动名称", 24),
                    LedgerColumn("team", "服务队", 22, _text, sql="t.name"),
                    LedgerColumn("location", "地点", 20),
                    LedgerColumn(
                        "volunteers",
                        "志愿者人数",
                        10,
                        sql=registered("a"),
                    ),
                    LedgerColumn(
                        "hours",
                        "服务时长（小时）",
                        14,
                        sql="(SELECT coalesce(sum(p.hours), 0) FROM participations p "
                        f"WHERE p.activity_id = a.id AND {counted('p')})",
                    ),
                    LedgerColumn("description", "活动内容", 40),
                    LedgerColumn("review_state", "审核状态", 10, review),
                ),
            ),
            Ledger(
                # One row per volunteer per activity, in the columns a volunteer service record
                # carries (《志愿服务记录与证明出具办法》) and the 全国志愿服务信息系统 imports hours by:
                # who (name, ID type and number), which activity, when, how many hours. A volunteer
                # added to one activity on two laptops is one row (``app.services.headcounts``).
                "volunteer_hours",
                "志愿服务时长（全国志愿服务信息系统导入）",
                "a",
                "FROM participations p JOIN volunteer_activities a ON a.id = p.activity_id "
                "JOIN volunteers vo ON vo.id = p.volunteer_id "
                "LEFT JOIN residents r ON r.id = vo.resident_id AND r.deleted = 0 "
                "LEFT JOIN volunteer_teams t ON t.id = a.team_id "
                f"WHERE {counted('p')} AND a.deleted = 0 AND {{where}}",
                "started_at",
                "started_at",
                (
                    LedgerColumn("volunteer_name", "志愿者姓名", 12, sql="vo.name"),
                    LedgerColumn(
                        "id_type",
                        "证件类型",
                        10,
                        sql="CASE WHEN coalesce(vo.id_number, r.id_number) IS NULL THEN '' "
                        "ELSE '居民身份证' END",
                    ),
                    LedgerColumn(
                        "volunteer_id_number",
                        "证件号码",
                        21,
                        ids="one",
                        sql="coalesce(vo.id_number, r.id_number)",
                    ),
                    LedgerColumn("volunteer_phone", "手机号码", 14, _text, sql="coalesce(vo.phone, r.phone)"),
                    LedgerColumn("team", "志愿服务队伍", 22, _text, sql="t.name"),
                    LedgerColumn("title", "活动名称", 24),
                    LedgerColumn("kind", "服务类别", 12, _label(ActivityKind)),
                    LedgerColumn("location", "服务地点", 20),
                    LedgerColumn("started_at", "服务开始时间", 17, local),
                    LedgerColumn("ended_at", "服务结束时间", 17, local),
                    LedgerColumn("hours", "服务时长（小时）", 14, sql="p.hours"),
                    LedgerColumn("grid", "网格", 14, grid=True),
                ),
            ),
            Ledger(
                "service_items",
                "服务事项台账",
                "s",
                "FROM service_items s JOIN households h ON h.id = s.household_id "
                "LEFT JOIN residents r ON r.id = s.resident_id WHERE s.deleted = 0 AND {where}",
                "created_at",
                "created_at",
                (
                    LedgerColumn("created_at", "登记时间", 17, local),
                    LedgerColumn("grid", "网格", 14, grid=True),
                    LedgerColumn("head_name", "户主", 10, sql="h.head_name"),
                    LedgerColumn("resident_name", "服务对象", 10, _text, sql="r.name"),
                    LedgerColumn("resident_id_number", "服务对象身份证号", 21, ids="one", sql="r.id_number"),
                    LedgerColumn("address", "地址", 28, sql="h.address"),
                    LedgerColumn("category", "事项类别", 10, _label(ServiceCategory)),
                    LedgerColumn("channel", "办理方式", 10, _label(ServiceChannel)),
                    LedgerColumn("need", "群众诉求", 40),
                    LedgerColumn("due_on", "办理时限", 12, _text),
                    LedgerColumn("status", "办理状态", 12, _label(ServiceStatus)),
                    LedgerColumn("escalated_to", "上报单位", 20),
                    LedgerColumn("closed_at", "办结时间", 17, local),
                    LedgerColumn("outcome", "办理结果", 30),
                    LedgerColumn("satisfaction", "满意度", 10, _label(Satisfaction)),
                    LedgerColumn("handled_by", "经办人", 10),
                ),
            ),
            Ledger(
                "floating_population",
                "流动人口台账",
                "r",
                "FROM residents r JOIN households h ON h.id = r.household_id "
                "WHERE r.deleted = 0 AND r.residence = 'floating' AND {where}",
                "arrived_on",
                "arrived_on",
                (
                    LedgerColumn("name", "姓名", 10),
                    LedgerColumn("gender", "性别", 6, _label(Gender)),
                    LedgerColumn("ethnicity", "民族", 8, _label(Ethnicity)),
                    LedgerColumn("id_number", "身份证号", 21, ids="one"),
                    LedgerColumn("native_place", "户籍地", 24),
                    LedgerColumn("address", "现住址", 28, sql="h.address"),
                    LedgerColumn("grid", "网格", 14, grid=True),
                    LedgerColumn("arrived_on", "来本地日期", 12, _text),
                    LedgerColumn("arrival_reason", "来本地事由", 16),
                    LedgerColumn("permit_number", "居住证号", 18),
                    LedgerColumn("permit_expires", "居住证有效期至", 14, _text),
                    LedgerColumn("departed_on", "离开日期", 12, _text),
                    LedgerColumn("presence", "在册状态", 10, _label(Presence)),
                    LedgerColumn("phone", "联系电话", 14, _text),
                ),
            ),
        )
    }


def ledger_query(request: LedgerRequest, zone: tzinfo) -> tuple[str, list[Any]]:
    """A ledger's SQL with the request's conditions, and its parameters."""
    ledger = _ledgers(zone)[request.ledger]
    where, params = _conditions(ledger, request, zone)
    return ledger.query.format(where=where), params


def ledger_columns(zone: tzinfo) -> dict[str, list[str]]:
    """Each ledger's column names, in the order of its sheet."""
    return {name: [column.name for column in ledger.columns] for name, ledger in _ledgers(zone).items()}


def ledger_names(zone: tzinfo) -> dict[str, str]:
    return {name: ledger.title for name, ledger in _ledgers(zone).items()}


def _renderers(ledger: Ledger, full: bool, grid_names: dict[str, str]) -> list[Render]:
    """Each column's render; the two ID columns mask unless a full export was allowed."""
    shown: Render = _text if full else mask_id_number

    def parties(value: str | None) -> str:
        return "；".join(
            f"{name}（{shown(number)}）" if number else name for name, number in json.loads(value or "[]")
        )

    def grid(code: str) -> str:
        return grid_names.get(code, code)

    special: dict[str, Render] = {"one": shown, "parties": parties}
    return [special[c.ids] if c.ids else grid if c.grid else (c.render or _text) for c in ledger.columns]


def _conditions(ledger: Ledger, request: LedgerRequest, zone: tzinfo) -> tuple[str, list[Any]]:
    clauses = [f"{ledger.alias}.grid IN ({','.join('?' * len(request.grids))})"]
    params: list[Any] = list(request.grids)
    if request.date_from:
        clauses.append(f"{ledger.date_column} >= ?")
        params.append(day_start_utc(request.date_from, zone))
    if request.date_to:
        clauses.append(f"{ledger.date_column} < ?")
        params.append(day_start_utc(request.date_to + timedelta(days=1), zone))
    return " AND ".join(clauses), params


def _check(session: Session, request: LedgerRequest) -> None:
    session.require(Permission.EXPORT)
    if request.full_id_numbers:
        session.require(Permission.SEE_ID_NUMBERS)
    if not request.grids:
        raise InvalidValue("no_grid", "请至少选择一个网格。", "Choose at least one grid.")
    for grid in request.grids:
        session.require_grid(grid)
    if request.date_from and request.date_to and request.date_to < request.date_from:
        raise InvalidValue(
            "date_range", "结束日期不能早于开始日期。", "The end date cannot be before the start date."
        )


def ledger_rows(store: Store, request: LedgerRequest, zone: tzinfo) -> tuple[int, Iterator[list[Any]]]:
    """How many rows the ledger has, and the rows as they go into the sheet (streamed)."""
    ledger = _ledgers(zone)[request.ledger]
    sql, params = ledger_query(request, zone)
    total = store.db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    renders = _renderers(ledger, request.full_id_numbers, grids.labels(store, request.grids))

    def rows() -> Iterator[list[Any]]:
        cursor = store.db.conn.execute(sql, params)
        while page := cursor.fetchmany(PAGE):
            for raw in page:
                yield [render(value) for render, value in zip(renders, raw, strict=True)]

    return total, rows()


def audit_history(store: Store, session: Session, *, limit: int = 200) -> list[AuditEvent]:
    """Exports with full ID numbers in the session's grids, newest first, for whoever may export."""
    session.require(Permission.EXPORT)
    marks = ",".join("?" * len(session.grids))
    return store.find(
        AuditEvent, f"grid IN ({marks})", session.grids, order_by="created_at desc", limit=limit
    )


def _audit(store: Store, session: Session, request: LedgerRequest, rows: int, zone: tzinfo) -> None:
    span = f"{request.date_from or '…'}至{request.date_to or '…'}"
    places = "、".join(grids.labels(store, request.grids).values())
    audit.record(
        store,
        actor=session,
        action="export_full_id_numbers",
        detail=f"导出{_ledgers(zone)[request.ledger].title}（含完整身份证号）{rows}行；网格 "
        f"{places}；日期 {span}；文件 {request.path.name}",
        grid=request.grids[0],
    )


def export_ledger(
    store: Store,
    session: Session,
    request: LedgerRequest,
    *,
    zone: tzinfo,
    progress: Progress | None = None,
) -> int:
    """Write the ledger to ``request.path``; returns the rows written. ``progress`` may raise to
    cancel: nothing is written to the path until every row is in."""
    _check(session, request)
    ledger = _ledgers(zone)[request.ledger]
    total, rows = ledger_rows(store, request, zone)
    book = Workbook(write_only=True)
    heading = f"{ledger.title} {request.span}"
    book.properties.title = heading
    sheet = book.create_sheet(ledger.title)
    sheet.oddHeader.center.text = heading
    sheet.freeze_panes = "A2"
    for index, column in enumerate(ledger.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.append(_header(sheet, [c.header for c in ledger.columns]))
    written = 0
    try:
        for row in rows:
            sheet.append(row)
            written += 1
            if progress is not None and written % PAGE == 0:
                progress(written, total)
        if progress is not None:
            progress(written, total)  # the last chance to cancel: after it the file is written
    except BaseException:
        sheet.close()  # ends openpyxl's temporary sheet file; it is removed when the app exits
        raise
    _breakdown_sheet(book, heading, _period_breakdowns(store, request, zone))
    if request.full_id_numbers:
        _audit(store, session, request, written, zone)
    temporary = request.path.with_name(request.path.name + ".part")
    book.save(temporary)
    temporary.replace(request.path)
    return written


def _period_breakdowns(store: Store, request: LedgerRequest, zone: tzinfo) -> list[Breakdown]:
    start, end = typed_bounds(request.date_from, request.date_to)
    found = breakdowns(store, request.grids, start, end, zone, LEDGER_SUBJECTS[request.ledger])
    return list(found.values())


def _breakdown_sheet(book: Workbook, heading: str, found: Sequence[Breakdown]) -> None:
    """分类统计: the heading, then per subject its total and a block per dimension."""
    sheet = book.create_sheet("分类统计")
    sheet.oddHeader.center.text = heading
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 14
    title = WriteOnlyCell(sheet, value=f"{heading} 分类统计")
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    for breakdown in found:
        sheet.append([])
        sheet.append(_header(sheet, [f"{breakdown.title}（{breakdown.unit}）", f"合计 {breakdown.total:g}"]))
        for dimension, rows in breakdown.by.items():
            sheet.append(_header(sheet, [DIMENSIONS[dimension], breakdown.unit]))
            for label, value in rows:
                sheet.append([label, value])


def report_figures(
    store: Store, session: Session, request: LedgerRequest, *, zone: tzinfo, today: date
) -> Figures:
    """The report's figures for the requested grids: for its period when it has one, else for
    exactly the days typed (an end left open runs to the first or last record), as the ledgers."""
    _check(session, request)
    scoped = Session(session.username, session.display_name, session.role, request.grids)
    day = report_day(request, today)
    if request.period is not None:
        return figures(store, scoped, today=day, zone=zone, period=request.period)
    return figures(store, scoped, today=day, zone=zone, days=typed_bounds(request.date_from, request.date_to))


def report_day(request: LedgerRequest, today: date) -> date:
    """The day a period's report is "as at": today while the period runs, its last day once it has
    ended (overdue follow-ups and coverage are counted as of then), never a day outside it."""
    first = request.date_from or today
    last = request.date_to or today
    return max(first, min(last, today))


def report_breakdowns(store: Store, request: LedgerRequest, *, zone: tzinfo) -> list[Breakdown]:
    """Every people figure of the report's period (or days typed) broken down, for the PDF report."""
    start, end = typed_bounds(request.date_from, request.date_to)
    return list(breakdowns(store, request.grids, start, end, zone).values())


def _header(sheet: Any, titles: Sequence[str]) -> list[Cell]:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cells.append(cell)
    return cells
