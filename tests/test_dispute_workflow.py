"""A dispute walks every path of 三调联动; every move the workflow forbids is refused in words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.errors import InvalidValue
from app.models import (
    Dispute,
    DisputeCategory,
    DisputeParty,
    DisputeStatus,
    FollowUp,
    JudicialResult,
    MediationMethod,
    MediationSession,
    MediationTrack,
    PartyRole,
    ReferralBody,
    RiskLevel,
    Visit,
    VisitType,
)
from app.services import disputes as flow
from app.store import Store
from tests.conftest import GRID, make_household

S = DisputeStatus
SHANGHAI = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.dates
WORKER = "worker101"


def _register(store: Store, **overrides: object) -> Dispute:
    values: dict[str, object] = {
        "grid": GRID,
        "author": WORKER,
        "title": "草场边界网围栏纠纷",
        "category": DisputeCategory.GRASSLAND,
        "occurred_on": date(2026, 10, 2),
    }
    dispute = Dispute(**{**values, **overrides})
    parties = [
        DisputeParty(
            grid=GRID, author=WORKER, dispute_id=dispute.id, role=PartyRole.APPLICANT, name="巴特尔"
        ),
        DisputeParty(
            grid=GRID, author=WORKER, dispute_id=dispute.id, role=PartyRole.RESPONDENT, name="其其格·乌力吉"
        ),
    ]
    return flow.register_dispute(store, dispute, parties)


def _steps(store: Store, dispute: Dispute) -> list[tuple[S | None, S]]:
    return [(step.from_status, step.to_status) for step in flow.timeline(store, dispute.id)]


def test_resolved_with_agreement_and_two_follow_ups(store: Store) -> None:
    dispute = _register(store)
    flow.accept(store, dispute.id, flow.Acceptance(), by=WORKER)
    flow.start_mediation(store, dispute.id, flow.MediationStart(mediator="人民调解员 张华"), by=WORKER)
    held = datetime.now(UTC) - timedelta(hours=2)
    flow.add_session(
        store,
        MediationSession(
            grid=GRID,
            author=WORKER,
            dispute_id=dispute.id,
            held_at=held,
            track=MediationTrack.PEOPLES,
            method=MediationMethod.ON_SITE,
            mediators=["张华", "红石榴志愿者 娜仁"],
            notes="现场测量边界",
        ),
    )
    resolved_at = datetime.now(UTC)
    flow.resolve(
        store,
        dispute.id,
        flow.Resolution(
            outcome="双方同意按原承包合同边界重设围栏",
            agreement="一、按2019年承包合同界桩重设网围栏；二、费用各半。",
            at=resolved_at,
        ),
        by=WORKER,
        zone=SHANGHAI,
    )
    assert store.get(Dispute, dispute.id).status is S.FOLLOW_UP
    due = flow.follow_ups_of(store, dispute.id)
    local_day = resolved_at.astimezone(SHANGHAI).date()
    assert [f.due_on for f in due] == [local_day + timedelta(days=7), local_day + timedelta(days=30)]

    with pytest.raises(flow.InvalidTransition, match="还有2次回访未完成"):
        flow.close(store, dispute.id, flow.Closing(), by=WORKER)
    household = store.save(make_household())
    for follow_up in due:
        flow.record_follow_up(
            store,
            follow_up.id,
            Visit(
                grid=GRID,
                author=WORKER,
                household_id=household.id,
                visitor=WORKER,
                visited_at=datetime.now(UTC) - timedelta(minutes=5),
                visit_type=VisitType.ROUTINE,
                summary="回访：围栏已重设，双方无异议",
            ),
        )
    visits = store.find(Visit, "dispute_id = ?", [str(dispute.id)])
    assert len(visits) == 2 and {v.visit_type for v in visits} == {VisitType.FOLLOW_UP}
    assert all(f.done_at is not None for f in flow.follow_ups_of(store, dispute.id))
    flow.close(store, dispute.id, flow.Closing(), by=WORKER)

    assert _steps(store, dispute) == [
        (None, S.REGISTERED),
        (S.REGISTERED, S.ACCEPTED),
        (S.ACCEPTED, S.MEDIATING),
        (S.MEDIATING, S.RESOLVED),
        (S.RESOLVED, S.FOLLOW_UP),
        (S.FOLLOW_UP, S.CLOSED),
    ]
    final = store.get(Dispute, dispute.id)
    assert final.agreement.startswith("一、") and final.mediator == "人民调解员 张华"
    assert all(step.by == WORKER for step in flow.timeline(store, dispute.id))


def test_referred_to_the_judicial_office_and_back(store: Store) -> None:
    dispute = _register(store, category=DisputeCategory.LIVESTOCK_DAMAGE)
    flow.accept(store, dispute.id, flow.Acceptance(), by=WORKER)
    flow.start_mediation(store, dispute.id, flow.MediationStart(mediator="张华"), by=WORKER)
    flow.refer(
        store,
        dispute.id,
        flow.Referral(
            to=ReferralBody.JUDICIAL_OFFICE,
            reference_no="司调〔2026〕17号",
            track_from=MediationTrack.PEOPLES,
            track_to=MediationTrack.ADMINISTRATIVE,
            reason="赔偿金额分歧大，需司法所调解",
        ),
        by=WORKER,
    )
    flow.take_back(
        store,
        dispute.id,
        flow.TakeBack(
            track_from=MediationTrack.ADMINISTRATIVE,
            track_to=MediationTrack.PEOPLES,
            reason="司法所出具意见后退回嘎查继续调解",
        ),
        by=WORKER,
    )
    steps = flow.timeline(store, dispute.id)
    referral = steps[3]
    assert (referral.from_status, referral.to_status) == (S.MEDIATING, S.REFERRED)
    assert (
        referral.referred_to is ReferralBody.JUDICIAL_OFFICE and referral.reference_no == "司调〔2026〕17号"
    )
    assert (referral.track_from, referral.track_to) == (MediationTrack.PEOPLES, MediationTrack.ADMINISTRATIVE)
    back = steps[4]
    assert (back.from_status, back.to_status) == (S.REFERRED, S.MEDIATING)
    assert (back.track_from, back.track_to) == (MediationTrack.ADMINISTRATIVE, MediationTrack.PEOPLES)
    assert store.get(Dispute, dispute.id).status is S.MEDIATING


def test_withdrawn_needs_a_reason_and_ends_the_dispute(store: Store) -> None:
    dispute = _register(store)
    flow.accept(store, dispute.id, flow.Acceptance(), by=WORKER)
    with pytest.raises(InvalidValue, match="需要说明原因"):
        flow.withdraw(store, dispute.id, flow.Ending(reason=" "), by=WORKER)
    flow.withdraw(store, dispute.id, flow.Ending(reason="双方已自行和解"), by=WORKER)
    assert _steps(store, dispute)[-1] == (S.ACCEPTED, S.WITHDRAWN)
    assert flow.timeline(store, dispute.id)[-1].reason == "双方已自行和解"
    with pytest.raises(flow.InvalidTransition, match="该纠纷已办结"):
        flow.accept(store, dispute.id, flow.Acceptance(), by=WORKER)


@pytest.mark.parametrize(
    ("current", "target"),
    [(c, t) for c in S for t in S if t not in flow.TRANSITIONS[c]],
)
def test_every_move_the_workflow_forbids_is_refused_with_its_message(
    store: Store, current: S, target: S
) -> None:
    dispute = _register(store)
    store.save(store.get(Dispute, dispute.id).model_copy(update={"status": current}))
    before = len(flow.timeline(store, dispute.id))
    with pytest.raises(flow.InvalidTransition) as refused:
        flow.move(store, dispute.id, target, by=WORKER, reason="理由")
    assert f"纠纷当前为“{current.zh}”，不能直接转为“{target.zh}”" in refused.value.zh
    assert store.get(Dispute, dispute.id).status is current
    assert len(flow.timeline(store, dispute.id)) == before


@pytest.mark.parametrize(
    ("resolved_at", "expected"),
    [
        # 20:00 UTC on 31 January is already 1 February in Inner Mongolia.
        (datetime(2026, 1, 31, 20, 0, tzinfo=UTC), [date(2026, 2, 8), date(2026, 3, 3)]),
        (datetime(2026, 1, 31, 10, 0, tzinfo=UTC), [date(2026, 2, 7), date(2026, 3, 2)]),
        # Across a leap day and a year end.
        (datetime(2028, 2, 20, 3, 0, tzinfo=UTC), [date(2028, 2, 27), date(2028, 3, 21)]),
        (datetime(2026, 12, 28, 17, 0, tzinfo=UTC), [date(2027, 1, 5), date(2027, 1, 28)]),
    ],
)
def test_follow_ups_fall_due_on_local_days(resolved_at: datetime, expected: list[date]) -> None:
    assert flow.follow_up_dates(resolved_at, (7, 30), SHANGHAI) == expected


def test_follow_up_days_are_configurable(store: Store) -> None:
    dispute = _register(store)
    flow.accept(store, dispute.id, flow.Acceptance(), by=WORKER)
    flow.start_mediation(store, dispute.id, flow.MediationStart(mediator="张华"), by=WORKER)
    flow.resolve(
        store,
        dispute.id,
        flow.Resolution(outcome="和解", agreement="赔偿三只羊"),
        by=WORKER,
        zone=SHANGHAI,
        follow_up_days=(3,),
    )
    assert len(store.find(FollowUp, "dispute_id = ?", [str(dispute.id)])) == 1


def test_sessions_only_while_mediating_and_major_risk_needs_attention(store: Store) -> None:
    dispute = _register(store, risk_level=RiskLevel.MAJOR)
    session = MediationSession(
        grid=GRID,
        author=WORKER,
        dispute_id=dispute.id,
        held_at=datetime.now(UTC),
        track=MediationTrack.PEOPLES,
        method=MediationMethod.PHONE,
    )
    with pytest.raises(flow.InvalidTransition, match="只有调解中的纠纷"):
        flow.add_session(store, session)
    assert [d.id for d in flow.needing_attention(store, [GRID])] == [dispute.id]
    flow.withdraw(store, dispute.id, flow.Ending(reason="撤回"), by=WORKER)
    assert flow.needing_attention(store, [GRID]) == []


def test_the_service_says_which_moves_each_status_allows(store: Store) -> None:
    M = flow.Move
    dispute = _register(store)
    assert flow.allowed_moves(store, dispute) == {M.ACCEPT, M.WITHDRAW}
    dispute = flow.accept(store, dispute.id, flow.Acceptance(), by=WORKER)
    assert flow.allowed_moves(store, dispute) == {M.MEDIATE, M.REFER, M.WITHDRAW}
    dispute = flow.refer(
        store,
        dispute.id,
        flow.Referral(
            to=ReferralBody.JUDICIAL_OFFICE,
            reference_no="司调〔2026〕18号",
            track_from=MediationTrack.PEOPLES,
            track_to=MediationTrack.ADMINISTRATIVE,
            reason="需司法所调解",
        ),
        by=WORKER,
    )
    assert M.TAKE_BACK in flow.allowed_moves(store, dispute)
    assert M.MEDIATE not in flow.allowed_moves(store, dispute), "mediation restarts by taking it back"
    dispute = flow.take_back(
        store,
        dispute.id,
        flow.TakeBack(
            track_from=MediationTrack.ADMINISTRATIVE, track_to=MediationTrack.PEOPLES, reason="司法所退回"
        ),
        by=WORKER,
    )
    assert {M.SESSION, M.RESOLVE, M.UNRESOLVED} <= flow.allowed_moves(store, dispute)
    dispute = flow.resolve(
        store,
        dispute.id,
        flow.Resolution(outcome="重设围栏", agreement="按合同界桩重设。"),
        by=WORKER,
        zone=SHANGHAI,
    )
    # Closing is offered; the service refuses it while the follow-up visits are still to do.
    assert flow.allowed_moves(store, dispute) == {M.FOLLOW_UP, M.CLOSE, M.JUDICIAL, M.AGREEMENT_PDF}


def test_the_agreement_is_stored_and_listed_in_one_transaction(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    dispute = _register(store)
    pdf = b"%PDF-1.4 agreement"

    def refuse(record: object, *args: object, **kwargs: object) -> object:
        raise RuntimeError("power cut")

    monkeypatch.setattr(store, "save", refuse)
    with pytest.raises(RuntimeError):
        flow.attach_agreement(store, dispute.id, pdf)
    monkeypatch.undo()
    assert store.db.execute("SELECT count(*) FROM attachment_files").fetchone()[0] == 0
    listed = flow.attach_agreement(store, dispute.id, pdf)
    assert len(listed.attachments) == 1
    assert flow.attach_agreement(store, dispute.id, pdf).attachments == listed.attachments


def test_judicial_confirmation_is_refused_before_an_agreement_and_recorded_after(store: Store) -> None:
    M = flow.Move
    today = date(2026, 12, 14)
    # Agreed by 12-09, so the application of 12-10 comes after it, whatever the real clock says.
    at = min(datetime.now(UTC), datetime(2026, 12, 9, 2, tzinfo=UTC)) - timedelta(minutes=5)
    dispute = _register(store, ethnic_factors=True, created_at=at - timedelta(hours=3))
    flow.accept(store, dispute.id, flow.Acceptance(at=at - timedelta(hours=2)), by=WORKER)
    flow.start_mediation(
        store, dispute.id, flow.MediationStart(mediator="张华", at=at - timedelta(hours=1)), by=WORKER
    )
    applied = flow.JudicialConfirmation(court="正镶白旗人民法院", applied_on=date(2026, 12, 10))
    with pytest.raises(flow.InvalidTransition, match="尚未达成调解协议，不能申请司法确认"):
        flow.confirm_judicially(store, dispute.id, applied, by=WORKER, today=today, zone=SHANGHAI)
    assert M.JUDICIAL not in flow.allowed_moves(store, store.get(Dispute, dispute.id))

    agreed = flow.Resolution(outcome="和解", agreement="一、按合同界桩重设网围栏；二、费用各半。", at=at)
    flow.resolve(store, dispute.id, agreed, by=WORKER, zone=SHANGHAI)
    assert M.JUDICIAL in flow.allowed_moves(store, store.get(Dispute, dispute.id))
    with pytest.raises(InvalidValue, match="人民法院"):
        flow.confirm_judicially(
            store,
            dispute.id,
            flow.JudicialConfirmation(court=" ", applied_on=date(2026, 12, 10)),
            by=WORKER,
            today=today,
            zone=SHANGHAI,
        )
    with pytest.raises(InvalidValue, match="裁定的日期"):
        decided = flow.JudicialConfirmation(
            court="正镶白旗人民法院", applied_on=date(2026, 12, 10), result=JudicialResult.CONFIRMED
        )
        flow.confirm_judicially(store, dispute.id, decided, by=WORKER, today=today, zone=SHANGHAI)
    flow.confirm_judicially(store, dispute.id, applied, by=WORKER, today=today, zone=SHANGHAI)
    confirmed = flow.JudicialConfirmation(
        court="正镶白旗人民法院",
        applied_on=date(2026, 12, 10),
        result=JudicialResult.CONFIRMED,
        decided_on=date(2026, 12, 13),
    )
    stored = flow.confirm_judicially(store, dispute.id, confirmed, by=WORKER, today=today, zone=SHANGHAI)

    assert (stored.judicial_court, stored.judicial_result, stored.judicial_decided_on, stored.status) == (
        "正镶白旗人民法院",
        JudicialResult.CONFIRMED,
        date(2026, 12, 13),
        S.FOLLOW_UP,
    )
    assert store.get(Dispute, dispute.id).ethnic_factors
    reasons = [step.reason for step in flow.timeline(store, dispute.id)][-2:]
    assert reasons == [
        "申请司法确认（正镶白旗人民法院，2026-12-10）",
        "司法确认：已确认（正镶白旗人民法院，2026-12-13）",
    ]
    assert M.JUDICIAL not in flow.allowed_moves(store, stored)


def test_judicial_confirmation_cannot_be_applied_for_before_the_local_day_of_the_agreement(
    store: Store,
) -> None:
    """Agreed at 01:30 on 3 March in Inner Mongolia, which is still 2 March in UTC: an
    application dated 2 March would be for an agreement that did not exist yet."""
    agreed_at = datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
    dispute = _register(store, created_at=agreed_at - timedelta(days=5))
    flow.accept(store, dispute.id, flow.Acceptance(at=agreed_at - timedelta(days=4)), by=WORKER)
    flow.start_mediation(
        store, dispute.id, flow.MediationStart(mediator="张华", at=agreed_at - timedelta(days=3)), by=WORKER
    )
    flow.resolve(
        store,
        dispute.id,
        flow.Resolution("和解", "按旧界桩重设网围栏", at=agreed_at),
        by=WORKER,
        zone=SHANGHAI,
    )
    today = date(2026, 3, 20)
    for early in (date(2026, 2, 1), date(2026, 3, 2)):
        with pytest.raises(InvalidValue, match="不能早于达成调解协议的日期（2026-03-03）") as refused:
            flow.confirm_judicially(
                store,
                dispute.id,
                flow.JudicialConfirmation("旗人民法院", early),
                by=WORKER,
                today=today,
                zone=SHANGHAI,
            )
        assert refused.value.code == "judicial_applied_before_agreement"
    assert store.get(Dispute, dispute.id).judicial_applied_on is None
    confirmed = flow.confirm_judicially(
        store,
        dispute.id,
        flow.JudicialConfirmation("旗人民法院", date(2026, 3, 3)),
        by=WORKER,
        today=today,
        zone=SHANGHAI,
    )
    assert confirmed.judicial_applied_on == date(2026, 3, 3)
