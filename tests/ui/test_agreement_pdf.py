"""The agreement prints to a PDF whose text holds the parties and the terms in Chinese."""

from __future__ import annotations

import subprocess
from pathlib import Path

from app.models import Dispute, DisputeCategory, DisputeParty, PartyRole
from tests.conftest import GRID
from tests.ui.pdf_text import median_word_height
from ui.agreement_pdf import agreement_pdf


def test_agreement_pdf_holds_parties_and_terms(qapp, tmp_path: Path) -> None:
    dispute = Dispute(
        grid=GRID,
        author="w",
        title="牲畜践踏草场赔偿纠纷",
        category=DisputeCategory.LIVESTOCK_DAMAGE,
        location="巴彦嘎查三组",
        mediator="张华",
        agreement="一、被申请人赔偿申请人草场损失人民币三千元。\n二、双方今后共同维护网围栏。",
    )
    parties = [
        DisputeParty(grid=GRID, author="w", dispute_id=dispute.id, role=PartyRole.APPLICANT, name="巴特尔"),
        DisputeParty(
            grid=GRID, author="w", dispute_id=dispute.id, role=PartyRole.RESPONDENT, name="其其格·乌力吉"
        ),
    ]
    pdf = tmp_path / "agreement.pdf"
    pdf.write_bytes(agreement_pdf(dispute, parties, "2026年11月29日"))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    for expected in (
        "人民调解协议书",
        "巴特尔",
        "其其格·乌力吉",
        "被申请人赔偿申请人草场损失人民币三千元",
        "双方今后共同维护网围栏",
        "申请人：巴特尔（签名）",
        "2026年11月29日",
    ):
        assert expected in flat, (expected, text)
    # Laid out for the screen, the 12 pt text printed a third as big (4 pt): unreadable when signed.
    assert median_word_height(pdf) > 10
