"""Child process for the draft test: opens the app's window on a database, types into a new
visit form, says so once the draft is on disk, then waits to be killed."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.demo.database import demo_key
from app.services.drafts import drafts
from app.services.session import default_session
from app.store import Store
from ui.main_window import VISITS, MainWindow
from ui.sync_controller import SyncController


def main(database: Path, summary: str) -> None:
    qt = QApplication([])
    QCoreApplication.setOrganizationName("TongxinDraftTest")
    store = Store.open(database, demo_key(database))
    controller = SyncController(store, lambda: store, automatic=False)
    window = MainWindow(store, default_session(store), database, controller)
    window.show()
    form = window.new_record(VISITS)
    form.rows["summary"].editor.edit.insertPlainText(summary)
    deadline = time.monotonic() + 10
    while not drafts(store) and time.monotonic() < deadline:
        qt.processEvents()
        time.sleep(0.05)
    print("drafted" if drafts(store) else "no draft", flush=True)
    while True:
        qt.processEvents()
        time.sleep(0.05)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
