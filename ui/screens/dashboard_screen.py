"""数据看板: the supervisor's grids at a glance — this month's visits, coverage, disputes and how they
end, overdue follow-ups, major risks, volunteer hours."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.models import ActivityKind, DisputeCategory, DisputeStatus
from app.services import care, service_items
from app.services.dashboard import Figures, figures
from app.services.lists import local_zone
from app.services.periods import ReportPeriod
from app.services.session import Session
from app.store import Store
from ui import calendar_day, palette
from ui.changes import Follower
from ui.charts import BarChart
from ui.definitions import major_definition, overdue_definition
from ui.feedback import scaled_font
from ui.forms.fields import EnumChoice
from ui.i18n import enum_label, in_language


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


class Tile(QFrame):
    """One figure, large, with its name and, under it, exactly what it counts — the same words
    工作台 uses where it shows the same figure."""

    def __init__(self, caption: str, definition: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Tiles share the row equally, whatever the length of what they say under the figure.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setStyleSheet(
            f"Tile {{ background: {palette.PAPER}; border: 1px solid {palette.BORDER}; border-radius: 6px; }}"
        )
        self.value = QLabel("—")
        self.value.setObjectName(name)
        self.value.setFont(scaled_font(self.value, 1.8, bold=True))
        self.value.setStyleSheet(f"color: {palette.ACCENT};")
        what = QLabel(caption)
        what.setWordWrap(True)  # six tiles share one row, in English too
        self.definition = QLabel(definition)
        self.definition.setObjectName(f"{name}_definition")
        self.definition.setWordWrap(True)
        self.definition.setFont(scaled_font(self.definition, 0.85))
        self.definition.setStyleSheet(f"color: {palette.INK_FAINT};")
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(what)
        layout.addWidget(self.definition)
        layout.addStretch(1)  # figures line up across tiles whose captions wrap differently

    def set_text(self, text: str, *, alert: bool = False) -> None:
        self.value.setText(text)
        self.value.setStyleSheet(f"color: {palette.ALERT if alert else palette.ACCENT};")


def category_bars(shown: Figures) -> list[tuple[str, float]]:
    return [(enum_label(DisputeCategory(c)), n) for c, n in shown.disputes_by_category]


def status_bars(shown: Figures) -> list[tuple[str, float]]:
    return [(enum_label(DisputeStatus(s)), n) for s, n in shown.disputes_by_status]


def activity_bars(shown: Figures) -> list[tuple[str, float]]:
    """场次 and 人次 per activity type in the period, and the households served where any were
    named: "宣讲 3场 120人次 服务12户"."""
    bars = []
    for kind, count, people in shown.activities_by_kind:
        label = enum_label(ActivityKind(kind)) + in_language(
            f" {count}场 {people}人次", f" {count} held, {people} taking part"
        )
        served = shown.households_served_by_kind.get(kind, 0)
        if served:
            label += in_language(f" 服务{served}户", f", {served} households served")
        bars.append((label, float(count)))
    return bars


def hours_bars(shown: Figures) -> list[tuple[str, float]]:
    return [(f"{month} {team}", round(hours, 1)) for team, month, hours in shown.hours_by_team_month]


class DashboardScreen(QWidget):
    def __init__(self, store: Store, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.figures: Figures | None = None
        self.tiles = {
            "visits": Tile(
                self.tr("Visits in the period"),
                self.tr("Visits made in the chosen period in your grids."),
                "tile_visits",
            ),
            "coverage": Tile(
                self.tr("Households visited in 90 days"),
                self.tr("Share of your grids' households visited at least once in the last 90 days."),
                "tile_coverage",
            ),
            "resolution": Tile(
                self.tr("Disputes resolved by mediation"),
                self.tr("Agreements reached, of the disputes whose mediation has ended."),
                "tile_resolution",
            ),
            "overdue": Tile(self.tr("Overdue follow-ups"), overdue_definition(), "tile_overdue"),
            "major": Tile(self.tr("Open major-risk disputes"), major_definition(), "tile_major"),
            "hours": Tile(
                self.tr("Volunteer hours, 6 months"),
                self.tr("Hours served in your grids' activities in the last six months."),
                "tile_hours",
            ),
        }
        # Service items and care groups (issue 17): each rate says how it is counted.
        self.people_tiles = {
            "completion": Tile(
                self.tr("Service items done"),
                self.tr("Completion rate: items done, of all registered in your grids."),
                "tile_completion",
            ),
            "satisfaction": Tile(
                self.tr("Residents satisfied"),
                self.tr(
                    "Satisfaction rate: rated satisfied or fairly satisfied, of the items done and rated."
                ),
                "tile_satisfaction",
            ),
            "services_overdue": Tile(
                self.tr("Service items overdue"),
                self.tr("Open service items past their due date."),
                "tile_services_overdue",
            ),
        }
        self.charts = {
            "visits": BarChart(self.tr("Visits in the period by grid"), colour=palette.SERIES[0]),
            "activities": BarChart(
                self.tr("Activities by type in the period (sessions/participants)"), colour=palette.SERIES[1]
            ),
            "categories": BarChart(self.tr("Disputes by category"), colour=palette.SERIES[2]),
            "statuses": BarChart(self.tr("Disputes by status"), colour=palette.SERIES[3]),
            "hours": BarChart(
                self.tr("Volunteer hours by month and team"), colour=palette.SERIES[1], unit=" h"
            ),
            "care": BarChart(
                self.tr("Care groups visited this period (visited ÷ members)"),
                colour=palette.SERIES[0],
                unit="%",
            ),
        }
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)
        people_tiles = QHBoxLayout()
        for tile in self.people_tiles.values():
            people_tiles.addWidget(tile, 1)
        charts = QGridLayout()
        for index, chart in enumerate(self.charts.values()):
            charts.addWidget(chart, index // 2, index % 2, Qt.AlignmentFlag.AlignTop)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.month = QLabel()
        self.month.setFont(scaled_font(self.month, 1.2, bold=True))
        self.period = EnumChoice(ReportPeriod)
        self.period.setObjectName("report_period")
        self.period.changed.connect(lambda: self.refresh(self.today))
        self.today: date | None = None
        head = QHBoxLayout()
        head.addWidget(self.month)
        head.addStretch(1)
        head.addWidget(QLabel(self.tr("Period")))
        head.addWidget(self.period)
        head.addWidget(self.refresh_button)
        content = QWidget()
        body = QVBoxLayout(content)
        body.addLayout(head)
        body.addLayout(tiles)
        body.addLayout(people_tiles)
        body.addLayout(charts)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        QVBoxLayout(self).addWidget(scroll)
        Follower(self, None, self.refresh)
        self.refresh()

    def refresh(self, today: date | None = None) -> None:
        """``today`` pins the day the periods are counted from (tests); otherwise the laptop's."""
        self.today = today
        chosen = self.period.value()
        period = chosen if isinstance(chosen, ReportPeriod) else ReportPeriod.MONTH
        shown = figures(
            self.store,
            self.session,
            today=today or calendar_day.local_today(),
            zone=local_zone(),
            period=period,
        )
        self.figures = shown
        last = (shown.period_end or shown.month) - timedelta(days=1)
        span = f"{shown.period_start:%Y-%m-%d} – {last:%Y-%m-%d}"
        self.month.setText(
            self.tr("Figures for %1 (%2)").replace("%1", enum_label(period)).replace("%2", span)
        )
        self.tiles["visits"].set_text(str(shown.visits_this_month))
        self.tiles["coverage"].set_text(percent(shown.coverage))
        self.tiles["resolution"].set_text(percent(shown.resolution_rate))
        self.tiles["overdue"].set_text(str(shown.overdue_follow_ups), alert=shown.overdue_follow_ups > 0)
        self.tiles["major"].set_text(str(shown.major_risk_open), alert=shown.major_risk_open > 0)
        self.tiles["hours"].set_text(f"{shown.volunteer_hours:g}")
        self.charts["visits"].set_bars(shown.visits_by_grid)
        self.charts["activities"].set_bars(activity_bars(shown))
        self.charts["categories"].set_bars(category_bars(shown))
        self.charts["statuses"].set_bars(status_bars(shown))
        self.charts["hours"].set_bars(hours_bars(shown))
        self._people(today or calendar_day.local_today())

    def _people(self, today: date) -> None:
        services = service_items.service_figures(self.store, self.session.grids, today)
        self.services = services
        self.people_tiles["completion"].set_text(percent(services.completion_rate))
        self.people_tiles["satisfaction"].set_text(percent(services.satisfaction_rate))
        self.people_tiles["services_overdue"].set_text(str(services.overdue), alert=services.overdue > 0)
        self.coverage = care.coverage(
            self.store,
            self.session.grids,
            today=today,
            zone=local_zone(),
            frequencies=care.frequencies_of(self.store),
        )
        self.charts["care"].set_bars(
            [
                (f"{enum_label(c.care_group)} {c.visited}/{c.members}", round((c.rate or 0) * 100))
                for c in self.coverage
            ]
        )
