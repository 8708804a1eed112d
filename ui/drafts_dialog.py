"""Offered at start-up when forms were left unsaved (a crash, a power cut): restore each draft,
or discard it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.drafts import Draft, discard_draft
from app.store import Store


class DraftsDialog(QDialog):
    restore_requested = Signal(object)

    def __init__(self, store: Store, drafts: list[Draft], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Unsaved forms"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("These forms were not saved when the app last closed:")))
        self.rows: dict[str, QWidget] = {}
        for draft in drafts:
            row = QWidget()
            line = QHBoxLayout(row)
            saved = draft.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
            line.addWidget(QLabel(f"{draft.title}  ({saved})"), 1)
            restore = QPushButton(self.tr("Restore"))
            restore.setObjectName(f"restore_{draft.id}")
            restore.clicked.connect(lambda _c=False, d=draft: self._restore(d))
            discard = QPushButton(self.tr("Discard"))
            discard.setObjectName(f"discard_{draft.id}")
            discard.clicked.connect(lambda _c=False, d=draft: self._discard(d))
            line.addWidget(restore)
            line.addWidget(discard)
            layout.addWidget(row)
            self.rows[draft.id] = row
        later = QPushButton(self.tr("Decide later"))
        later.clicked.connect(self.reject)
        layout.addWidget(later)

    def _done_with(self, draft: Draft) -> None:
        self.rows.pop(draft.id).hide()
        if not self.rows:
            self.accept()

    def _restore(self, draft: Draft) -> None:
        self.restore_requested.emit(draft)
        self._done_with(draft)

    def _discard(self, draft: Draft) -> None:
        discard_draft(self.store, draft.id)
        self._done_with(draft)
