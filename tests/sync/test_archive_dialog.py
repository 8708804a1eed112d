"""A worker, online, finds an archived dispute on the server by typing part of its title and brings
it back to the laptop from the dialog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from app.models import Dispute, DisputeCategory, DisputeStatus, ReviewState
from app.services.archiving import archive_now
from tests.harness.laptops import Laptop
from tests.ui.typing import type_text
from ui.archive_dialog import ArchiveDialog
from ui.i18n import install_translator

Laptops = Callable[..., list[Laptop]]
LATER = datetime.now(UTC) + timedelta(days=800)


def test_a_worker_finds_an_archived_dispute_and_brings_it_back(qtbot, qapp, laptops: Laptops) -> None:
    install_translator(qapp, "zh_CN")
    (a,) = laptops(1)
    dispute = a.ui.save(
        Dispute(
            grid=a.grid,
            author="worker101",
            title="草场边界纠纷",
            location="北梁",
            category=DisputeCategory.GRASSLAND,
            status=DisputeStatus.CLOSED,
            review_state=ReviewState.APPROVED,
        )
    )
    a.sync()
    assert archive_now(a.ui, a.path, now=LATER).records == 1
    dialog = ArchiveDialog(a.open_sync_store, a.ui)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.query, "边界")
    qtbot.mouseClick(dialog.search_button, Qt.MouseButton.LeftButton)

    def found() -> None:  # on a timeout, what the dialog said is in the report
        assert dialog.hits.count() == 1, dialog.outcome.text()

    qtbot.waitUntil(found, timeout=15_000)
    assert dialog.hits.item(0).text() == "草场边界纠纷 · 北梁 （纠纷）"
    qtbot.mouseClick(dialog.bring_back_button, Qt.MouseButton.LeftButton)

    def brought() -> None:
        assert "已取回" in dialog.outcome.text(), dialog.outcome.text()

    qtbot.waitUntil(brought, timeout=15_000)
    assert a.ui.get(Dispute, dispute.id).title == "草场边界纠纷"
