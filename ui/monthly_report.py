"""The monthly summary report (网格工作月报) as PDF: the dashboard's figures in sentences, then its
charts, drawn with the same QPainter code as the screen.

Like the ledgers, the report is an official document for the township and banner: it is written
in Chinese whatever language the app shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

from app.models import DisputeCategory, DisputeStatus
from app.services.dashboard import COVERAGE_DAYS, Figures
from ui import palette
from ui.agreement_pdf import PRINT_FAMILIES
from ui.charts import bars_height, draw_bars

RESOLUTION = 150


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def report_lines(shown: Figures) -> list[str]:
    """The report's figures as sentences; the PDF's text, and what a reader copies out of it."""
    disputes = sum(count for _status, count in shown.disputes_by_status)
    return [
        f"本月走访：{shown.visits_this_month} 次",
        f"近{COVERAGE_DAYS}天走访覆盖率：{_percent(shown.coverage)}"
        f"（共 {shown.households} 户，未走访 {shown.unvisited_households} 户）",
        f"矛盾纠纷：共 {disputes} 件；调解成功率 {_percent(shown.resolution_rate)}"
        f"（调解成功 {shown.resolved} 件 / 调解结束 {shown.concluded} 件）",
        f"逾期未回访：{shown.overdue_follow_ups} 次",
        f"重大风险纠纷（未办结）：{shown.major_risk_open} 件",
        f"志愿服务时长（近6个月）：{shown.volunteer_hours:g} 小时",
    ]


def write_monthly_report(path: Path, shown: Figures, scope: str, prepared_by: str) -> None:
    writer = QPdfWriter(str(path))
    title = f"{scope} {shown.month:%Y年%m月} 网格工作月报"
    writer.setTitle(title)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(18, 18, 18, 18)
        )
    )
    writer.setResolution(RESOLUTION)
    painter = QPainter(writer)
    font = QFont()
    font.setFamilies(list(PRINT_FAMILIES))
    font.setPointSize(11)
    painter.setFont(font)
    printable = writer.pageLayout().paintRectPixels(RESOLUTION)
    page = QRectF(0, 0, printable.width(), printable.height())  # the painter starts inside the margins
    y = _heading(painter, page, title, prepared_by)
    line_height = painter.fontMetrics().height() * 1.5
    for line in report_lines(shown):
        painter.drawText(QRectF(page.left(), y, page.width(), line_height), Qt.AlignmentFlag.AlignLeft, line)
        y += line_height
    y += line_height / 2
    charts: list[tuple[str, Sequence[tuple[str, float]], str, str]] = [
        ("本月各网格走访次数", shown.visits_by_grid, palette.SERIES[0], ""),
        (
            "矛盾纠纷类别",
            [(DisputeCategory(c).zh, n) for c, n in shown.disputes_by_category],
            palette.SERIES[2],
            "",
        ),
        (
            "矛盾纠纷状态",
            [(DisputeStatus(s).zh, n) for s, n in shown.disputes_by_status],
            palette.SERIES[3],
            "",
        ),
        (
            "各服务队志愿服务时长（按月）",
            [(f"{month} {team}", round(hours, 1)) for team, month, hours in shown.hours_by_team_month],
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
            empty="本月无记录",
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
