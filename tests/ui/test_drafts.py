"""A form left open when the laptop dies comes back on the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.models import Household, Visit
from app.services.drafts import drafts
from app.services.session import default_session
from app.store import Store
from tests.ui.conftest import open_same
from ui.forms.visit_form import VisitForm
from ui.main_window import MainWindow
from ui.sync_controller import SyncController

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = "牧民反映草场围栏被损坏，需要回访"


def _killed_while_typing(database: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.draft_writer", str(database), SUMMARY],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "drafted"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()


@pytest.mark.real_kdf  # the child process opens the demo's accounts file
def test_a_draft_left_by_a_killed_process_is_offered_and_restored(
    qtbot, demo: Store, demo_path: Path
) -> None:
    demo.close()
    _killed_while_typing(demo_path)
    store = open_same(demo_path)
    assert [d.kind for d in drafts(store)] == ["visit"]
    window = MainWindow(
        store, default_session(store), demo_path, SyncController(store, lambda: store, automatic=False)
    )
    qtbot.addWidget(window)
    window.show()
    dialog = window.offer_drafts()
    assert dialog is not None and dialog.isVisible()
    draft = drafts(store)[0]
    qtbot.mouseClick(dialog.findChild(QPushButton, f"restore_{draft.id}"), Qt.MouseButton.LeftButton)
    form = window.forms[-1]
    assert isinstance(form, VisitForm)
    assert form.rows["summary"].editor.raw() == SUMMARY
    assert not dialog.isVisible()

    household = store.find(Household, limit=1)[0]
    form.household.set_value(household.id, household.head_name)
    form.household.changed.emit()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert store.find(Visit, "summary = ?", [SUMMARY])
    assert drafts(store) == []
    window.close()
    store.close()


@pytest.mark.real_kdf  # the child process opens the demo's accounts file
def test_discarding_a_draft_removes_it(qtbot, demo: Store, demo_path: Path) -> None:
    demo.close()
    _killed_while_typing(demo_path)
    store = open_same(demo_path)
    window = MainWindow(
        store, default_session(store), demo_path, SyncController(store, lambda: store, automatic=False)
    )
    qtbot.addWidget(window)
    dialog = window.offer_drafts()
    draft = drafts(store)[0]
    qtbot.mouseClick(dialog.findChild(QPushButton, f"discard_{draft.id}"), Qt.MouseButton.LeftButton)
    assert drafts(store) == [] and window.forms == []
    assert window.offer_drafts() is None
    window.close()
    store.close()
