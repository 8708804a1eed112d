"""Every screen at 1280×800, at 100% and at 150% text, in Chinese and in English: no label, button,
group title or column header is cut. A widget is cut when its layout gave it less than it needs
to show its text (its minimum size hint; a wrapping label, the height its width needs), a column
header when its section is narrower than its title, a navigation entry when the list is narrower
than its text (or it scrolls sideways); a list screen's list keeps at least half its width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QStyle,
    QWidget,
)

from app.demo.conflicts import disagree
from app.keyring import KeyRing
from app.models import Dispute, DisputeCategory, Grid, User, Visit
from app.services.disputes import register_dispute
from app.services.reviews import send_back
from app.services.session import Session, session_for
from app.store import Store
from tests.ui.conftest import open_same
from ui import i18n, preferences
from ui.entries import EntryTable
from ui.forms.activity_form import ActivityForm
from ui.forms.dispute_form import DisputeForm
from ui.forms.household_form import HouseholdForm
from ui.forms.meeting_form import MeetingForm
from ui.forms.patrol_form import PatrolForm
from ui.forms.screening_form import ScreeningForm
from ui.forms.team_form import TeamForm
from ui.forms.visit_form import VisitForm
from ui.forms.volunteer_form import VolunteerForm
from ui.login import LoginDialog
from ui.main_window import MainWindow
from ui.screens.dispute_steps import DisputeSteps
from ui.screens.list_screen import ListScreen
from ui.sync_controller import SyncController

SIZE = (1280, 800)


def text_of(widget: QWidget) -> str:
    if isinstance(widget, QGroupBox):
        return widget.title()
    return widget.currentText() if isinstance(widget, QComboBox) else widget.text()


def cut(root: QWidget) -> list[str]:
    """What in ``root`` (visible widgets only) shows less than its text."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        name = f"{type(widget).__name__} {widget.objectName()}".strip()
        if isinstance(widget, QLabel | QAbstractButton | QGroupBox | QComboBox) and text_of(widget):
            text = text_of(widget)[:30]
            if isinstance(widget, QLabel) and widget.wordWrap():
                needed = widget.heightForWidth(widget.width())
                if widget.height() < needed:
                    found.append(f"{name} {text!r}: {widget.height()} high, needs {needed}")
                continue
            hint = widget.minimumSizeHint()
            if widget.width() < hint.width() or widget.height() < hint.height():
                shown = f"{widget.width()}×{widget.height()}"
                found.append(f"{name} {text!r}: {shown}, needs {hint.width()}×{hint.height()}")
        if isinstance(widget, QHeaderView) and widget.orientation() == Qt.Orientation.Horizontal:
            found += short_sections(widget)
        if isinstance(widget, EntryTable):
            found += entries_cut(widget)
    return found


def entries_cut(table: EntryTable) -> list[str]:
    """工作台 entries whose first line does not show what the entry is: its kind and who or what
    it is about (a name whole; of a sentence, its first eight characters), as 走… once showed of
    走访 · 乌云 · 上门办理. The rest of the line, when and a comment may end in "…"."""
    found = []
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    room = table.columnWidth(0) - margin
    model = table.entries_model
    for row, entry in enumerate(model.entries):
        what = model.shown(row).split("\n")[0]
        title = entry.title[:8]
        named = what[: what.index(title) + len(title)] if title in what else what
        needed = table.fontMetrics().horizontalAdvance(named)
        if needed > room:
            found.append(f"entry {what!r}: {room} px for {named!r}, which needs {needed}")
    return found


def short_sections(header: QHeaderView) -> list[str]:
    found = []
    for section in range(header.count()):
        size, needed = header.sectionSize(section), header.sectionSizeHint(section)
        if not header.isSectionHidden(section) and size < needed:
            title = header.model().headerData(section, Qt.Orientation.Horizontal)
            found.append(f"column {title!r}: {size}, needs {needed}")
    return found


def squeezed(screen: QWidget) -> list[str]:
    """A list screen whose list the pane beside it leaves less than half the width (the English
    screening list once kept 200 px of 1050, its first column)."""
    if not isinstance(screen, ListScreen):
        return []
    whole = screen.table.width() + screen.detail.width()
    if screen.table.width() < whole / 2:
        return [f"the list gets {screen.table.width()} of {whole} px"]
    return []


def nav_cut(window: MainWindow) -> list[str]:
    nav = window.nav
    found = []
    for row in range(nav.count()):
        item = nav.item(row)
        if (
            not item.isHidden()
            and nav.visualItemRect(item).width() < nav.sizeHintForIndex(nav.model().index(row, 0)).width()
        ):
            found.append(f"nav {item.text()!r}")
    if nav.horizontalScrollBar().isVisible():
        found.append("nav scrolls sideways")
    return found


@pytest.fixture(params=["zh_CN", "en"])
def language(request, qapp) -> Iterator[str]:
    i18n.install_translator(qapp, request.param)
    yield request.param
    i18n.install_translator(qapp, i18n.DEFAULT_LANGUAGE)


@pytest.fixture(params=[100, 150])
def scale(request) -> Iterator[int]:
    preferences.apply_text_scale(request.param)
    yield request.param
    preferences.apply_text_scale(preferences.DEFAULT_TEXT_SCALE)


def supervisor_of(store: Store) -> Session:
    user = store.find(User, "role = 'supervisor'", order_by="username", limit=1)[0]
    return session_for(store, user.username, user.display_name, user.role, tuple(user.grids))


def walk(qtbot, store: Store, path: Path, session: Session) -> list[str]:
    controller = SyncController(store, lambda: open_same(path), automatic=False)
    window = MainWindow(store, session, path, controller)
    window.resize(*SIZE)
    window.show()
    found = []
    try:
        for row in range(window.nav.count()):
            if window.nav.item(row).isHidden():
                continue
            window.nav.setCurrentRow(row)
            QApplication.processEvents()
            assert (window.width(), window.height()) == SIZE, f"{window.nav.item(row).text()} needs more room"
            found += [f"{window.nav.item(row).text()}: {problem}" for problem in cut(window)]
            found += [f"{window.nav.item(row).text()}: {problem}" for problem in squeezed(window.screen(row))]
        found += nav_cut(window)
    finally:
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return found


def test_every_screen_of_a_worker_fits(
    qtbot, demo: Store, demo_path: Path, session: Session, language, scale
) -> None:
    # Sent back with a long comment, so 工作台's 退回待修改 has an entry to fit.
    [visit] = demo.find(Visit, "author = ?", [session.username], limit=1)
    supervisor = supervisor_of(demo)
    send_back(demo, supervisor, "visits", visit.id, "请补充：入户照片和签字确认的材料，并写明下次回访日期")
    problems = walk(qtbot, demo, demo_path, session)
    assert not problems, "\n".join(problems)


def test_every_screen_of_a_supervisor_fits(qtbot, demo: Store, demo_path: Path, language, scale) -> None:
    supervisor = supervisor_of(demo)
    grid = demo.find(Grid, "parent_code = ?", [supervisor.grids[0]], limit=1)[0].code
    dispute = register_dispute(
        demo, Dispute(grid=grid, author="w", title="草场界桩冲突", category=DisputeCategory.GRASSLAND)
    )
    disagree(demo, dispute, "outcome", "", "双方同意赔偿两千元", ("巴彦嘎查-王芳", "巴彦嘎查-李强"))
    problems = walk(qtbot, demo, demo_path, supervisor)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "form",
    [
        HouseholdForm,
        VisitForm,
        DisputeForm,
        ActivityForm,
        PatrolForm,
        TeamForm,
        ScreeningForm,
        VolunteerForm,
        MeetingForm,
    ],
)
def test_every_form_fits(qtbot, demo: Store, session: Session, language, scale, form) -> None:
    shown = form(demo, session)
    qtbot.addWidget(shown)
    shown.show()
    if isinstance(shown, HouseholdForm):
        shown.add_resident()
    elif isinstance(shown, DisputeForm):
        shown.parties.add()
    elif isinstance(shown, ScreeningForm):
        shown.findings.add()
    QApplication.processEvents()
    problems = cut(shown)
    shown.dirty = False
    assert not problems, "\n".join(problems)


def test_the_login_dialog_fits(qtbot, demo: Store, demo_path: Path, language, scale) -> None:
    dialog = LoginDialog(KeyRing.for_database(demo_path), hint="演示版：所有账户的密码均为 tongxin2026")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText("wrong-password")
    dialog.try_login()
    QApplication.processEvents()
    problems = cut(dialog)
    assert not problems, "\n".join(problems)


def test_the_mediation_step_dialogs_fit(qtbot, demo: Store, session: Session, language, scale) -> None:
    grid = demo.find(Grid, "level = 'village'", limit=1)[0].code
    dispute = register_dispute(
        demo, Dispute(grid=grid, author="w", title="草场界桩冲突", category=DisputeCategory.GRASSLAND)
    )
    steps = DisputeSteps(demo, session)
    qtbot.addWidget(steps)
    steps.show_for(dispute)
    for open_step in (
        steps.record_session,
        steps.refer,
        steps.resolve,
        steps.take_back,
        steps.confirm_judicially,
    ):
        open_step()
        dialog = steps.dialog
        assert dialog is not None
        QApplication.processEvents()
        problems = cut(dialog)
        dialog.reject()
        assert not problems, "\n".join(problems)
