"""Screenshots of every main screen for docs/screenshots (``python -m ui.screenshots``).

Run under a real X server (Xvfb) with CJK fonts installed so the pictures show what a worker
sees; each screen is opened the way a person would, with a row selected where there is a list.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from app.demo.database import open_demo
from app.keyfile import key_path_for, load_or_create_key
from app.services.session import default_session
from app.store import Store
from app.validation import check_digit
from ui.forms.household_form import HouseholdForm
from ui.i18n import install_translator
from ui.main_window import DISPUTES, HOUSEHOLDS, SETTINGS, SYNC, VISITS, VOLUNTEERING, WORKBENCH, MainWindow
from ui.screens.list_screen import ListScreen
from ui.sync_controller import SyncController

SCREENS = {
    "workbench": WORKBENCH,
    "households": HOUSEHOLDS,
    "visits": VISITS,
    "disputes": DISPUTES,
    "volunteering": VOLUNTEERING,
    "sync": SYNC,
    "settings": SETTINGS,
}


def _save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(f"wrote {path}")


def _household_form_with_error(window: MainWindow, out: Path) -> None:
    form = window.new_record(HOUSEHOLDS)
    assert isinstance(form, HouseholdForm)
    form.rows["head_name"].editor.set_raw("乌云其木格")
    form.rows["address"].editor.set_raw("巴彦嘎查2组7号")
    resident = form.add_resident()
    resident.rows["name"].editor.set_raw("乌云其木格")
    first17 = "15252219880417123"
    wrong = "0" if check_digit(first17) != "0" else "1"
    resident.rows["id_number"].editor.set_raw(first17 + wrong)
    for row in resident.rows.values():
        row.touched = True
    form.validate()
    form.resize(900, 640)
    _save(form, out / "household_form.png")
    form.dirty = False
    form.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName("TongxinScreenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
    install_translator(app, "zh_CN")
    database = Path(tempfile.mkdtemp()) / "demo.db"
    with open_demo(database) as store:
        key = load_or_create_key(key_path_for(database))
        sync = SyncController(store, lambda: Store.open(database, key), automatic=False)
        window = MainWindow(store, default_session(store), database, sync)
        window.resize(1280, 800)
        window.show()
        for name, number in SCREENS.items():
            window.nav.setCurrentRow(number)
            screen = window.screen(number)
            if isinstance(screen, ListScreen) and screen.model.rowCount():
                screen.table.selectRow(0)
            _save(window, args.out / f"{name}.png")
        _household_form_with_error(window, args.out)
        window.close()


if __name__ == "__main__":
    main()
