"""一案一卷: one PDF per dispute, read back with pdftotext, holding every section — registration,
parties, sessions, agreement, follow-ups, referrals, the step timeline and the reviews."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from app.models import (
    Dispute,
    DisputeCategory,
    DisputeParty,
    MediationMethod,
    MediationSession,
    MediationTrack,
    PartyRole,
    ReferralBody,
    Role,
    User,
    Visit,
    VisitType,
)
from app.services import disputes as flow
from app.services import reviews
from app.services.dispute_file import dispute_file
from app.services.session import Session
from app.store import Store
from tests.conftest import GRID, make_household, valid_id_number
from tests.ui.pdf_text import median_word_height
from ui import calendar_day
from ui.dispute_file_pdf import SECTIONS, write_case_file
from ui.main_window import DISPUTES, MainWindow
from ui.screens.disputes import DisputesScreen

ZONE = ZoneInfo("Asia/Shanghai")
WORKER = Session("worker101", "王芳", Role.WORKER, (GRID,))
SUPERVISOR = Session("supervisor1", "张伟", Role.SUPERVISOR, (GRID,))
PARTY_ID = valid_id_number()
# Every step at a moment of its own, a local day apart, long past.
START = datetime(2026, 3, 2, 1, tzinfo=UTC)


def _at(days: int) -> datetime:
    return START + timedelta(days=days)


def _whole_case(store: Store) -> Dispute:
    """A dispute taken through every stage: registered with two parties, referred to the judicial
    office and taken back, mediated in a session, agreed, followed up twice, approved."""
    store.save(
        User(
            grid=GRID,
            author="admin",
            username="worker101",
            display_name="王芳",
            role=Role.WORKER,
            grids=[GRID],
        )
    )
    store.guard = WORKER.admit
    dispute = Dispute(
        grid=GRID,
        author="worker101",
        title="牲畜践踏草场赔偿纠纷",
        category=DisputeCategory.LIVESTOCK_DAMAGE,
        location="巴彦嘎查三组",
        description="羊群进入邻户草场，啃食牧草约二十亩",
        occurred_on=date(2026, 3, 1),
        created_at=START,
    )
    parties = [
        DisputeParty(
            grid=GRID,
            author="worker101",
            dispute_id=dispute.id,
            role=PartyRole.APPLICANT,
            name="巴特尔",
            id_number=PARTY_ID,
            phone="13912345678",
        ),
        DisputeParty(
            grid=GRID,
            author="worker101",
            dispute_id=dispute.id,
            role=PartyRole.RESPONDENT,
            name="其其格·乌力吉",
        ),
    ]
    flow.register_dispute(store, dispute, parties)
    flow.accept(store, dispute.id, flow.Acceptance(at=_at(1)), by="worker101")
    flow.start_mediation(store, dispute.id, flow.MediationStart(mediator="张华", at=_at(2)), by="worker101")
    flow.refer(
        store,
        dispute.id,
        flow.Referral(
            to=ReferralBody.JUDICIAL_OFFICE,
            reference_no="司调〔2026〕17号",
            track_from=MediationTrack.PEOPLES,
            track_to=MediationTrack.ADMINISTRATIVE,
            reason="赔偿金额分歧大，需司法所调解",
            at=_at(3),
        ),
        by="worker101",
    )
    flow.take_back(
        store,
        dispute.id,
        flow.TakeBack(
            reason="司法所出具意见后退回嘎查继续调解",
            track_from=MediationTrack.ADMINISTRATIVE,
            track_to=MediationTrack.PEOPLES,
            at=_at(5),
        ),
        by="worker101",
    )
    flow.add_session(
        store,
        MediationSession(
            grid=GRID,
            author="worker101",
            dispute_id=dispute.id,
            held_at=_at(6),
            track=MediationTrack.PEOPLES,
            method=MediationMethod.ON_SITE,
            mediators=["张华", "娜仁"],
            notes="现场测量受损草场面积",
        ),
    )
    flow.resolve(
        store,
        dispute.id,
        flow.Resolution(
            outcome="双方同意按受损面积赔偿",
            agreement="一、被申请人赔偿申请人草场损失人民币三千元。\n二、双方今后共同维护网围栏。",
            at=_at(7),
        ),
        by="worker101",
        zone=ZONE,
    )
    household = store.save(make_household())
    for number, follow_up in enumerate(flow.follow_ups_of(store, dispute.id)[:1]):
        flow.record_follow_up(
            store,
            follow_up.id,
            Visit(
                grid=GRID,
                author="worker101",
                household_id=household.id,
                visitor="worker101",
                visited_at=_at(14 + number),
                visit_type=VisitType.ROUTINE,
                summary="回访：赔偿款已付清，双方无异议",
            ),
        )
    store.guard = SUPERVISOR.admit
    reviews.approve(store, SUPERVISOR, "disputes", dispute.id, "材料齐全")
    return store.get(Dispute, dispute.id)


def _text(path: Path) -> str:
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return "".join(text.stdout.split())


@pytest.mark.parametrize("session", [SUPERVISOR, WORKER], ids=["supervisor", "worker"])
def test_the_case_file_holds_every_section(store: Store, tmp_path: Path, qapp, session: Session) -> None:
    dispute = _whole_case(store)
    path = write_case_file(
        tmp_path / "卷宗.pdf", dispute_file(store, session, dispute.id), ZONE, "2026年4月1日"
    )
    flat = _text(path)
    for title in SECTIONS:
        assert title in flat, title
    for expected in (
        "矛盾纠纷调解卷宗（一案一卷）",
        "牲畜践踏草场赔偿纠纷",
        "巴彦嘎查三组",
        "羊群进入邻户草场，啃食牧草约二十亩",
        "2026-03-0209:00",  # registered at 01:00 UTC, 09:00 in Hohhot
        "巴特尔",
        "其其格·乌力吉",
        "13912345678",
        "现场测量受损草场面积",
        "张华、娜仁",
        "被申请人赔偿申请人草场损失人民币三千元",
        "双方今后共同维护网围栏",
        "回访：赔偿款已付清，双方无异议",
        "未回访",  # the 30-day follow-up is still to do
        "司法所",
        "司调〔2026〕17号",
        "赔偿金额分歧大，需司法所调解",
        "人民调解→行政调解",
        "已登记",
        "已受理→调解中",
        "材料齐全",
        "登记人王芳",  # the account's name, not its username
        "打印日期：2026年4月1日",
    ):
        assert expected in flat, expected
    shown = PARTY_ID if session is SUPERVISOR else PARTY_ID[:6] + "********" + PARTY_ID[-4:]
    assert shown in flat
    if session is WORKER:
        assert PARTY_ID not in flat
    assert median_word_height(path) > 8, "10 pt text printed at its size"


def test_a_disputes_case_file_is_saved_to_documents_from_its_screen(
    qtbot, window: MainWindow, demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    (tmp_path / "Documents").mkdir()
    monkeypatch.setattr(calendar_day, "local_today", lambda: date(2026, 4, 1))
    grid = window.session.grids[-1]
    record = Dispute(
        grid=grid, author=window.session.username, title="饮水井 使用纠纷", category=DisputeCategory.GRASSLAND
    )
    flow.register_dispute(
        demo,
        record,
        [
            DisputeParty(
                grid=grid,
                author=window.session.username,
                dispute_id=record.id,
                role=PartyRole.APPLICANT,
                name="乌兰",
            )
        ],
    )
    window.nav.setCurrentRow(DISPUTES)
    screen = window.screen(DISPUTES)
    assert isinstance(screen, DisputesScreen)
    assert not screen.case_button.isEnabled()
    screen.select_record(str(record.id))
    assert screen.case_button.isEnabled()
    qtbot.mouseClick(screen.case_button, Qt.MouseButton.LeftButton)
    assert not screen.case_button.isEnabled()  # printing: not twice at once
    qtbot.waitUntil(lambda: screen.case_task is None, timeout=20_000)
    saved = tmp_path / "Documents" / "一案一卷_饮水井_使用纠纷_2026-04-01.pdf"
    assert saved.exists() and str(saved) in screen.case_state.text()
    flat = _text(saved)
    assert "饮水井使用纠纷" in flat and "七、办理流程" in flat and "乌兰" in flat and "已登记" in flat
    qtbot.mouseClick(screen.case_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.case_task is None, timeout=20_000)
    assert (tmp_path / "Documents" / "一案一卷_饮水井_使用纠纷_2026-04-01(2).pdf").exists()
