"""However the server's pages happen to order and split a laptop's changes, another laptop applies
every page, ends with the same records, and never fails a foreign key.

The server serves changes in the order they were accepted, but several laptops push at once, pages
end anywhere, and a record's fields may arrive before or after the records it points at. Here the
changes of a whole mediation story — households, residents, a dispute with parties, follow-ups done
by visits, volunteers and their hours, edits that re-point references, a delete — arrive in every
order hypothesis can think of, cut into pages anywhere.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.clock import Stamp
from app.models import (
    Dispute,
    DisputeCategory,
    DisputeParty,
    Household,
    Participation,
    PartyRole,
    Resident,
    Review,
    ReviewDecision,
    Volunteer,
    VolunteerActivity,
    VolunteerTeam,
)
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
from app.store import Store
from sync import apply
from sync.pages import apply_page
from tests.conftest import GRID, make_household, make_resident, make_visit
from tests.harness.laptops import state


def _story(store: Store) -> None:
    first = store.save(make_household())
    second = store.save(make_household(head_name="其其格", address="巴彦嘎查1组2号"))
    elder = store.save(make_resident(first, name="巴特尔"))
    young = store.save(make_resident(second, name="其其格"))
    dispute = Dispute(grid=GRID, author="w", title="牲畜损害纠纷", category=DisputeCategory.LIVESTOCK_DAMAGE)
    party = DisputeParty(
        grid=GRID,
        author="w",
        dispute_id=dispute.id,
        role=PartyRole.APPLICANT,
        name="巴特尔",
        resident_id=elder.id,
    )
    register_dispute(store, dispute, [party])
    accept(store, dispute.id, Acceptance(), by="w")
    start_mediation(store, dispute.id, MediationStart(mediator="乌力吉"), by="w")
    resolve(store, dispute.id, Resolution(outcome="赔偿两只羊", agreement="十日内赔付"), by="w", zone=UTC)
    visited = datetime.now(UTC) - timedelta(minutes=30)
    for follow_up in follow_ups_of(store, dispute.id):
        visit = make_visit(first, visited_at=visited, summary="回访")
        record_follow_up(store, follow_up.id, visit)
    team = store.save(VolunteerTeam(grid=GRID, author="w", name="红石榴志愿服务队"))
    volunteer = store.save(
        Volunteer(grid=GRID, author="w", name="其其格", team_id=team.id, resident_id=young.id)
    )
    activity = store.save(
        VolunteerActivity(
            grid=GRID,
            author="w",
            title="草原防火宣讲",
            team_id=team.id,
            started_at=visited,
            ended_at=visited + timedelta(hours=2),
        )
    )
    hours = store.save(
        Participation(grid=GRID, author="w", activity_id=activity.id, volunteer_id=volunteer.id, hours=2)
    )
    store.save(hours.model_copy(update={"hours": 3.5}))
    store.save(store.get(Resident, young.id).model_copy(update={"household_id": first.id}))
    store.save(
        Review(
            grid=GRID,
            author="s",
            record_entity="volunteer_activities",
            record_id=activity.id,
            decision=ReviewDecision.APPROVED,
            reviewer="s",
        )
    )
    store.save(store.get(Household, second.id).model_copy(update={"phone": "13947912345"}))
    store.delete(Household, second.id)


@cache
def _source() -> tuple[tuple[apply.RemoteChange, ...], str]:
    """The story's changes as the server would serve them, and the state they make."""
    folder = Path(tempfile.mkdtemp())
    with Store.open(folder / "source.db") as store:
        _story(store)
        rows = store.db.execute(
            "SELECT entity, record_id, grid, field, value, hlc FROM change_log ORDER BY seq"
        ).fetchall()
        expected = json.dumps(state(store), sort_keys=True, default=str)
    changes = tuple(apply.RemoteChange(e, r, g, f, json.loads(v), h) for e, r, g, f, v, h in rows)
    return changes, expected


def _server_hlc() -> str:
    return str(Stamp(int(datetime.now(UTC).timestamp() * 1000), 0, "server1"))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_order_and_any_page_cuts_end_in_the_same_records(data: st.DataObject) -> None:
    changes, expected = _source()
    order = data.draw(st.permutations(changes))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(order) - 1), max_size=12)))
    pages = [order[start:end] for start, end in zip([0, *cuts], [*cuts, len(order)], strict=True)]
    folder = Path(tempfile.mkdtemp())
    with Store.open(folder / "laptop.db") as store:
        for number, page in enumerate(pages, start=1):
            apply_page(store, list(page), number, _server_hlc())
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.db.execute("SELECT count(*) FROM sync_inbox").fetchone()[0] == 0
        assert json.dumps(state(store), sort_keys=True, default=str) == expected
