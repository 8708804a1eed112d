"""Item 7 of the first hour: what a sync brings shows at once. A supervisor's laptop has the review
queue open, the visit list and 工作台 built behind it; a worker's visit arrives by sync; the queue
redraws there and then, and the list and 工作台 show it when the supervisor turns to them."""

from __future__ import annotations

from pathlib import Path

from app.models import Role
from app.services.session import session_for
from app.services.visits import record_visit
from app.store import Store, new_key
from sync.engine import SyncEngine
from tests.conftest import make_household, make_visit
from tests.harness.devices import device
from tests.sync.conftest import FreshGrid
from ui.i18n import install_translator
from ui.main_window import REVIEW, VISITS, WORKBENCH, MainWindow
from ui.screens.review_screen import ReviewScreen
from ui.screens.visits import VisitsScreen
from ui.screens.workbench import WorkbenchScreen
from ui.sync_controller import SyncController


def test_a_synced_visit_shows_in_the_open_queue_at_once_and_in_the_list_when_turned_to(
    qtbot, qapp, fresh_grid: FreshGrid, tmp_path: Path
) -> None:
    install_translator(qapp, "zh_CN")
    base, codes = fresh_grid
    laptop, laptop_sync = device(tmp_path, "worker", base, codes[0])
    path, key = tmp_path / "office.db", new_key()
    office = Store.open(path, key)
    SyncEngine(office).enroll(base, codes[1], "office")
    supervisor = session_for(office, "supervisor1", "张主任", Role.SUPERVISOR, (fresh_grid.grid,))
    controller = SyncController(office, lambda: Store.open(path, key), automatic=False)
    window = MainWindow(office, supervisor, path, controller)
    qtbot.addWidget(window)
    window.show()
    visits = window.screen(VISITS)
    workbench = window.screen(WORKBENCH)
    window.nav.setCurrentRow(REVIEW)
    queue = window.screen(REVIEW)
    assert isinstance(queue, ReviewScreen) and isinstance(visits, VisitsScreen)
    assert isinstance(workbench, WorkbenchScreen)
    assert queue.waiting == [] and visits.model.rowCount() == 0

    household = laptop.save(make_household(grid=fresh_grid.grid))
    visit = record_visit(laptop, make_visit(household, summary="入户走访，了解用水困难"))
    laptop_sync.sync()
    with qtbot.waitSignal(controller.finished, timeout=30_000) as done:
        controller.start()  # as the automatic sync does, with nobody on the 同步 screen
    assert done.args == [True]

    assert [w.record_id for w in queue.waiting] == [str(visit.id)]
    assert queue.count.text() == "1 条待审核"
    window.nav.setCurrentRow(VISITS)
    assert [row["id"] for row in visits.model.rows] == [str(visit.id)]
    window.nav.setCurrentRow(WORKBENCH)
    assert any("入户走访，了解用水困难" in line for line in workbench.cards["recent"].lines())
    assert window.status.pending.text() == "0 条记录待同步"
    window.close()
    laptop.close()
    office.close()
