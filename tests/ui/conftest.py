"""UI fixtures: isolated QSettings, a small demo database, the main window over it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication

from app.demo.database import demo_key, open_demo
from app.models import Grid, GridLevel, Role
from app.services.session import Session, default_session, session_for
from app.store import Store
from tests.conftest import cheapen_argon2
from ui import i18n, preferences
from ui.fonts import install_fonts
from ui.main_window import MainWindow
from ui.sync_controller import SyncController
from ui.tasks import task_pool

DEMO_HOUSEHOLDS = 40


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every UI test logs in, so each would pay argon2id's real cost: test costs instead, except
    where a test keeps the real ones (a child process opening the same accounts file)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.cheap_kdf)


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, qapp) -> Iterator[None]:
    QCoreApplication.setOrganizationName(preferences.ORGANIZATION)
    QCoreApplication.setApplicationName(preferences.APPLICATION)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    translator = i18n.install_translator(qapp, i18n.DEFAULT_LANGUAGE)
    install_fonts()
    preferences.apply_text_scale(preferences.DEFAULT_TEXT_SCALE)
    yield
    # Every window of this test goes with it, and its timers (a list's 250 ms filter, a form's
    # draft) with them: none may fire in a later test against a store that test closed. Deleted,
    # not closed: closing a form with typing in it would ask whether to discard it.
    for widget in QApplication.topLevelWidgets():
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.removeTranslator(translator)
    preferences.apply_text_scale(preferences.DEFAULT_TEXT_SCALE)


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return tmp_path / "demo.db"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database made once per test session (at test argon2id costs); each test gets its
    own copy of the files, so none sees another's changes."""
    path = tmp_path_factory.mktemp("demo_template") / "demo.db"
    with pytest.MonkeyPatch.context() as patch:
        cheapen_argon2(patch)
        open_demo(path, households=DEMO_HOUSEHOLDS).close()
    return path


@pytest.fixture
def demo(request: pytest.FixtureRequest, demo_path: Path) -> Iterator[Store]:
    if request.node.get_closest_marker("real_kdf") is None:
        template = request.getfixturevalue("demo_template")
        for made in template.parent.iterdir():
            shutil.copy2(made, demo_path.with_name(made.name))
    with open_demo(demo_path, households=DEMO_HOUSEHOLDS) as store:
        yield store
        task_pool().waitForDone()  # a list page still loading must not meet a closed file


def banner_worker(store: Store) -> Session:
    """The demo's first worker, given the whole banner: most screens' stories are about a person
    working among many records. What a person's own grids leave out is test_scope_screens.py's."""
    first = default_session(store)
    [banner] = store.find(Grid, "level = ?", [GridLevel.BANNER_COUNTY.value])
    return session_for(store, first.username, first.display_name, Role.WORKER, (banner.code,))


@pytest.fixture
def session(demo: Store) -> Session:
    return banner_worker(demo)


def open_same(path: Path) -> Store:
    return Store.open(path, demo_key(path))


@pytest.fixture
def window(qtbot, demo: Store, demo_path: Path, session: Session) -> Iterator[MainWindow]:
    controller = SyncController(demo, lambda: open_same(demo_path), automatic=False)
    shown = MainWindow(demo, session, demo_path, controller)
    shown.show()
    yield shown
    # Gone before the store closes: a pending filter timer must not query a closed file.
    shown.close()
    shown.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
