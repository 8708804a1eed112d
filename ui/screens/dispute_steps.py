"""The mediation workflow on screen: one button per move the dispute may make from where it stands,
each opening a small dialog for who/why (and the agreement, the referral, the follow-up visit).
The services refuse what the workflow forbids; the refusal is shown in the dialog, nothing typed
is lost."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidValue, TongxinError
from app.models import (
    Dispute,
    DisputeStatus,
    MediationMethod,
    MediationSession,
    MediationTrack,
    ReferralBody,
    Visit,
    VisitType,
)
from app.services import disputes as flow
from app.services.lists import local_zone
from app.services.session import Session
from app.store import Store
from ui import palette
from ui.agreement_pdf import agreement_pdf
from ui.changes import announce
from ui.forms.fields import DateTimeField, EnumChoice, FieldEditor, TextArea, TextLine
from ui.forms.picker import RecordPicker
from ui.i18n import in_language

S = DisputeStatus
# What a move may write: the dispute, its timeline, sessions, follow-ups and the visits doing them.
DISPUTE_KINDS = frozenset(
    {"disputes", "dispute_parties", "dispute_steps", "mediation_sessions", "follow_ups", "visits"}
)


class StepDialog(QDialog):
    """Fields for one move; ``apply`` runs the service with their values."""

    def __init__(
        self,
        title: str,
        fields: dict[str, tuple[str, FieldEditor]],
        apply: Callable[[dict[str, Any]], object],
    ) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self.fields = {name: editor for name, (_label, editor) in fields.items()}
        self._apply = apply
        form = QFormLayout()
        for label, editor in fields.values():
            form.addRow(label, editor)
        self.problem = QLabel()
        self.problem.setObjectName("step_problem")
        self.problem.setStyleSheet(palette.ERROR_STYLE)
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def confirm(self) -> None:
        try:
            self._apply({name: editor.value() for name, editor in self.fields.items()})
        except TongxinError as exc:
            self.problem.setText(in_language(exc.zh, exc.en))
            return
        self.accept()


class DisputeSteps(QWidget):
    """The buttons under a dispute's detail pane."""

    def __init__(self, store: Store, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.session = session
        self.dispute: Dispute | None = None
        self.dialog: StepDialog | None = None
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        actions: list[tuple[str, str, Callable[[], None]]] = [
            ("accept", self.tr("Accept"), self.accept_dispute),
            ("mediate", self.tr("Start mediation"), self.start_mediation),
            ("session", self.tr("Record a session"), self.record_session),
            ("resolve", self.tr("Agreement reached"), self.resolve),
            ("refer", self.tr("Refer"), self.refer),
            ("take_back", self.tr("Take back"), self.take_back),
            ("unresolved", self.tr("Close unresolved"), self.close_unresolved),
            ("withdraw", self.tr("Withdrawn"), self.withdraw),
            ("follow_up", self.tr("Record follow-up visit"), self.record_follow_up),
            ("close", self.tr("Close"), self.close_dispute),
            ("agreement_pdf", self.tr("Save agreement PDF"), self.save_agreement),
        ]
        for name, label, handler in actions:
            button = QPushButton(label)
            button.setObjectName(f"step_{name}")
            button.clicked.connect(handler)
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        self.show_for(None)

    def show_for(self, dispute: Dispute | None) -> None:
        self.dispute = dispute
        allowed = flow.allowed_moves(self.store, dispute) if dispute else frozenset()
        for name, button in self.buttons.items():
            button.setVisible(name in allowed)

    def _open(
        self, title: str, fields: dict[str, tuple[str, FieldEditor]], apply: Callable[..., object]
    ) -> None:
        assert self.dispute is not None
        dispute_id = self.dispute.id

        def run(values: dict[str, Any]) -> None:
            apply(dispute_id, values)
            self.dispute = self.store.get(Dispute, dispute_id)
            announce(DISPUTE_KINDS)

        self.dialog = StepDialog(title, fields, run)
        self.dialog.open()

    @property
    def _by(self) -> str:
        return self.session.username

    def _when(self) -> tuple[str, DateTimeField]:
        return self.tr("When"), DateTimeField()

    def accept_dispute(self) -> None:
        self._open(
            self.tr("Accept the dispute"),
            {"at": self._when()},
            lambda i, v: flow.accept(self.store, i, by=self._by, at=v["at"]),
        )

    def start_mediation(self) -> None:
        mediator = TextLine()
        mediator.set_raw(self.session.display_name)
        self._open(
            self.tr("Start mediation"),
            {"mediator": (self.tr("Mediator"), mediator), "at": self._when()},
            lambda i, v: flow.start_mediation(self.store, i, by=self._by, mediator=v["mediator"], at=v["at"]),
        )

    def record_session(self) -> None:
        def save(dispute_id: Any, v: dict[str, Any]) -> None:
            names = [n.strip() for n in v["mediators"].replace("，", ",").split(",") if n.strip()]
            flow.add_session(
                self.store,
                MediationSession(
                    grid=self.dispute.grid if self.dispute else "",
                    author=self._by,
                    dispute_id=dispute_id,
                    held_at=v["held_at"],
                    track=v["track"],
                    method=v["method"],
                    mediators=names,
                    notes=v["notes"],
                ),
            )

        self._open(
            self.tr("Record a mediation session"),
            {
                "held_at": (self.tr("Held at"), DateTimeField()),
                "track": (self.tr("Track"), EnumChoice(MediationTrack)),
                "method": (self.tr("Method"), EnumChoice(MediationMethod)),
                "mediators": (self.tr("Mediators (comma between names)"), TextLine()),
                "notes": (self.tr("Notes"), TextArea()),
            },
            save,
        )

    def resolve(self) -> None:
        self._open(
            self.tr("Agreement reached"),
            {
                "outcome": (self.tr("Outcome"), TextLine()),
                "agreement": (self.tr("Terms of the agreement"), TextArea()),
                "at": self._when(),
            },
            lambda i, v: flow.resolve(
                self.store,
                i,
                by=self._by,
                outcome=v["outcome"],
                agreement=v["agreement"],
                at=v["at"],
                zone=local_zone(),
            ),
        )

    def refer(self) -> None:
        track_to = EnumChoice(MediationTrack)
        track_to.set_raw(MediationTrack.ADMINISTRATIVE)
        self._open(
            self.tr("Refer to another body"),
            {
                "to": (self.tr("Referred to"), EnumChoice(ReferralBody)),
                "reference_no": (self.tr("Reference number"), TextLine()),
                "track_from": (self.tr("From track"), EnumChoice(MediationTrack)),
                "track_to": (self.tr("To track"), track_to),
                "reason": (self.tr("Why"), TextArea()),
                "at": self._when(),
            },
            lambda i, v: flow.refer(self.store, i, by=self._by, **v),
        )

    def take_back(self) -> None:
        track_from = EnumChoice(MediationTrack)
        track_from.set_raw(MediationTrack.ADMINISTRATIVE)
        self._open(
            self.tr("Take the dispute back"),
            {
                "track_from": (self.tr("From track"), track_from),
                "track_to": (self.tr("To track"), EnumChoice(MediationTrack)),
                "reason": (self.tr("Why"), TextArea()),
                "at": self._when(),
            },
            lambda i, v: flow.take_back(self.store, i, by=self._by, **v),
        )

    def close_unresolved(self) -> None:
        self._open(
            self.tr("Close unresolved"),
            {"reason": (self.tr("Why"), TextArea()), "at": self._when()},
            lambda i, v: flow.close_unresolved(self.store, i, by=self._by, **v),
        )

    def withdraw(self) -> None:
        self._open(
            self.tr("Withdrawn"),
            {"reason": (self.tr("Why"), TextArea()), "at": self._when()},
            lambda i, v: flow.withdraw(self.store, i, by=self._by, **v),
        )

    def _open_follow_ups(self) -> list[Any]:
        if self.dispute is None:
            return []
        return [f for f in flow.follow_ups_of(self.store, self.dispute.id) if f.done_at is None]

    def record_follow_up(self) -> None:
        """The next open follow-up, done by a visit (回访) to one of the parties' households."""
        follow_up = self._open_follow_ups()[0]

        def save(_dispute_id: Any, v: dict[str, Any]) -> None:
            if v["household_id"] is None:
                raise InvalidValue("follow_up_household", "请选择回访的住户。", "Pick the household visited.")
            visit = Visit(
                grid=self.dispute.grid if self.dispute else "",
                author=self._by,
                household_id=v["household_id"],
                visitor=self._by,
                visited_at=v["visited_at"],
                visit_type=VisitType.FOLLOW_UP,
                summary=v["summary"],
            )
            flow.record_follow_up(self.store, follow_up.id, visit)

        self._open(
            self.tr("Follow-up visit due %1").replace("%1", follow_up.due_on.isoformat()),
            {
                "household_id": (
                    self.tr("Household"),
                    RecordPicker(
                        self.store,
                        self.session,
                        "households",
                        placeholder=self.tr("Name, pinyin, address or phone"),
                    ),
                ),
                "visited_at": (self.tr("Visited at"), DateTimeField()),
                "summary": (self.tr("What happened"), TextArea()),
            },
            save,
        )

    def close_dispute(self) -> None:
        self._open(
            self.tr("Close the dispute"),
            {"at": self._when()},
            lambda i, v: flow.close(self.store, i, by=self._by, at=v["at"]),
        )

    def save_agreement(self) -> None:
        """Print the agreement to PDF and keep it with the dispute (it syncs as an attachment)."""
        assert self.dispute is not None
        day = flow.agreed_at(self.store, self.dispute.id).astimezone(local_zone())
        pdf = agreement_pdf(
            self.dispute,
            flow.parties_of(self.store, self.dispute.id),
            f"{day.year}年{day.month}月{day.day}日",
        )
        self.dispute = flow.attach_agreement(self.store, self.dispute.id, pdf)
        announce({"disputes"})
