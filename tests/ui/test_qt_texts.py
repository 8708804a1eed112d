"""Item 4 of the first hour: Qt's own buttons speak the window's language — the mediation step
dialog's 确定/取消 and the 丢弃/取消 asked before throwing a form away are Chinese in a Chinese
window and English in an English one."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from app.models import Dispute, DisputeCategory, Household
from app.services.disputes import register_dispute
from app.store import Store
from tests.ui.typing import type_text
from ui import i18n
from ui.main_window import DISPUTES, HOUSEHOLDS, MainWindow
from ui.screens.disputes import DisputesScreen


def _step_dialog_buttons(qtbot, window: MainWindow, demo: Store) -> list[str]:
    grid = demo.find(Household, limit=1)[0].grid
    registered = Dispute(
        grid=grid, author="worker101", title="草场边界纠纷", category=DisputeCategory.GRASSLAND
    )
    register_dispute(demo, registered, [])
    window.nav.setCurrentRow(DISPUTES)
    screen = window.screen(DISPUTES)
    assert isinstance(screen, DisputesScreen)
    screen.select_record(str(registered.id))
    qtbot.mouseClick(screen.steps.buttons["accept"], Qt.MouseButton.LeftButton)
    dialog = screen.steps.dialog
    assert dialog is not None
    buttons = dialog.findChild(QDialogButtonBox)
    texts = [
        buttons.button(b).text()
        for b in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel)
    ]
    dialog.reject()
    return texts


def test_the_mediation_step_dialog_says_ok_and_cancel_in_chinese(
    qtbot, window: MainWindow, demo: Store
) -> None:
    assert _step_dialog_buttons(qtbot, window, demo) == ["确定", "取消"]


def test_and_in_english_when_the_window_is_english(qtbot, qapp, window: MainWindow, demo: Store) -> None:
    i18n.install_translator(qapp, "en")
    assert _step_dialog_buttons(qtbot, window, demo) == ["OK", "Cancel"]


def test_closing_a_typed_form_asks_with_chinese_buttons(qtbot, window: MainWindow) -> None:
    form = window.new_record(HOUSEHOLDS)
    type_text(qtbot, form.rows["head_name"].editor.edit, "巴特尔")
    seen: list[list[str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append([button.text() for button in box.buttons()])
        box.button(QMessageBox.StandardButton.Discard).click()

    QTimer.singleShot(50, answer)
    form.close()
    assert sorted(seen[0]) == sorted(["丢弃", "取消"])
