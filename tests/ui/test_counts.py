"""Item 6 of the first hour: one number for what waits to sync, counted in records. A household
saved with two residents is "1 条记录待同步" on 工作台, in the status bar and on 同步 alike, at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.models import Gender, Role
from app.services.session import session_for
from app.store import Store
from tests.conftest import GRID
from tests.ui.typing import type_text
from ui.main_window import HOUSEHOLDS, SYNC, WORKBENCH, MainWindow
from ui.screens.sync_screen import SyncScreen
from ui.screens.workbench import WorkbenchScreen
from ui.sync_controller import SyncController


def test_a_household_with_two_residents_is_one_record_waiting_everywhere(
    qtbot, store: Store, db_path: Path
) -> None:
    with store.transaction():  # the grid itself came from the server
        store.set_meta("acked_seq", str(store.db.execute("SELECT max(seq) FROM change_log").fetchone()[0]))
    worker = session_for(store, "worker101", "阿如娜", Role.WORKER, (GRID,))
    window = MainWindow(store, worker, db_path, SyncController(store, lambda: store, automatic=False))
    qtbot.addWidget(window)
    window.show()
    workbench = window.screen(WORKBENCH)
    sync = window.screen(SYNC)
    assert isinstance(workbench, WorkbenchScreen) and isinstance(sync, SyncScreen)
    assert workbench.waiting.text() == window.status.pending.text() == "0 条记录待同步"

    form = window.new_record(HOUSEHOLDS)
    type_text(qtbot, form.rows["head_name"].editor.edit, "乌云其木格")
    type_text(qtbot, form.rows["address"].editor.edit, "巴彦嘎查2组7号")
    for name in ("乌云其木格", "巴特尔"):
        resident = form.add_resident()
        type_text(qtbot, resident.rows["name"].editor.edit, name)
        gender = resident.rows["gender"].editor.combo
        gender.setCurrentIndex(gender.findData(Gender.FEMALE.value))
        gender.activated.emit(gender.currentIndex())
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert store.pending_changes() == 3  # the household and its two residents: three rows, one record
    assert window.status.pending.text() == "1 条记录待同步"
    window.nav.setCurrentRow(WORKBENCH)
    assert workbench.waiting.text() == "1 条记录待同步"
    window.nav.setCurrentRow(SYNC)
    assert sync.pending.text() == "1 条记录待同步"
    assert not sync.bar.isVisible()  # no sync has run: no bar reading 0%
