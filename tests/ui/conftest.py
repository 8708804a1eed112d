"""UI fixtures: isolated QSettings, a small demo database, the main window over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QThreadPool

from app.demo.database import demo_key, open_demo
from app.models import Grid, GridLevel, Role
from app.services.session import Session, default_session, session_for
from app.store import Store
from ui import i18n, preferences
from ui.fonts import install_fonts
from ui.main_window import MainWindow
from ui.sync_controller import SyncController

DEMO_HOUSEHOLDS = 40


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
    qapp.removeTranslator(translator)
    preferences.apply_text_scale(preferences.DEFAULT_TEXT_SCALE)


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return tmp_path / "demo.db"


@pytest.fixture
def demo(demo_path: Path) -> Iterator[Store]:
    with open_demo(demo_path, households=DEMO_HOUSEHOLDS) as store:
        yield store
        QThreadPool.globalInstance().waitForDone()  # a list page still loading must not meet a closed file


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
