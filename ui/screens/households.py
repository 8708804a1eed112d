"""住户: households and the residents living in them."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.models import CareGroup, Household
from app.services import care, grids
from app.services.registry import residents_of
from app.services.session import Permission
from app.services.transfers import Transfer
from app.services.visits import visits_of
from ui import calendar_day
from ui.forms.fields import EnumChoice
from ui.forms.household_form import HouseholdForm
from ui.i18n import enum_label, in_language, join_list
from ui.list_model import ColumnView, label_list_of, local_time
from ui.screens.detail_html import detail
from ui.screens.list_screen import ListScreen
from ui.transfer_dialog import TransferDialog


class HouseholdsScreen(ListScreen[Household]):
    record_type = Household
    shows = frozenset({"households", "residents", "visits"})
    default_sort = "updated_at"
    form = HouseholdForm

    def columns(self) -> list[ColumnView]:
        return [
            ColumnView("head_name", self.tr("Head of household"), width=140),
            ColumnView("address", self.tr("Address"), width=220),
            ColumnView("phone", self.tr("Phone"), width=120),
            ColumnView("care_groups", self.tr("Care groups"), label_list_of(CareGroup), width=160),
            ColumnView("residents", self.tr("Residents"), width=60),
            ColumnView("updated_at", self.tr("Updated"), local_time, width=140),
        ]

    def choice_filters(self) -> dict[str, tuple[str, EnumChoice]]:
        return {"care_group": (self.tr("Care group"), EnumChoice(CareGroup, optional=True))}

    def new_label(self) -> str:
        return self.tr("New household")

    def detail_actions(self) -> QWidget:
        """A supervisor moves the selected household to another village; a worker sees no button."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.transfer_button = QPushButton(self.tr("Move to another village…"))
        self.transfer_button.setObjectName("transfer")
        self.transfer_button.setEnabled(False)
        self.transfer_button.clicked.connect(self.open_transfer)
        self.transfer_note = QLabel()
        self.transfer_note.setObjectName("transfer_note")
        self.transfer_note.setWordWrap(True)
        row.addWidget(self.transfer_button)
        row.addWidget(self.transfer_note, 1)
        # Hidden, never shown while it has no parent: shown then it would be a window of its own
        # for a moment, taking the keyboard from the main window.
        if not self.session.may(Permission.REVIEW):
            box.hide()
        return box

    def on_selected(self, record: Household | None) -> None:
        self.transfer_button.setEnabled(record is not None)

    def open_transfer(self) -> TransferDialog | None:
        if self.shown_id is None:
            return None
        household = self.record(self.shown_id)
        dialog = TransferDialog(self.store, self.session, household, self)
        dialog.transferred.connect(self._transferred)
        self.transfer_note.clear()
        dialog.open()
        return dialog

    def _transferred(self, done: Transfer) -> None:
        self.transfer_note.setText(
            self.tr("Moved: %1 records, now in %2.")
            .replace("%1", str(done.moved))
            .replace("%2", grids.label(self.store, done.audit.grid))
        )

    def describe(self, record: Household) -> str:
        today = calendar_day.local_today()
        people = [
            " · ".join(
                part
                for part in (
                    r.name,
                    enum_label(r.gender),
                    r.birth_date.isoformat() if r.birth_date else "",
                    enum_label(r.ethnicity) if r.ethnicity else "",
                    r.phone or "",
                    join_list(enum_label(g) for g in care.current_groups(self.store, r.id, today=today)),
                )
                if part
            )
            for r in residents_of(self.store, record)
        ]
        visits = [
            f"{local_time(v.visited_at.isoformat())} {enum_label(v.visit_type)}"
            + in_language("：", ": ")
            + v.summary[:40]
            for v in visits_of(self.store, record)[:10]
        ]
        return detail(
            record.head_name,
            [
                (self.tr("Grid"), grids.label(self.store, record.grid)),
                (self.tr("Address"), record.address),
                (self.tr("Phone"), record.phone or ""),
                (self.tr("Notes"), record.notes),
            ],
            (self.tr("Residents"), people),
            (self.tr("Recent visits"), visits),
        )
