"""The mediation workflow on screen: one button per move the dispute may make from where it stands,
each opening a small dialog for who/why (and the agreement, the referral, the follow-up visit, the
judicial confirmation). Each dialog reads its fields into the move's own typed value
(``flow.Referral``, ``flow.Resolution`` …) and hands that to the service; the services refuse what
the workflow forbids, and the refusal is shown in the dialog, nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

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
    JudicialResult,
    MediationMethod,
    MediationSession,
    MediationTrack,
    ReferralBody,
    Visit,
    VisitType,
)
from app.models.labels import LabeledEnum
from app.services import disputes as flow
from app.services.lists import local_zone
from app.services.session import Session
from app.store import Store
from ui import calendar_day, palette
from ui.agreement_pdf import agreement_pdf
from ui.changes import announce
from ui.feedback import error_label, show_error
from ui.forms.fields import DateField, DateTimeField, EnumChoice, FieldEditor, TextArea, TextLine
from ui.forms.picker import RecordPicker
from ui.i18n import in_language

S = DisputeStatus
# What a move may write: the dispute, its timeline, sessions, follow-ups and the visits doing them.
DISPUTE_KINDS = frozenset(
    {"disputes", "dispute_parties", "dispute_steps", "mediation_sessions", "follow_ups", "visits"}
)
T = TypeVar("T")
L = TypeVar("L", bound=LabeledEnum)


def chosen(editor: EnumChoice, kind: type[L], zh: str, en: str) -> L:
    """The member picked in a drop-down, or a refusal naming the field left empty."""
    value = editor.value()
    if not isinstance(value, kind):
        raise InvalidValue("step_choice", f"请选择{zh}。", f"Choose the {en}.")
    return value


def text_of(editor: FieldEditor) -> str:
    return str(editor.value() or "")


class StepDialog(QDialog):
    """Fields for one move; ``read`` makes the move's typed value of them, ``apply`` runs the
    service with it."""

    def __init__(
        self,
        title: str,
        fields: dict[str, tuple[str, FieldEditor]],
        read: Callable[[], Any],
        apply: Callable[[Any], object],
        beside: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self.fields = {name: editor for name, (_label, editor) in fields.items()}
        self._read = read
        self._apply = apply
        # Refusal codes shown beside the field a person would fix, rather than under the form.
        self._beside = beside or {}
        self.field_problems: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, (label, editor) in fields.items():
            if name not in self._beside.values():
                form.addRow(label, editor)
                continue
            problem = error_label(f"{name}_problem")
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(editor, 1)
            line.addWidget(problem, 1)
            form.addRow(label, row)
            self.field_problems[name] = problem
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
        for label in self.field_problems.values():
            show_error(label, None)
        self.problem.setText("")
        try:
            self._apply(self._read())
        except TongxinError as exc:
            field = self._beside.get(exc.code)
            if field is None:
                self.problem.setText(in_language(exc.zh, exc.en))
            else:
                show_error(self.field_problems[field], exc)
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
            ("judicial", self.tr("Judicial confirmation"), self.confirm_judicially),
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
        self,
        title: str,
        fields: dict[str, tuple[str, FieldEditor]],
        read: Callable[[], T],
        apply: Callable[[UUID, T], object],
        beside: dict[str, str] | None = None,
    ) -> None:
        assert self.dispute is not None
        dispute_id = self.dispute.id

        def run(value: T) -> None:
            apply(dispute_id, value)
            self.dispute = self.store.get(Dispute, dispute_id)
            announce(DISPUTE_KINDS)

        self.dialog = StepDialog(title, fields, read, run, beside)
        self.dialog.open()

    @property
    def _by(self) -> str:
        return self.session.username

    def _when(self) -> tuple[str, DateTimeField]:
        return self.tr("When"), DateTimeField()

    def accept_dispute(self) -> None:
        when = self._when()
        self._open(
            self.tr("Accept the dispute"),
            {"at": when},
            lambda: flow.Acceptance(at=when[1].value()),
            lambda i, step: flow.accept(self.store, i, step, by=self._by),
        )

    def start_mediation(self) -> None:
        mediator = TextLine()
        mediator.set_raw(self.session.display_name)
        when = self._when()
        self._open(
            self.tr("Start mediation"),
            {"mediator": (self.tr("Mediator"), mediator), "at": when},
            lambda: flow.MediationStart(mediator=text_of(mediator), at=when[1].value()),
            lambda i, step: flow.start_mediation(self.store, i, step, by=self._by),
        )

    def record_session(self) -> None:
        held_at, notes, mediators = DateTimeField(), TextArea(), TextLine()
        track, method = EnumChoice(MediationTrack), EnumChoice(MediationMethod)
        dispute = self.dispute
        assert dispute is not None

        def read() -> MediationSession:
            names = [n.strip() for n in text_of(mediators).replace("，", ",").split(",") if n.strip()]
            return MediationSession(
                grid=dispute.grid,
                author=self._by,
                dispute_id=dispute.id,
                held_at=held_at.value(),
                track=chosen(track, MediationTrack, "调解类型", "track"),
                method=chosen(method, MediationMethod, "调解方式", "method"),
                mediators=names,
                notes=notes.value(),
            )

        self._open(
            self.tr("Record a mediation session"),
            {
                "held_at": (self.tr("Held at"), held_at),
                "track": (self.tr("Track"), track),
                "method": (self.tr("Method"), method),
                "mediators": (self.tr("Mediators (comma between names)"), mediators),
                "notes": (self.tr("Notes"), notes),
            },
            read,
            lambda _i, session: flow.add_session(self.store, session),
        )

    def resolve(self) -> None:
        outcome, agreement, when = TextLine(), TextArea(), self._when()
        self._open(
            self.tr("Agreement reached"),
            {
                "outcome": (self.tr("Outcome"), outcome),
                "agreement": (self.tr("Terms of the agreement"), agreement),
                "at": when,
            },
            lambda: flow.Resolution(
                outcome=text_of(outcome), agreement=agreement.value(), at=when[1].value()
            ),
            lambda i, step: flow.resolve(self.store, i, step, by=self._by, zone=local_zone()),
        )

    def refer(self) -> None:
        to, reference_no, reason, when = EnumChoice(ReferralBody), TextLine(), TextArea(), self._when()
        track_from, track_to = EnumChoice(MediationTrack), EnumChoice(MediationTrack)
        track_to.set_raw(MediationTrack.ADMINISTRATIVE)
        self._open(
            self.tr("Refer to another body"),
            {
                "to": (self.tr("Referred to"), to),
                "reference_no": (self.tr("Reference number"), reference_no),
                "track_from": (self.tr("From track"), track_from),
                "track_to": (self.tr("To track"), track_to),
                "reason": (self.tr("Why"), reason),
                "at": when,
            },
            lambda: flow.Referral(
                to=chosen(to, ReferralBody, "接收单位", "receiving body"),
                reference_no=text_of(reference_no),
                track_from=chosen(track_from, MediationTrack, "原调解类型", "track it leaves"),
                track_to=chosen(track_to, MediationTrack, "转入调解类型", "track it enters"),
                reason=reason.value(),
                at=when[1].value(),
            ),
            lambda i, step: flow.refer(self.store, i, step, by=self._by),
        )

    def take_back(self) -> None:
        track_from, track_to = EnumChoice(MediationTrack), EnumChoice(MediationTrack)
        track_from.set_raw(MediationTrack.ADMINISTRATIVE)
        reason, when = TextArea(), self._when()
        self._open(
            self.tr("Take the dispute back"),
            {
                "track_from": (self.tr("From track"), track_from),
                "track_to": (self.tr("To track"), track_to),
                "reason": (self.tr("Why"), reason),
                "at": when,
            },
            lambda: flow.TakeBack(
                track_from=chosen(track_from, MediationTrack, "原调解类型", "track it leaves"),
                track_to=chosen(track_to, MediationTrack, "转入调解类型", "track it enters"),
                reason=reason.value(),
                at=when[1].value(),
            ),
            lambda i, step: flow.take_back(self.store, i, step, by=self._by),
        )

    def _ending(self, title: str, end: Callable[..., Dispute]) -> None:
        reason, when = TextArea(), self._when()
        self._open(
            title,
            {"reason": (self.tr("Why"), reason), "at": when},
            lambda: flow.Ending(reason=reason.value(), at=when[1].value()),
            lambda i, step: end(self.store, i, step, by=self._by),
        )

    def close_unresolved(self) -> None:
        self._ending(self.tr("Close unresolved"), flow.close_unresolved)

    def withdraw(self) -> None:
        self._ending(self.tr("Withdrawn"), flow.withdraw)

    def _open_follow_ups(self) -> list[Any]:
        if self.dispute is None:
            return []
        return [f for f in flow.follow_ups_of(self.store, self.dispute.id) if f.done_at is None]

    def record_follow_up(self) -> None:
        """The next open follow-up, done by a visit (回访) to one of the parties' households."""
        follow_up = self._open_follow_ups()[0]
        dispute = self.dispute
        assert dispute is not None
        household = RecordPicker(
            self.store, self.session, "households", placeholder=self.tr("Name, pinyin, address or phone")
        )
        visited_at, summary = DateTimeField(), TextArea()

        def read() -> Visit:
            picked = household.value()
            if picked is None:
                raise InvalidValue("follow_up_household", "请选择回访的住户。", "Pick the household visited.")
            return Visit(
                grid=dispute.grid,
                author=self._by,
                household_id=picked,
                visitor=self._by,
                visited_at=visited_at.value(),
                visit_type=VisitType.FOLLOW_UP,
                summary=summary.value(),
            )

        self._open(
            self.tr("Follow-up visit due %1").replace("%1", follow_up.due_on.isoformat()),
            {
                "household_id": (self.tr("Household"), household),
                "visited_at": (self.tr("Visited at"), visited_at),
                "summary": (self.tr("What happened"), summary),
            },
            read,
            lambda _i, visit: flow.record_follow_up(self.store, follow_up.id, visit),
        )

    def close_dispute(self) -> None:
        when = self._when()
        self._open(
            self.tr("Close the dispute"),
            {"at": when},
            lambda: flow.Closing(at=when[1].value()),
            lambda i, step: flow.close(self.store, i, step, by=self._by),
        )

    def confirm_judicially(self) -> None:
        """司法确认: the court applied to and the day; the court's decision when it is known."""
        court, applied_on = TextLine(), DateField()
        result, decided_on = EnumChoice(JudicialResult, optional=True), DateField(optional=True)
        if self.dispute is not None and self.dispute.judicial_applied_on is not None:
            court.set_raw(self.dispute.judicial_court)
            applied_on.set_value(self.dispute.judicial_applied_on)

        def read() -> flow.JudicialConfirmation:
            applied = applied_on.value()
            if applied is None:
                raise InvalidValue(
                    "judicial_applied_on", "请填写申请日期。", "Give the day of the application."
                )
            picked = result.value()
            return flow.JudicialConfirmation(
                court=text_of(court),
                applied_on=applied,
                result=picked if isinstance(picked, JudicialResult) else None,
                decided_on=decided_on.typed_value(),  # a day typed wrong stops the step, not vanishes
            )

        self._open(
            self.tr("Judicial confirmation"),
            {
                "court": (self.tr("Court applied to"), court),
                "applied_on": (self.tr("Applied on"), applied_on),
                "result": (self.tr("Result (empty while pending)"), result),
                "decided_on": (self.tr("Decided on"), decided_on),
            },
            read,
            lambda i, step: flow.confirm_judicially(
                self.store, i, step, by=self._by, today=self.today(), zone=local_zone()
            ),
            beside={
                "judicial_court": "court",
                "judicial_applied_on": "applied_on",
                "judicial_applied_before_agreement": "applied_on",
                "judicial_decided_on": "decided_on",
                "judicial_decided_before_applied": "decided_on",
            },
        )

    def today(self) -> date:
        return calendar_day.local_today()

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
