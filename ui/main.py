"""``tongxin``: the desktop entry point.

Until the full grid-worker window lands this opens the database and shows what it holds, which
is enough to prove the packaged app, its encryption and its demo data work on a laptop.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QMainWindow, QWidget

from app import __version__, paths
from app.demo.database import open_demo
from app.keyfile import key_path_for, load_or_create_key
from app.models import BY_ENTITY
from app.services.overview import Overview, overview
from app.store import Store
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, install_translator


class OverviewWindow(QMainWindow):
    def __init__(self, database: Path, figures: Overview) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Tongxin Grid") + f" {__version__}")
        body = QWidget()
        form = QFormLayout(body)
        form.addRow(self.tr("Database"), QLabel(str(database)))
        labels = {
            "households": self.tr("Households"),
            "residents": self.tr("Residents"),
            "visits": self.tr("Visits"),
            "disputes": self.tr("Disputes"),
            "volunteer_activities": self.tr("Volunteer activities"),
        }
        for entity, count in figures.counts.items():
            form.addRow(labels.get(entity, BY_ENTITY[entity].__name__), QLabel(str(count)))
        form.addRow(self.tr("Changes waiting to sync"), QLabel(str(figures.pending_changes)))
        self.setCentralWidget(body)
        self.resize(560, 260)


def _open_store(args: argparse.Namespace) -> tuple[Path, Store]:
    if args.demo:
        database = Path(args.db) if args.db else paths.demo_database()
        return database, open_demo(database)
    database = Path(args.db) if args.db else paths.default_database()
    return database, Store.open(database, load_or_create_key(key_path_for(database)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tongxin", description="同心网格 Tongxin Grid")
    parser.add_argument("--demo", action="store_true", help="open the demo database (created on first use)")
    parser.add_argument("--db", help="database file")
    parser.add_argument("--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="interface language")
    args = parser.parse_args(argv)
    app = QApplication(sys.argv[:1])
    install_translator(app, args.lang)
    database, store = _open_store(args)
    with store:
        window = OverviewWindow(database, overview(store))
        window.show()
        return app.exec()


if __name__ == "__main__":
    sys.exit(main())
