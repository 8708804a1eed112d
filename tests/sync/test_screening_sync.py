"""A nil report is a record that travels: filed on one laptop, it is on the other after a sync, and
the other laptop refuses findings for that grid and month; a visit's photo and a patrol's travel
whole with them (both were left out of uploads before). Filed on two laptops offline, a nil report
and findings for one month are both kept and shown as a contradiction until one is withdrawn; so
are a dispute and an incident made of one finding, shown until one of them is deleted."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.errors import InvalidValue
from app.models import (
    Dispute,
    Household,
    Incident,
    IncidentCategory,
    Patrol,
    Role,
    ScreeningFinding,
    ScreeningRound,
    Visit,
    VisitType,
)
from app.services import grids
from app.services.attachments import add_attachment, attachment_data
from app.services.screening import (
    contradicted_periods,
    file_round,
    finding_of,
    month_of,
    turn_into_dispute,
    turn_into_incident,
    turned_both_ways,
    withdraw_nil_report,
)
from app.services.session import session_for
from tests.conftest import GRID, month_round
from tests.sync.conftest import device

pytestmark = pytest.mark.dates

TODAY = date(2026, 12, 14)


def test_a_nil_report_and_photos_on_a_visit_and_a_patrol_reach_the_other_laptop(
    tmp_path: Path, server
) -> None:
    base, codes = server
    a, sync_a = device(tmp_path, "a", base, codes[0])
    b, sync_b = device(tmp_path, "b", base, codes[1])
    nil = file_round(a, month_round(TODAY, nil=True, author="w"))
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
    late = month_round(TODAY, author="w2")
    finding = ScreeningFinding(
        grid=GRID, author="w2", round_id=late.id, category="neighbour", summary="邻里争执"
    )
    with pytest.raises(InvalidValue, match="已报零报告"):
        file_round(b, late, [finding])


def test_a_nil_report_and_findings_filed_offline_on_two_laptops_are_both_kept_and_shown(
    tmp_path: Path, server
) -> None:
    base, codes = server
    a, sync_a = device(tmp_path, "a", base, codes[0])
    b, sync_b = device(tmp_path, "b", base, codes[1])
    start, end = month_of(TODAY)
    nil = file_round(a, month_round(TODAY, nil=True, author="w"))
    found = month_round(TODAY, author="w2")
    file_round(
        b,
        found,
        [
            ScreeningFinding(
                grid=GRID, author="w2", round_id=found.id, category="neighbour", summary="邻里争执"
            )
        ],
    )
    for _ in range(2):
        sync_a.sync()
        sync_b.sync()

    for laptop in (a, b):
        worker = session_for(laptop, "w", "其其格", Role.WORKER, (GRID,))
        assert {r.id for r in laptop.find(ScreeningRound)} == {nil.id, found.id}
        [(label, first, last)] = contradicted_periods(laptop, worker)
        assert (first, last) == (start, end) and label == grids.label(laptop, GRID)
    withdraw_nil_report(b, nil.id)
    sync_b.sync()
    sync_a.sync()
    assert contradicted_periods(a, session_for(a, "w", "其其格", Role.WORKER, (GRID,))) == []
    assert [r.id for r in a.find(ScreeningRound)] == [found.id]


def test_a_finding_turned_into_a_dispute_and_an_incident_on_two_offline_laptops_keeps_both(
    tmp_path: Path, server
) -> None:
    """Each laptop refuses a second turn of a finding, but two laptops offline each make one: the
    sync keeps the dispute, the incident and both links (nothing a worker recorded is lost), and
    both laptops name the finding until someone deletes the one not needed."""
    base, codes = server
    a, sync_a = device(tmp_path, "a", base, codes[0])
    b, sync_b = device(tmp_path, "b", base, codes[1])
    round_ = month_round(TODAY, author="w")
    found = ScreeningFinding(
        grid=GRID, author="w", round_id=round_.id, category="neighbour", summary="草场边界争执"
    )
    file_round(a, round_, [found])
    sync_a.sync()
    sync_b.sync()
    dispute = turn_into_dispute(a, found.id, by="w")
    incident = turn_into_incident(
        b, found.id, by="w2", category=IncidentCategory.OTHER, now=datetime(2026, 12, 14, 3, tzinfo=UTC)
    )
    for _ in range(2):
        sync_a.sync()
        sync_b.sync()

    for laptop in (a, b):
        worker = session_for(laptop, "w", "其其格", Role.WORKER, (GRID,))
        assert laptop.get(Dispute, dispute.id).title == "草场边界争执"
        assert laptop.get(Incident, incident.id).summary == "草场边界争执"
        assert finding_of(laptop, "disputes", dispute.id) is not None
        assert finding_of(laptop, "incidents", incident.id) is not None
        [(label, named)] = turned_both_ways(laptop, worker)
        assert (label, named.id) == (grids.label(laptop, GRID), found.id)
    b.delete(Dispute, dispute.id)
    sync_b.sync()
    sync_a.sync()
    assert turned_both_ways(a, session_for(a, "w", "其其格", Role.WORKER, (GRID,))) == []
    assert a.get(Incident, incident.id).summary == "草场边界争执"
