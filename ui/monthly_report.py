"""The summary report (网格工作月报, or 季报, 半年报, 年报 for the period chosen, 网格工作报告 for the
year so far or days the supervisor typed) as PDF: the period's figures in sentences — with the
service items' 办结率 and 满意率 and the care groups' coverage — then the people it counts broken
down by worker, village and ethnicity, then its charts, drawn with the same QPainter code as the
screen.

The period's own figures are its visits, its disputes (those registered in it; the success rate
over those whose mediation ended in it) and its volunteer hours (as the hours export and the
breakdown count them). Coverage looks back 90 days from the report's day, and overdue follow-ups
and service items are as at that day, as their lines say.

Like the ledgers, the report is an official document for the township and banner: it is written
in Chinese whatever language the app shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from app.models import DisputeCategory, DisputeStatus
from app.services.breakdowns import DIMENSIONS, Breakdown
from app.services.dashboard import COVERAGE_DAYS, Figures, PeopleFigures
from app.services.periods import ReportPeriod, bounds_text, period_name
from ui import palette
from ui.charts import bars_height, draw_bars
from ui.pdf_pages import a4_writer, print_font

RESOLUTION = 150


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


# What each period's report is called.
_REPORT_NAMES = {
    ReportPeriod.MONTH: "网格工作月报",
    ReportPeriod.QUARTER: "网格工作季报",
    ReportPeriod.HALF_YEAR: "网格工作半年报",
    ReportPeriod.YEAR: "网格工作年报",
    ReportPeriod.YEAR_TO_DATE: "网格工作报告",
}


def _days(shown: Figures) -> str:
    """The period's days: 2025-12-31至2026-01-01."""
    assert shown.period_start is not None and shown.period_end is not None  # figures() sets both
    return bounds_text(shown.period_start, shown.period_end)


def report_title(shown: Figures, scope: str, period_title: str = "") -> str:
    """网格工作季报 of 2026年第一季度 for the scope; for days typed, 网格工作报告 of those days."""
    if shown.period is None:
        return f"{scope} {period_title or _days(shown)} 网格工作报告"
    if not period_title and shown.period_end is not None:
        period_title = period_name(shown.period, shown.period_end - timedelta(days=1))
    return f"{scope} {period_title} {_REPORT_NAMES[shown.period]}"


def span_line(shown: Figures) -> str:
    if shown.period_start is None or shown.period_end is None:
        return ""
    return f"统计期间：{_days(shown).replace('至', ' 至 ')}"


def report_lines(shown: Figures, people: PeopleFigures | None = None) -> list[str]:
    """The report's figures as sentences; the PDF's text, and what a reader copies out of it.
    Each dispute line says what it counts: 本期登记 (registered in the period) or 本期调解结束
    (mediation ended in the period)."""
    disputes = shown.disputes
    in_period = "本月" if shown.period is ReportPeriod.MONTH else "本期"
    lines = [
        f"{in_period}走访：{shown.visits_this_month} 次",
        f"近{COVERAGE_DAYS}天走访覆盖率：{_percent(shown.coverage)}"
        f"（共 {shown.households} 户，未走访 {shown.unvisited_households} 户）",
        f"矛盾纠纷（{in_period}登记）：共 {disputes.registered} 件，"
        f"其中涉及民族因素 {disputes.ethnic_factors} 件",
        f"调解成功率（{in_period}调解结束的纠纷）：{_percent(disputes.success_rate)}"
        f"（调解成功 {disputes.resolved} 件 / 调解结束 {disputes.concluded} 件）",
        f"逾期未回访：{shown.overdue_follow_ups} 次",
        f"重大风险纠纷（{in_period}登记）：{disputes.major} 件，其中未办结 {disputes.major_open} 件",
        f"志愿服务时长（{in_period}）：{shown.period_volunteer_hours:g} 小时",
    ]
    if people is not None:
        services = people.services
        lines += [
            f"服务事项办结率：{_percent(services.completion_rate)}"
            f"（办结 {services.done} 件 / 登记 {services.registered} 件）",
            f"服务事项满意率：{_percent(services.satisfaction_rate)}"
            f"（满意和基本满意 {services.satisfied} 件 / 已评价 {services.rated} 件）",
        ]
        lines += [
            f"{group.care_group.zh}走访覆盖率：{_percent(group.rate)}"
            f"（已走访 {group.visited} 人 / 共 {group.members} 人）"
            for group in people.care
        ]
    return lines


def breakdown_lines(found: Sequence[Breakdown]) -> list[str]:
    """Each people figure broken down, a line per dimension: 走访户次 按嘎查村：巴彦嘎查 12、…"""
    lines = []
    for breakdown in found:
        lines.append(f"{breakdown.title}：合计 {breakdown.total:g} {breakdown.unit}")
        for dimension, rows in breakdown.by.items():
            shown = "、".join(f"{label} {value:g}" for label, value in rows) or "无"
            lines.append(f"　{DIMENSIONS[dimension]}：{shown}")
    return lines


def write_monthly_report(
    path: Path,
    shown: Figures,
    scope: str,
    prepared_by: str,
    *,
    people: PeopleFigures | None = None,
    found: Sequence[Breakdown] = (),
    period_title: str = "",
) -> None:
    title = report_title(shown, scope, period_title)
    writer = a4_writer(str(path), title, margin_mm=18, resolution=RESOLUTION)
    painter = QPainter(writer)
    font = print_font(11)
    painter.setFont(font)
    printable = writer.pageLayout().paintRectPixels(RESOLUTION)
    page = QRectF(0, 0, printable.width(), printable.height())  # the painter starts inside the margins
    y = _heading(painter, page, title, prepared_by)
    line_height = painter.fontMetrics().height() * 1.5
    text = [line for line in (span_line(shown),) if line] + report_lines(shown, people)
    if found:
        text += ["", "分类统计（按网格员、嘎查村、民族）", *breakdown_lines(found)]
    for line in text:
        flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        needed = painter.boundingRect(QRectF(0, 0, page.width(), 0), flags, line).height()
        height = max(line_height, needed + line_height - painter.fontMetrics().height())
        if y + height > page.bottom():
            writer.newPage()
            y = page.top()
        painter.drawText(QRectF(page.left(), y, page.width(), height), flags, line)
        y += height
    y += line_height / 2
    charts: list[tuple[str, Sequence[tuple[str, float]], str, str]] = [
        ("本期各网格走访次数", shown.visits_by_grid, palette.SERIES[0], ""),
        (
            "本期登记矛盾纠纷类别",
            [(DisputeCategory(c).zh, n) for c, n in shown.disputes.by_category],
            palette.SERIES[2],
            "",
        ),
        (
            "本期登记矛盾纠纷状态",
            [(DisputeStatus(s).zh, n) for s, n in shown.disputes.by_status],
            palette.SERIES[3],
            "",
        ),
        (
            "本期各服务队志愿服务时长（按月）",
            [(f"{month} {team}", round(hours, 1)) for team, month, hours in shown.hours_in_period],
            palette.SERIES[1],
            " 小时",
        ),
    ]
    row = line_height * 1.1
    for chart_title, bars, colour, unit in charts:
        height = bars_height(len(bars), row)
        if y + height > page.bottom():
            writer.newPage()
            y = page.top()
        area = QRectF(page.left(), y, page.width(), height)
        draw_bars(
            painter,
            area,
            chart_title,
            bars,
            colour=colour,
            empty="本期无记录",
            unit=unit,
            row_height=row,
            font=font,
        )
        y += height + line_height
    painter.end()


def _heading(painter: QPainter, page: QRectF, title: str, prepared_by: str) -> float:
    painter.save()
    big = QFont(painter.font())
    big.setPointSize(16)
    big.setBold(True)
    painter.setFont(big)
    height = painter.fontMetrics().height() * 1.6
    painter.drawText(
        QRectF(page.left(), page.top(), page.width(), height), Qt.AlignmentFlag.AlignHCenter, title
    )
    painter.restore()
    painter.setPen(QColor(palette.INK_SOFT))
    small = painter.fontMetrics().height() * 1.4
    painter.drawText(
        QRectF(page.left(), page.top() + height, page.width(), small),
        Qt.AlignmentFlag.AlignRight,
        f"填报人：{prepared_by}",
    )
    painter.setPen(QColor(palette.INK))
    return page.top() + height + small * 1.5
