"""Photos kept with a record (an activity's pictures): chosen from disk, stored encrypted in the
database at once, listed on the record by their SHA-256 and synced as attachments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget

from app.errors import InvalidValue
from app.services.attachments import add_attachment
from app.store import Store
from ui import palette
from ui.forms.fields import FieldEditor
from ui.i18n import in_language

MEDIA_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}


class PhotoList(FieldEditor):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._photos: list[str] = []
        self.count = QLabel()
        self.problem = QLabel()
        self.problem.setObjectName("photo_problem")
        self.problem.setStyleSheet(palette.ERROR_STYLE)
        add = QPushButton(self.tr("Add photos…"))
        add.setObjectName("add_photos")
        add.clicked.connect(self.choose)
        self._layout.addWidget(self.count)
        self._layout.addWidget(add)
        self._layout.addWidget(self.problem, 1)
        self.setFocusProxy(add)
        self._show()

    def choose(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("Choose photos"), "", self.tr("Photos (*.jpg *.jpeg *.png)")
        )
        for path in paths:
            self.attach(Path(path))

    def attach(self, path: Path) -> None:
        """Keep one photo; a file that cannot be kept is named beside the button, nothing else lost."""
        try:
            data = path.read_bytes()
            sha256 = add_attachment(
                self.store, data, name=path.name, media_type=MEDIA_TYPES.get(path.suffix.lower(), "")
            )
        except OSError as exc:
            self.problem.setText(
                self.tr("Cannot read %1: %2").replace("%1", path.name).replace("%2", str(exc))
            )
            return
        except InvalidValue as exc:
            self.problem.setText(path.name + in_language("：", ": ") + in_language(exc.zh, exc.en))
            return
        self.problem.clear()
        if sha256 not in self._photos:
            self._photos.append(sha256)
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        self.count.setText(self.tr("%1 photos").replace("%1", str(len(self._photos))))

    def value(self) -> list[str]:
        return list(self._photos)

    def raw(self) -> list[str]:
        return list(self._photos)

    def set_raw(self, raw: Any) -> None:
        self._photos = list(raw or [])
        self._show()
