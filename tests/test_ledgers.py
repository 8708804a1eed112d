"""Ledger exports: the .xlsx opened with openpyxl holds the expected headers and rows; ID numbers
are masked unless a supervisor exports them in full, which the audit history records; the monthly
PDF's text carries the report's figures."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from app.models import AuditEvent, Dispute, DisputeCategory, DisputeParty, PartyRole, Role
from app.services.dashboard import figures
from app.services.disputes import register_dispute
from app.services.ledgers import LedgerRequest, export_ledger, ledger_columns, ledger_names, ledger_query
from app.services.registry import register_household
from app.services.session import PermissionDenied, Session
from app.services.visits import record_visit
from app.store import Store
from tests.conftest import GRID, make_household, make_resident, make_visit, valid_id_number

ZONE = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.dates
# The visits are recorded as of this moment and the ranges asked from its local day: 1 March in
# Hohhot, still 28 February in UTC.
NOW = datetime(2026, 2, 28, 17, 30, tzinfo=UTC)
TODAY = NOW.astimezone(ZONE).date()
WORKER = Session("worker101", "王芳", Role.WORKER, (GRID,))
SUPERVISOR = Session("supervisor1", "张伟", Role.SUPERVISOR, (GRID,))
HEAD_ID = valid_id_number()


@pytest.fixture
def recorded(store: Store) -> Store:
    household = make_household(head_name="巴特尔")
    register_household(
        store,
        household,
        [
            make_resident(
                household, name="巴特尔", id_number=HEAD_ID, gender="male", birth_date=date(1988, 4, 17)
            )
        ],
    )
    for days, summary in ((40, "了解草场补贴发放情况"), (3, "协助办理医保缴费"), (1, "宣传防火知识")):
        record_visit(store, make_visit(household, visited_at=NOW - timedelta(days=days), summary=summary))
    register_dispute(
        store,
        dispute := Dispute(
            grid=GRID,
            author="worker101",
            title="草场边界纠纷",
            category=DisputeCategory.GRASSLAND,
            created_at=NOW,
        ),
        [
            DisputeParty(
                grid=GRID,
                author="worker101",
                dispute_id=dispute.id,
                role=PartyRole.APPLICANT,
                name="巴特尔",
                id_number=HEAD_ID,
            )
        ],
    )
    return store


def _sheet(path: Path) -> list[list[object]]:
    return [
        list(row) for row in openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True)
    ]


def test_visits_ledger_has_chinese_headers_the_filtered_rows_and_masked_ids(
    recorded: Store, tmp_path: Path
) -> None:
    path = tmp_path / "走访台账.xlsx"
    since = TODAY - timedelta(days=10)
    rows = export_ledger(
        recorded, SUPERVISOR, LedgerRequest("visits", path, (GRID,), date_from=since), zone=ZONE
    )
    assert rows == 2
    sheet = _sheet(path)
    assert sheet[0][:5] == ["走访时间", "网格", "户主", "户主身份证号", "地址"]
    assert [row[7] for row in sheet[1:]] == ["协助办理医保缴费", "宣传防火知识"]
    assert {row[3] for row in sheet[1:]} == {HEAD_ID[:6] + "********" + HEAD_ID[-4:]}
    book = openpyxl.load_workbook(path)
    assert book.active.freeze_panes == "A2"
    assert book.active.column_dimensions["H"].width == 50
    assert recorded.count(AuditEvent) == 0


def test_full_id_numbers_are_a_supervisors_act_kept_in_the_audit_history(
    recorded: Store, tmp_path: Path
) -> None:
    path = tmp_path / "纠纷.xlsx"
    request = LedgerRequest("disputes", path, (GRID,), full_id_numbers=True)
    with pytest.raises(PermissionDenied):
        export_ledger(recorded, WORKER, request, zone=ZONE)
    assert not path.exists()
    export_ledger(recorded, SUPERVISOR, request, zone=ZONE)
    sheet = _sheet(path)
    assert sheet[0][8] == "当事人（身份证号）" and sheet[1][8] == f"巴特尔（{HEAD_ID}）"
    [event] = recorded.find(AuditEvent)
    assert (event.action, event.actor, event.author) == ("export_full_id_numbers", "张伟", "supervisor1")
    assert "矛盾纠纷台账" in event.detail and "1行" in event.detail


def test_a_worker_cannot_export_and_a_bad_range_is_refused(recorded: Store, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied, match="export"):
        export_ledger(recorded, WORKER, LedgerRequest("visits", tmp_path / "v.xlsx", (GRID,)), zone=ZONE)
    backwards = LedgerRequest(
        "visits",
        tmp_path / "v.xlsx",
        (GRID,),
        date_from=TODAY,
        date_to=TODAY - timedelta(days=1),
    )
    with pytest.raises(Exception, match="end date"):
        export_ledger(recorded, SUPERVISOR, backwards, zone=ZONE)
    with pytest.raises(PermissionDenied):
        export_ledger(
            recorded, SUPERVISOR, LedgerRequest("visits", tmp_path / "v.xlsx", ("152500101009",)), zone=ZONE
        )


def test_a_cancelled_export_leaves_no_file(
    recorded: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.services.ledgers.PAGE", 1)

    def cancel(done: int, total: int) -> None:
        raise KeyboardInterrupt

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(KeyboardInterrupt):
        export_ledger(
            recorded, SUPERVISOR, LedgerRequest("visits", out / "v.xlsx", (GRID,)), zone=ZONE, progress=cancel
        )
    assert list(out.iterdir()) == []


def test_the_monthly_pdf_carries_the_reports_figures(recorded: Store, tmp_path: Path, qapp) -> None:
    from ui.monthly_report import write_monthly_report

    shown = figures(recorded, SUPERVISOR, today=TODAY, zone=ZONE)
    path = tmp_path / "月报.pdf"
    write_monthly_report(path, shown, "巴彦嘎查", "张伟")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"本月走访：{shown.visits_this_month} 次" in text
    assert f"共 {shown.households} 户，未走访 {shown.unvisited_households} 户" in text
    assert "矛盾纠纷（本月登记）：共 1 件" in text and "草场土地承包及边界" in text
    assert "填报人：张伟" in text and "网格工作月报" in text


def test_a_cancel_at_the_very_end_still_leaves_no_file(recorded: Store, tmp_path: Path) -> None:
    """The last progress report comes before the file is written, so a late cancel wins cleanly."""

    def cancel_when_done(done: int, total: int) -> None:
        if done == total:
            raise KeyboardInterrupt

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(KeyboardInterrupt):
        export_ledger(
            recorded,
            SUPERVISOR,
            LedgerRequest("visits", out / "v.xlsx", (GRID,)),
            zone=ZONE,
            progress=cancel_when_done,
        )
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("name", sorted(ledger_names(ZONE)))
def test_every_registered_ledger_query_prepares_on_a_fresh_schema_with_its_named_columns(
    store: Store, name: str
) -> None:
    """A renamed table or column fails here, not in front of a supervisor; each value goes to the
    column of its own name."""
    request = LedgerRequest(name, Path("unused.xlsx"), (GRID,), date_from=TODAY, date_to=TODAY)
    sql, params = ledger_query(request, ZONE)
    cursor = store.db.conn.execute(sql, params)
    assert [column[0] for column in cursor.description] == ledger_columns(ZONE)[name]
    assert cursor.fetchall() == []
