"""Disputes and their mediation (矛盾纠纷化解, 三调联动): registering, moving through the workflow,
referrals between people's, administrative and judicial mediation, agreements and follow-ups.

The workflow is a state machine (``TRANSITIONS``). Every move is one transaction holding the
dispute's new status and a ``DisputeStep`` saying who, when and why — the timeline — so a moved
dispute without its reason cannot exist. A status is a guarded field in sync: two laptops moving
the same dispute become a conflict for the supervisor, never a silent overwrite.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from uuid import UUID

from app.errors import InvalidValue, TongxinError
from app.models import (
    Dispute,
    DisputeParty,
    DisputeStatus,
    DisputeStep,
    FollowUp,
    JudicialResult,
    MediationSession,
    MediationTrack,
    ReferralBody,
    RiskLevel,
    Visit,
    VisitType,
)
from app.services.attachments import add_attachment
from app.services.members import save_with_members
from app.services.visits import record_visit
from app.store import Store
from app.validation import date_not_in_future, time_not_in_future
from app.validation.dates import FUTURE_TOLERANCE

S = DisputeStatus
TRANSITIONS: dict[DisputeStatus, frozenset[DisputeStatus]] = {
    S.REGISTERED: frozenset({S.ACCEPTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.MEDIATING, S.REFERRED, S.WITHDRAWN}),
    S.MEDIATING: frozenset({S.RESOLVED, S.REFERRED, S.UNRESOLVED_CLOSED, S.WITHDRAWN}),
    S.RESOLVED: frozenset({S.FOLLOW_UP}),
    S.FOLLOW_UP: frozenset({S.CLOSED}),
    S.REFERRED: frozenset({S.MEDIATING, S.CLOSED}),
    S.UNRESOLVED_CLOSED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.CLOSED: frozenset(),
}
# Moves that end or hand over a dispute must say why.
REASON_REQUIRED = frozenset({S.REFERRED, S.UNRESOLVED_CLOSED, S.WITHDRAWN})
OPEN = frozenset(status for status, onward in TRANSITIONS.items() if onward)
DEFAULT_FOLLOW_UP_DAYS = (7, 30)


class InvalidTransition(TongxinError):
    """A move the workflow does not allow from where the dispute stands."""


def _allowed_words(status: DisputeStatus) -> tuple[str, str]:
    onward = sorted(TRANSITIONS[status], key=lambda s: list(DisputeStatus).index(s))
    if not onward:
        return "该纠纷已办结，不能再变更状态", "the dispute is finished and cannot move again"
    return (
        "可以转为：" + "、".join(s.zh for s in onward),
        "it can move to: " + ", ".join(s.en for s in onward),
    )


def check_transition(current: DisputeStatus, target: DisputeStatus) -> None:
    if target in TRANSITIONS[current]:
        return
    zh, en = _allowed_words(current)
    raise InvalidTransition(
        "invalid_transition",
        f"纠纷当前为“{current.zh}”，不能直接转为“{target.zh}”；{zh}。",
        f"A dispute that is {current.en.lower()} cannot become {target.en.lower()}; {en}.",
    )


def check_dispute(dispute: Dispute) -> None:
    """Rules that depend on today: a dispute cannot have happened tomorrow."""
    if dispute.occurred_on is not None:
        date_not_in_future(dispute.occurred_on)


def register_dispute(
    store: Store,
    dispute: Dispute,
    parties: Sequence[DisputeParty] = (),
    *,
    removed: Sequence[DisputeParty] = (),
) -> Dispute:
    """Save a new or edited dispute with its parties (``removed`` ones are taken off). A new one
    starts its timeline here."""
    check_dispute(dispute)
    with store.transaction():
        is_new = store.count(Dispute, "id = ?", [str(dispute.id)]) == 0
        if is_new and dispute.status is not S.REGISTERED:
            raise InvalidValue(
                "new_dispute_status", "新纠纷只能以“已登记”开始。", "A new dispute starts as registered."
            )
        saved = save_with_members(
            store,
            dispute,
            parties,
            removed=removed,
            link="dispute_id",
            stranger=lambda _party: InvalidValue(
                "party_dispute", "当事人不属于这起纠纷。", "A party does not belong to this dispute."
            ),
        )
        if is_new:
            store.save(_step(saved, None, S.REGISTERED, by=dispute.author, at=dispute.created_at))
    return saved


def _step(
    dispute: Dispute, before: DisputeStatus | None, after: DisputeStatus, **details: object
) -> DisputeStep:
    return DisputeStep.model_validate(
        {
            "grid": dispute.grid,
            "author": details["by"],
            "dispute_id": dispute.id,
            "from_status": before,
            "to_status": after,
            **details,
        }
    )


def move(
    store: Store,
    dispute_id: UUID | str,
    target: DisputeStatus,
    *,
    by: str,
    reason: str = "",
    at: datetime | None = None,
    changes: dict[str, object] | None = None,
    **step_details: object,
) -> Dispute:
    """Move a dispute one step, recording who, when and why; refused if the workflow forbids it."""
    at = at or datetime.now(UTC)
    time_not_in_future(at)
    if target in REASON_REQUIRED and not reason.strip():
        raise InvalidValue(
            "transition_reason",
            f"转为“{target.zh}”需要说明原因。",
            f"Say why the dispute becomes {target.en.lower()}.",
        )
    with store.transaction():
        dispute = store.get(Dispute, dispute_id)
        check_transition(dispute.status, target)
        # A step dated ahead by a laptop whose clock ran fast does not hold the dispute still
        # until that date comes: only steps dated up to now order the next one.
        steps = [s for s in timeline(store, dispute.id) if s.at <= datetime.now(UTC) + FUTURE_TOLERANCE]
        # Times are entered to the minute: within the last step's minute counts as after it.
        if steps and at < steps[-1].at - timedelta(minutes=1):
            last = steps[-1].at.astimezone().strftime("%Y-%m-%d %H:%M")
            raise InvalidValue(
                "step_before_last",
                f"这一步的时间不能早于上一步（{last}）。",
                f"This step cannot be dated before the previous one ({last}).",
            )
        at = max(at, steps[-1].at) if steps else at
        moved = store.save(dispute.model_copy(update={"status": target, **(changes or {})}))
        store.save(_step(moved, dispute.status, target, by=by, at=at, reason=reason, **step_details))
    return moved


@dataclass(frozen=True)
class Acceptance:
    """受理: when the dispute was taken on (now, if not said)."""

    at: datetime | None = None


@dataclass(frozen=True)
class MediationStart:
    """开始调解: who mediates, from when."""

    mediator: str
    at: datetime | None = None


@dataclass(frozen=True)
class Resolution:
    """调解成功: the outcome in a line and the agreed terms."""

    outcome: str
    agreement: str
    at: datetime | None = None


@dataclass(frozen=True)
class Referral:
    """移交: to which body, under which reference, from which track to which, and why."""

    to: ReferralBody
    reference_no: str
    track_from: MediationTrack
    track_to: MediationTrack
    reason: str
    at: datetime | None = None


@dataclass(frozen=True)
class TakeBack:
    """收回: a referred dispute comes back to be mediated here."""

    track_from: MediationTrack
    track_to: MediationTrack
    reason: str
    at: datetime | None = None


@dataclass(frozen=True)
class Ending:
    """撤回 or 调解不成结案: why the dispute ends here."""

    reason: str
    at: datetime | None = None


@dataclass(frozen=True)
class Closing:
    """结案 after the follow-ups."""

    at: datetime | None = None


@dataclass(frozen=True)
class JudicialConfirmation:
    """司法确认: the court applied to and the day; the result and its day once the court decides."""

    court: str
    applied_on: date
    result: JudicialResult | None = None
    decided_on: date | None = None


def accept(store: Store, dispute_id: UUID | str, step: Acceptance, *, by: str) -> Dispute:
    return move(store, dispute_id, S.ACCEPTED, by=by, at=step.at, reason="受理")


def start_mediation(store: Store, dispute_id: UUID | str, step: MediationStart, *, by: str) -> Dispute:
    return move(
        store,
        dispute_id,
        S.MEDIATING,
        by=by,
        at=step.at,
        reason="开始调解",
        changes={"mediator": step.mediator},
    )


def add_session(store: Store, session: MediationSession) -> MediationSession:
    """A mediation meeting, held while the dispute is being mediated."""
    time_not_in_future(session.held_at)
    status = store.get(Dispute, session.dispute_id).status
    if status is not S.MEDIATING:
        raise InvalidTransition(
            "session_not_mediating",
            f"纠纷当前为“{status.zh}”，只有调解中的纠纷才能登记调解会。",
            f"Sessions are recorded while mediating; the dispute is {status.en.lower()}.",
        )
    return store.save(session)


def follow_up_dates(resolved_at: datetime, days: Sequence[int], zone: tzinfo) -> list[date]:
    """Due dates counted in days from the local day the agreement was reached (not the UTC day)."""
    local_day = resolved_at.astimezone(zone).date()
    return [local_day + timedelta(days=count) for count in days]


def resolve(
    store: Store,
    dispute_id: UUID | str,
    step: Resolution,
    *,
    by: str,
    zone: tzinfo,
    follow_up_days: Sequence[int] = DEFAULT_FOLLOW_UP_DAYS,
) -> Dispute:
    """Agreement reached (调解成功): keeps the terms, schedules the follow-up visits and moves the
    dispute into follow-up, all in one transaction."""
    at = step.at or datetime.now(UTC)
    if not step.agreement.strip():
        raise InvalidValue(
            "agreement_terms", "调解成功需要填写协议内容。", "A resolution needs the agreed terms."
        )
    with store.transaction():
        resolved = move(
            store,
            dispute_id,
            S.RESOLVED,
            by=by,
            at=at,
            reason=step.outcome,
            changes={"outcome": step.outcome, "agreement": step.agreement},
        )
        for due in follow_up_dates(at, follow_up_days, zone):
            store.save(FollowUp(grid=resolved.grid, author=by, dispute_id=resolved.id, due_on=due))
        days = "、".join(f"{d}天" for d in follow_up_days)
        return move(store, resolved.id, S.FOLLOW_UP, by=by, at=at, reason=f"已安排回访：{days}")


def refer(store: Store, dispute_id: UUID | str, step: Referral, *, by: str) -> Dispute:
    """Hand the dispute to another body (三调联动); the timeline keeps both tracks."""
    return move(
        store,
        dispute_id,
        S.REFERRED,
        by=by,
        at=step.at,
        reason=step.reason,
        referred_to=step.to,
        reference_no=step.reference_no,
        track_from=step.track_from,
        track_to=step.track_to,
    )


def take_back(store: Store, dispute_id: UUID | str, step: TakeBack, *, by: str) -> Dispute:
    """A referred dispute comes back to be mediated here."""
    return move(
        store,
        dispute_id,
        S.MEDIATING,
        by=by,
        at=step.at,
        reason=step.reason,
        track_from=step.track_from,
        track_to=step.track_to,
    )


def withdraw(store: Store, dispute_id: UUID | str, step: Ending, *, by: str) -> Dispute:
    return move(store, dispute_id, S.WITHDRAWN, by=by, at=step.at, reason=step.reason)


def close_unresolved(store: Store, dispute_id: UUID | str, step: Ending, *, by: str) -> Dispute:
    return move(
        store,
        dispute_id,
        S.UNRESOLVED_CLOSED,
        by=by,
        at=step.at,
        reason=step.reason,
        changes={"outcome": step.reason},
    )


def close(store: Store, dispute_id: UUID | str, step: Closing, *, by: str) -> Dispute:
    """Close after follow-up: only once every scheduled follow-up visit is done."""
    open_visits = store.count(FollowUp, "dispute_id = ? AND done_at IS NULL", [str(dispute_id)])
    if open_visits and store.get(Dispute, dispute_id).status is S.FOLLOW_UP:
        raise InvalidTransition(
            "follow_ups_open",
            f"还有{open_visits}次回访未完成，不能结案。",
            f"{open_visits} follow-up visit(s) are still to do.",
        )
    return move(store, dispute_id, S.CLOSED, by=by, at=step.at, reason="结案")


def _check_judicial(
    dispute: Dispute, step: JudicialConfirmation, today: date, agreed_on: date | None
) -> None:
    if not dispute.agreement.strip():
        raise InvalidTransition(
            "judicial_before_agreement",
            "尚未达成调解协议，不能申请司法确认；请先登记“调解成功”和协议内容。",
            "There is no agreement yet to confirm; record the agreement first.",
        )
    if not step.court.strip():
        raise InvalidValue(
            "judicial_court", "请填写受理申请的人民法院。", "Name the court the application went to."
        )
    date_not_in_future(step.applied_on, today=today)
    if agreed_on is not None and step.applied_on < agreed_on:
        raise InvalidValue(
            "judicial_applied_before_agreement",
            f"申请司法确认的日期不能早于达成调解协议的日期（{agreed_on.isoformat()}）。",
            f"The application cannot be dated before the agreement was reached ({agreed_on.isoformat()}).",
        )
    if step.result is not None and step.decided_on is None:
        raise InvalidValue(
            "judicial_decided_on", "请填写法院作出裁定的日期。", "Give the day the court decided."
        )
    if step.decided_on is not None:
        date_not_in_future(step.decided_on, today=today)
        if step.decided_on < step.applied_on:
            raise InvalidValue(
                "judicial_decided_before_applied",
                "裁定日期不能早于申请日期。",
                "The court cannot decide before the application.",
            )


def confirm_judicially(
    store: Store,
    dispute_id: UUID | str,
    step: JudicialConfirmation,
    *,
    by: str,
    today: date,
    zone: tzinfo,
    at: datetime | None = None,
) -> Dispute:
    """司法确认: the parties ask a court to confirm their agreement; refused before an agreement
    exists, and dated no earlier than the local day it was reached (``zone``: an agreement at
    01:00 in Hohhot is the day before in UTC). Recorded again when the court decides (已确认 /
    不予确认). The timeline keeps each."""
    with store.transaction():
        dispute = store.get(Dispute, dispute_id)
        _check_judicial(dispute, step, today, _agreed_on(store, dispute.id, zone))
        confirmed = store.save(
            dispute.model_copy(
                update={
                    "judicial_court": step.court.strip(),
                    "judicial_applied_on": step.applied_on,
                    "judicial_result": step.result,
                    "judicial_decided_on": step.decided_on,
                }
            )
        )
        said = f"申请司法确认（{confirmed.judicial_court}，{step.applied_on.isoformat()}）"
        if step.result is not None and step.decided_on is not None:
            said = f"司法确认：{step.result.zh}（{confirmed.judicial_court}，{step.decided_on.isoformat()}）"
        store.save(
            _step(confirmed, dispute.status, dispute.status, by=by, at=at or datetime.now(UTC), reason=said)
        )
    return confirmed


def record_follow_up(store: Store, follow_up_id: UUID | str, visit: Visit) -> FollowUp:
    """A follow-up is done by a visit (回访) linked to the dispute."""
    with store.transaction():
        follow_up = store.get(FollowUp, follow_up_id)
        if follow_up.done_at is not None:
            raise InvalidValue(
                "follow_up_done", "这次回访已经登记过了。", "This follow-up is already recorded."
            )
        saved = record_visit(
            store,
            visit.model_copy(update={"dispute_id": follow_up.dispute_id, "visit_type": VisitType.FOLLOW_UP}),
        )
        return store.save(follow_up.model_copy(update={"done_at": saved.visited_at, "visit_id": saved.id}))


class Move(StrEnum):
    """What a person can do next with a dispute: the workflow's moves and the steps beside them."""

    ACCEPT = "accept"
    MEDIATE = "mediate"
    SESSION = "session"
    RESOLVE = "resolve"
    REFER = "refer"
    TAKE_BACK = "take_back"
    UNRESOLVED = "unresolved"
    WITHDRAW = "withdraw"
    FOLLOW_UP = "follow_up"
    CLOSE = "close"
    JUDICIAL = "judicial"
    AGREEMENT_PDF = "agreement_pdf"


def allowed_moves(store: Store, dispute: Dispute) -> frozenset[Move]:
    """The moves ``TRANSITIONS`` allows from where the dispute stands, so a screen offers exactly
    those and never re-derives the workflow. Mediation restarts from a referral only by taking
    the dispute back; a follow-up is offered while one is still to do."""
    status = dispute.status
    onward = TRANSITIONS[status]
    allowed = {
        Move.ACCEPT: S.ACCEPTED in onward,
        Move.MEDIATE: S.MEDIATING in onward and status is not S.REFERRED,
        Move.SESSION: status is S.MEDIATING,
        Move.RESOLVE: S.RESOLVED in onward,
        Move.REFER: S.REFERRED in onward,
        Move.TAKE_BACK: status is S.REFERRED,
        Move.UNRESOLVED: S.UNRESOLVED_CLOSED in onward,
        Move.WITHDRAW: S.WITHDRAWN in onward,
        Move.FOLLOW_UP: status is S.FOLLOW_UP
        and bool(store.count(FollowUp, "dispute_id = ? AND done_at IS NULL", [str(dispute.id)])),
        Move.CLOSE: S.CLOSED in onward,
        Move.JUDICIAL: bool(dispute.agreement) and dispute.judicial_result is None,
        Move.AGREEMENT_PDF: bool(dispute.agreement),
    }
    return frozenset(move for move, offered in allowed.items() if offered)


def _agreed_on(store: Store, dispute_id: UUID | str, zone: tzinfo) -> date | None:
    """The local day of the last agreement (调解成功); None for one whose timeline holds none."""
    resolved = [step.at for step in timeline(store, dispute_id) if step.to_status is S.RESOLVED]
    return resolved[-1].astimezone(zone).date() if resolved else None


def agreed_at(store: Store, dispute_id: UUID | str) -> datetime:
    """When the dispute was last resolved: the date the agreement carries (now, if never)."""
    resolved = [step.at for step in timeline(store, dispute_id) if step.to_status is S.RESOLVED]
    return resolved[-1] if resolved else datetime.now(UTC)


def attach_agreement(store: Store, dispute_id: UUID | str, pdf: bytes) -> Dispute:
    """Keep the printed agreement with the dispute, file and listing in one transaction: never a
    stored file the dispute does not list, nor a listed one that is not stored."""
    with store.transaction():
        sha256 = add_attachment(store, pdf, name="调解协议书.pdf", media_type="application/pdf")
        dispute = store.get(Dispute, dispute_id)
        if sha256 in dispute.attachments:
            return dispute
        return store.save(dispute.model_copy(update={"attachments": [*dispute.attachments, sha256]}))


def timeline(store: Store, dispute_id: UUID | str) -> list[DisputeStep]:
    return store.find(DisputeStep, "dispute_id = ?", [str(dispute_id)], order_by="at, created_at")


def follow_ups_of(store: Store, dispute_id: UUID | str) -> list[FollowUp]:
    return store.find(FollowUp, "dispute_id = ?", [str(dispute_id)], order_by="due_on")


def parties_of(store: Store, dispute_id: UUID | str) -> list[DisputeParty]:
    return store.find(DisputeParty, "dispute_id = ?", [str(dispute_id)], order_by="role, created_at")


def sessions_of(store: Store, dispute_id: UUID | str) -> list[MediationSession]:
    return store.find(MediationSession, "dispute_id = ?", [str(dispute_id)], order_by="held_at")


def overdue_follow_ups(store: Store, today: date) -> list[FollowUp]:
    return store.find(FollowUp, "done_at IS NULL AND due_on < ?", [today.isoformat()], order_by="due_on")


def needing_attention(store: Store, grids: Sequence[str]) -> list[Dispute]:
    """Major-risk disputes of ``grids`` still open: the supervisor sees these first."""
    statuses = [s.value for s in OPEN]
    marks = ", ".join("?" * len(statuses))
    return store.find(
        Dispute,
        f"risk_level = ? AND status IN ({marks}) AND grid IN (SELECT value FROM json_each(?))",
        [RiskLevel.MAJOR.value, *statuses, json.dumps(list(grids))],
        order_by="updated_at desc",
    )
