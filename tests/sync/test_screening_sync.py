"""A nil report is a record that travels: filed on one laptop, it is on the other after a sync, and
the other laptop refuses findings for that grid and month; a visit's photo and a patrol's travel
whole with them (both were left out of uploads before)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.errors import InvalidValue
from app.models import Household, Patrol, ScreeningFinding, ScreeningRound, Visit, VisitType
from app.services.attachments import add_attachment, attachment_data
from app.services.screening import file_round, month_of
from tests.conftest import GRID
from tests.sync.conftest import device

pytestmark = pytest.mark.dates

TODAY = date(2026, 12, 14)


def test_a_nil_report_and_photos_on_a_visit_and_a_patrol_reach_the_other_laptop(
    tmp_path: Path, server
) -> None:
    base, codes = server
    a, sync_a = device(tmp_path, "a", base, codes[0])
    b, sync_b = device(tmp_path, "b", base, codes[1])
    start, end = month_of(TODAY)
    nil = file_round(
        a,
        ScreeningRound(
            grid=GRID,
            author="w",
            period_start=start,
            period_end=end,
            screener="w",
            screened_on=TODAY,
            nil_report=True,
        ),
    )
    household = a.save(Household(grid=GRID, author="w", address="巴彦嘎查2组7号", head_name="其其格"))
    visit_photo, patrol_photo = os.urandom(40_000), os.urandom(30_000)
    visit = a.save(
        Visit(
            grid=GRID,
            author="w",
            household_id=household.id,
            visitor="w",
            visited_at=datetime(2026, 11, 30, 2, 0, tzinfo=UTC),
            visit_type=VisitType.ROUTINE,
            summary="修好取暖炉",
            attachments=[add_attachment(a, visit_photo, name="炉.jpg")],
        )
    )
    patrol = a.save(
        Patrol(
            grid=GRID,
            author="w",
            route="北梁",
            patroller="w",
            started_at=datetime(2026, 11, 30, 1, 0, tzinfo=UTC),
            attachments=[add_attachment(a, patrol_photo, name="火堆.jpg")],
        )
    )
    assert sync_a.sync().attachments == 2
    assert sync_b.sync().attachments == 2

    assert b.get(ScreeningRound, nil.id).nil_report
    assert attachment_data(b, b.get(Visit, visit.id).attachments[0]) == visit_photo
    assert attachment_data(b, b.get(Patrol, patrol.id).attachments[0]) == patrol_photo
    late = ScreeningRound(
        grid=GRID, author="w2", period_start=start, period_end=end, screener="w2", screened_on=TODAY
    )
    finding = ScreeningFinding(
        grid=GRID, author="w2", round_id=late.id, category="neighbour", summary="邻里争执"
    )
    with pytest.raises(InvalidValue, match="已报零报告"):
        file_round(b, late, [finding])
