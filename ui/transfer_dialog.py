"""Moving a household to another village (a supervisor's step): where to, and why. What moves
with it is said before anything moves; a refusal is shown in red beside the field it is about, and
nothing typed is lost."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from app.errors import TongxinError
from app.models import Household
from app.services import grids
from app.services.session import Session
from app.services.transfers import Transfer, destinations, transfer_household
from app.store import Store
from ui.changes import announce
from ui.feedback import error_label, show_error
from ui.forms.fields import TextArea
from ui.login import ok_cancel

# Which field a refusal is about, by its code; any other is shown under both.
_ABOUT_PLACE = frozenset({"transfer_grid", "transfer_same_grid", "other_grid", "outside_device"})
_ABOUT_REASON = frozenset({"transfer_reason"})
# Every kind of record a transfer may move, for the screens to redraw.
MOVED_KINDS = frozenset(
    {
        "households",
        "residents",
        "visits",
        "disputes",
        "dispute_parties",
        "mediation_sessions",
        "dispute_steps",
        "follow_ups",
        "reviews",
        "audit_events",
    }
)


class TransferDialog(QDialog):
    transferred = Signal(object)

    def __init__(
        self, store: Store, session: Session, household: Household, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.household = household
        self.result_transfer: Transfer | None = None
        self.setWindowTitle(self.tr("Move a household to another village"))
        about = QLabel(
            self.tr(
                "%1 (%2), now in %3. Its residents, visits, the disputes only its people are party to "
                "(with their follow-ups and photos) and their reviews move with it; its history stays "
                "readable. Laptops of %3 let go of it at their next sync."
            )
            .replace("%1", household.head_name)
            .replace("%2", household.address)
            .replace("%3", grids.label(store, household.grid))
        )
        about.setObjectName("transfer_about")
        about.setWordWrap(True)
        self.place = QComboBox()
        self.place.setObjectName("transfer_to")
        self.place.addItem(self.tr("Choose a village…"), "")
        for code, name in destinations(store, session, household):
            self.place.addItem(name, code)
        self.place_error = error_label("transfer_to_error")
        self.reason = TextArea()
        self.reason.setObjectName("transfer_reason")
        self.reason_error = error_label("transfer_reason_error")
        self.error = error_label("transfer_error")
        form = QFormLayout()
        form.addRow(self.tr("Move to"), self.place)
        form.addRow("", self.place_error)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow("", self.reason_error)
        self.buttons = ok_cancel(self.tr("Move the household"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.place.currentIndexChanged.connect(lambda _i: show_error(self.place_error, None))
        self.reason.changed.connect(lambda: show_error(self.reason_error, None))
        self.resize(560, self.sizeHint().height())

    def submit(self) -> Transfer | None:
        for label in (self.place_error, self.reason_error, self.error):
            show_error(label, None)
        try:
            done = transfer_household(
                self.store,
                self.session,
                self.household.id,
                self.place.currentData(),
                reason=self.reason.value(),
            )
        except TongxinError as refused:
            about = (
                self.place_error
                if refused.code in _ABOUT_PLACE
                else self.reason_error
                if refused.code in _ABOUT_REASON
                else self.error
            )
            show_error(about, refused)
            return None
        self.result_transfer = done
        announce(MOVED_KINDS)
        self.transferred.emit(done)
        self.accept()
        return done
