"""Grid scope end to end, with a real server and three laptops: two villages and their township.

The township laptop receives both villages and may write them; a village laptop only its own; a
supervisor's review made on the township laptop is applied, not refused; a household transferred
from one village to the other arrives whole on the second village's laptop, with its history, and
leaves the first village's laptop at its next sync. Nothing is refused anywhere.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from app.models import (
    AuditEvent,
    Dispute,
    DisputeCategory,
    DisputeParty,
    FollowUp,
    Household,
    PartyRole,
    Resident,
    Role,
    Visit,
)
from app.services import reviews
from app.services.disputes import (
    Acceptance,
    MediationStart,
    Resolution,
    accept,
    follow_ups_of,
    record_follow_up,
    register_dispute,
    resolve,
    start_mediation,
)
from app.services.session import session_for
from app.services.transfers import transfer_household
from tests.conftest import make_household, make_resident, make_visit
from tests.harness.laptops import LiveServer, state


def _ids(store, model) -> set[str]:
    return {str(record.id) for record in store.find(model, include_deleted=True)}


def test_township_villages_and_a_transfer(live: LiveServer, tmp_path: Path) -> None:
    township, (bayan, chagan) = live.new_township(["巴彦嘎查", "查干嘎查"])
    first = live.laptop(tmp_path, "bayan", [bayan])
    second = live.laptop(tmp_path, "chagan", [chagan])
    office = live.laptop(tmp_path, "township", [township])

    household = first.ui.save(make_household(grid=bayan, head_name="其其格"))
    resident = first.ui.save(make_resident(household, name="其其格"))
    visit = first.ui.save(make_visit(household))
    dispute = Dispute(
        grid=bayan, author="worker101", title="草场边界纠纷", category=DisputeCategory.GRASSLAND
    )
    party = DisputeParty(
        grid=bayan,
        author="worker101",
        dispute_id=dispute.id,
        role=PartyRole.APPLICANT,
        name="其其格",
        resident_id=resident.id,
    )
    register_dispute(first.ui, dispute, [party])
    accept(first.ui, dispute.id, Acceptance(), by="worker101")
    start_mediation(first.ui, dispute.id, MediationStart(mediator="巴特尔"), by="worker101")
    resolve(
        first.ui,
        dispute.id,
        Resolution(outcome="双方同意", agreement="按原界线放牧"),
        by="worker101",
        zone=UTC,
    )
    record_follow_up(
        first.ui, follow_ups_of(first.ui, dispute.id)[0].id, make_visit(household, summary="回访")
    )
    neighbour = second.ui.save(make_household(grid=chagan, head_name="巴图"))
    for laptop in (first, second, office):
        assert laptop.sync().refused == 0

    assert str(household.id) in _ids(office.ui, Household) and str(neighbour.id) in _ids(office.ui, Household)
    assert _ids(first.ui, Household) == {str(household.id)}, "a village laptop holds its own village"
    assert _ids(second.ui, Household) == {str(neighbour.id)}

    supervisor = session_for(office.ui, "supervisor1", "张伟", Role.SUPERVISOR, (township,))
    assert set(supervisor.grids) == {township, bayan, chagan}
    reviews.approve(office.ui, supervisor, "visits", visit.id)
    moved = transfer_household(office.ui, supervisor, household.id, chagan, reason="全家搬迁至查干嘎查")
    assert moved.moved >= 10
    for laptop in (office, first, second, first):
        assert laptop.sync().refused == 0, laptop.name

    for model in (Household, Resident, Visit, Dispute, DisputeParty, FollowUp):
        on_second = {r.id: r for r in second.ui.find(model, include_deleted=True)}
        on_office = {r.id: r for r in office.ui.find(model, include_deleted=True)}
        assert set(on_office) <= set(on_second) | {neighbour.id}, model.entity
        assert all(record.grid == chagan for record in on_second.values()), model.entity
        assert _ids(first.ui, model) == set(), f"{model.entity} left the first village's laptop"
    assert second.ui.get(Visit, visit.id).review_state.value == "approved", "its history came along"
    assert second.ui.get(Dispute, dispute.id).status.value == "follow_up"
    audit = second.ui.find(AuditEvent)
    assert audit and "全家搬迁" in audit[0].detail and "巴彦嘎查" in audit[0].detail
    assert first.ui.search("其其格").hits == [], "nor can it be found there"
    for laptop in (first, second, office):
        assert laptop.ui.db.execute("SELECT count(*) FROM sync_inbox").fetchone()[0] == 0, laptop.name
        assert state(laptop.ui)  # every table still reads
        laptop.close()
