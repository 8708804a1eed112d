"""Several records picked one by one with the record picker (the households an activity served,
the residents who came to a meeting), listed by name beside it, cleared in one click."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from uuid import UUID

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from app.models import Household
from app.services.session import Session
from app.store import Store
from app.validation.normalize import InputKind
from ui.forms.fields import FieldEditor, TextLine
from ui.forms.picker import RecordPicker
from ui.i18n import join_list

# What separates names typed on one line: Chinese and Western commas, 顿号, semicolons (not a
# space, which a Latin-script name may hold).
_NAME_BREAKS = re.compile(r"[,，、;；]+")


class PickedRecords(FieldEditor):
    """Records of one kind picked by typing; ``name_of`` names one, ``shown`` says them all
    ("%1 households: %2")."""

    def __init__(
        self,
        store: Store,
        session: Session,
        entity: str,
        *,
        name_of: Callable[[UUID], str],
        shown: str,
        placeholder: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ids: list[UUID] = []
        self._name_of = name_of
        self._shown = shown
        self.picker = RecordPicker(store, session, entity, placeholder=placeholder)
        self.picker.changed.connect(self._picked)
        self.shown = QLabel()
        self.shown.setObjectName("picked")
        self.shown.setWordWrap(True)
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(self.clear)
        self._layout.addWidget(self.picker, 2)
        self._layout.addWidget(self.shown, 3)
        self._layout.addWidget(clear)
        self.setFocusProxy(self.picker)
        self._show()

    def _picked(self) -> None:
        picked = self.picker.value()
        if picked is None:
            return
        self.picker.set_value(None)  # ready for the next one
        if picked not in self._ids:
            self._ids.append(picked)
            self._show()
            self.changed.emit()

    def clear(self) -> None:
        self.set_raw([])
        self.changed.emit()

    def _show(self) -> None:
        names = [self._name_of(record_id) for record_id in self._ids]
        text = self._shown.replace("%1", str(len(names))).replace("%2", join_list(names))
        self.shown.setText(text if names else "")

    def value(self) -> list[UUID]:
        return list(self._ids)

    def raw(self) -> list[str]:
        return [str(i) for i in self._ids]

    def set_raw(self, raw: Any) -> None:
        self._ids = [UUID(str(i)) for i in raw or []]
        self._show()


class PickedHouseholds(PickedRecords):
    """Households picked from the registry (those an activity served, a screening round covered),
    named by their head."""

    def __init__(self, store: Store, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(
            store,
            session,
            "households",
            name_of=lambda i: store.get(Household, i, include_deleted=True).head_name,
            shown=self.tr("%1 households: %2"),
            placeholder=self.tr("Add a household"),
            parent=parent,
        )


class NameList(TextLine):
    """Names typed on one line, separated by commas or 、: 巴特尔、其其格，王芳."""

    def __init__(self, *, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(placeholder=placeholder, kind=InputKind.LINE, parent=parent)

    def value(self) -> list[str]:  # type: ignore[override]  # a list of names, where a line gives text
        return [name.strip() for name in _NAME_BREAKS.split(super().value() or "") if name.strip()]

    def set_raw(self, raw: Any) -> None:
        super().set_raw("、".join(raw) if isinstance(raw, list) else raw)
