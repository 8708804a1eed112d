"""A supervisor types the days of a report across the new year ("Days I choose") and prints the work
report: the PDF is titled with those days and counts exactly them, its breakdowns included."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.models import Grid, GridLevel, Household, Role
from app.services.lists import local_zone
from app.services.session import Session
from app.store import Store, new_key
from tests.conftest import make_visit
from ui.screens.exports_screen import MONTHLY, ExportsScreen

pytestmark = pytest.mark.dates
BAYAN = "152500101001"
FIRST, LAST = date(2025, 12, 31), date(2026, 1, 1)


def test_supervisor_prints_the_work_report_for_days_they_typed(qtbot, tmp_path: Path) -> None:
    key = new_key()
    path = tmp_path / "office.db"
    zone = local_zone()
    with Store.open(path, key) as store:
        store.save(Grid(grid=BAYAN, code=BAYAN, name="巴彦嘎查", level=GridLevel.VILLAGE, author="a"))
        household = store.save(Household(grid=BAYAN, author="worker101", address="1组", head_name="巴特尔"))
        # The first and last microsecond of each local day from 30 December to 2 January.
        moments = []
        for offset in range(4):
            start = datetime.combine(date(2025, 12, 30) + timedelta(days=offset), datetime.min.time(), zone)
            moments += [start, start + timedelta(days=1, microseconds=-1)]
        for moment in moments:
            store.save(make_visit(household, visited_at=moment, summary="走访"))
        visits = sum(FIRST <= m.astimezone(zone).date() <= LAST for m in moments)
        assert visits == 4
        session = Session("supervisor1", "张伟", Role.SUPERVISOR, (BAYAN,))
        screen = ExportsScreen(store, session, lambda: Store.open(path, key))
        qtbot.addWidget(screen)
        screen.today = date(2026, 3, 1)
        screen.kind.setCurrentIndex(screen.kind.findData(MONTHLY))
        screen.grid.setCurrentIndex(screen.grid.findData(BAYAN))
        screen.period.setCurrentIndex(screen.period.findData(None))
        screen.date_from.set_value(FIRST)
        screen.date_to.set_value(LAST)
        screen.path.setText(str(tmp_path / "报告"))
        qtbot.waitSignal(screen.start().finished, timeout=20_000).wait()
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "报告.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert f"巴彦嘎查{FIRST}至{LAST}网格工作报告" in flat and "月报" not in flat
    assert f"本期走访：{visits}次" in flat
    assert f"走访户次：合计{visits}次" in flat and f"按嘎查村：巴彦嘎查{visits}" in flat
