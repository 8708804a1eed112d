"""Pick a household, resident or volunteer by typing part of a name, its pinyin, an address or the
tail of a phone number — the person's grids searched as you type, each hit told apart from its
namesakes by its village, birth year, address and (where names match) the ID number's last four."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.services.pickers import SHOWN, Candidate, candidates
from app.services.session import Session
from app.store import Store
from app.validation.normalize import InputKind, normalize_input
from ui.forms.fields import FieldEditor

SEARCH_DELAY_MS = 200


class RecordPicker(FieldEditor):
    def __init__(
        self,
        store: Store,
        session: Session,
        entity: str,
        *,
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._session = session
        self._entity = entity
        self._picked: tuple[str, str] | None = None
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.hits = QListWidget()
        self.hits.setObjectName("hits")
        self.hits.setMaximumHeight(180)
        self.hits.hide()
        column.addWidget(self.edit)
        column.addWidget(self.hits)
        self._hold(box)
        self.setFocusProxy(self.edit)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.edit.textEdited.connect(self._typed)
        self.edit.installEventFilter(self)
        self.hits.itemActivated.connect(self._pick_item)
        self.hits.itemClicked.connect(self._pick_item)

    def _typed(self, _text: str) -> None:
        self._picked = None
        self.changed.emit()
        self._timer.start()

    def search_now(self) -> None:
        self._timer.stop()
        self.hits.clear()
        text = normalize_input(self.edit.text(), InputKind.LINE).strip()
        found = candidates(self._store, self._session, self._entity, text, limit=SHOWN)
        for candidate in found:
            line = self.describe(candidate)
            item = QListWidgetItem(line)
            # Once picked the field keeps the whole line: the right 乌力吉 is seen to be chosen.
            item.setData(Qt.ItemDataRole.UserRole, (candidate.record_id, line))
            self.hits.addItem(item)
        self.hits.setVisible(bool(found))
        if found:
            self.hits.setCurrentRow(0)

    def describe(self, candidate: Candidate) -> str:
        """乌力吉 · 1968年生 · 身份证尾号1234 · 巴彦嘎查 · 巴彦嘎查3组12号: what tells namesakes apart
        first, where a narrow list cuts nothing of it (the ID tail only where names match)."""
        born = self.tr("born %1").replace("%1", str(candidate.birth_year)) if candidate.birth_year else ""
        tail = self.tr("ID ending %1").replace("%1", candidate.id_tail) if candidate.id_tail else ""
        parts = (candidate.name, born, tail, candidate.grid, candidate.address)
        return " · ".join(part for part in parts if part)

    def lines(self) -> list[str]:
        """The hits as shown, a line each: what a test reads, as a person would."""
        return [self.hits.item(row).text() for row in range(self.hits.count())]

    def _pick_item(self, item: QListWidgetItem) -> None:
        record_id, text = item.data(Qt.ItemDataRole.UserRole)
        self.set_value(record_id, text)
        self.changed.emit()
        self.edit.setFocus()
        self.focusNextChild()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._timer.isActive():
                self.search_now()
            if self.hits.isVisible() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._pick_item(self.hits.currentItem() or self.hits.item(0))
                return True
            if self.hits.isVisible() and event.key() == Qt.Key.Key_Down:
                self.hits.setFocus()
                return True
        return super().eventFilter(watched, event)

    def set_value(self, record_id: UUID | str | None, text: str = "") -> None:
        self._picked = (str(record_id), text) if record_id else None
        self.edit.setText(text)
        self.edit.setCursorPosition(0)  # the name, first in the line, shown where the line is cut
        self.hits.hide()

    def value(self) -> UUID | None:
        return UUID(self._picked[0]) if self._picked else None

    def raw(self) -> dict[str, Any]:
        return {"id": self._picked[0] if self._picked else None, "text": self.edit.text()}

    def set_raw(self, raw: Any) -> None:
        if isinstance(raw, dict):
            self.set_value(raw.get("id"), raw.get("text", ""))

    def is_blank(self) -> bool:
        return not self.edit.text() and self._picked is None

    def unfinished(self) -> str:
        if self._picked is None and self.edit.text().strip():
            return self.tr("Pick one from the list (Enter or a click): typing a name is not enough.")
        return ""
