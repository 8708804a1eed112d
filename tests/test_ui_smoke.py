"""The desktop entry point opens the demo database and shows what it holds."""

from pathlib import Path

from PySide6.QtWidgets import QLabel

from app.demo.database import open_demo
from app.services.overview import overview
from ui.main import OverviewWindow


def test_overview_window_shows_the_demo_counts(qtbot, tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    with open_demo(database, households=30) as store:
        figures = overview(store)
    window = OverviewWindow(database, figures)
    qtbot.addWidget(window)
    window.show()
    shown = [label.text() for label in window.findChildren(QLabel)]
    assert "30" in shown
    assert str(figures.counts["residents"]) in shown
    assert str(database) in shown


def test_opening_the_demo_twice_does_not_seed_twice(tmp_path: Path) -> None:
    database = tmp_path / "demo.db"
    with open_demo(database, households=10) as store:
        first = overview(store).counts
    with open_demo(database, households=10) as store:
        assert overview(store).counts == first
