"""The scope matrix, at the service level: worker / supervisor / admin × own village / sibling village /
other township × save, get, list, search, picker, 工作台, dashboard and ledger export — every cell
asserted. "ok" is done or shown, "hidden" is left out of what the person is shown, "refused" is a
PermissionDenied naming the grid (or the role) in words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.errors import OutsideThisLaptop
from app.models import AuditEvent, Household, Role, VolunteerTeam
from app.services import pickers, scoped
from app.services.dashboard import figures
from app.services.ledgers import LedgerRequest, export_ledger
from app.services.lists import page
from app.services.session import PermissionDenied, Session, session_for
from app.services.volunteering import teams_for
from app.services.workbench import day_for
from app.store import Store
from app.store.listing import ListFilter
from tests import scope_world as world
from tests.scope_world import HOUSEHOLDS_IN, LABELS, T1, TODAY, A, B, C, Village

OWN, SIBLING, OTHER = A, B, C
# Who covers what (a worker their village; a township supervisor its villages; an admin every
# grid but may neither record nor export), and the cells that follow from it.
SEES = {"worker": {A}, "supervisor": {A, B}, "admin": {A, B, C}}
MAY_RECORD = {"worker": True, "supervisor": True, "admin": False}
MAY_EXPORT = {"worker": False, "supervisor": True, "admin": False}
SESSIONS: dict[str, Callable[[Store], Session]] = {
    "worker": world.worker,
    "supervisor": world.supervisor,
    "admin": world.admin,
}
OPERATIONS = ("save", "get", "list", "search", "picker", "workbench", "dashboard", "ledger")


def expected(role: str, place: str) -> dict[str, str]:
    seen = "ok" if place in SEES[role] else "hidden"
    return {
        "save": "ok" if MAY_RECORD[role] and place in SEES[role] else "refused",
        "get": "ok" if place in SEES[role] else "refused",
        "list": seen,
        "search": seen,
        "picker": seen,
        "workbench": seen,
        "dashboard": seen,
        "ledger": "ok" if MAY_EXPORT[role] and place in SEES[role] else "refused",
    }


@pytest.fixture
def laptop(db_path: Path, key: bytes) -> Iterator[tuple[Store, dict[str, Village]]]:
    with Store.open(db_path, key) as store:
        yield store, world.build(store)


def _shown(found: set[str], wanted: set[str]) -> str:
    """ok when everything of the village is there, hidden when none of it is."""
    return "ok" if wanted <= found else "hidden" if not wanted & found else f"partly: {wanted - found}"


def _refusal(attempt: Callable[[], object]) -> str:
    try:
        attempt()
    except PermissionDenied as refused:
        assert not any(code in refused.zh + refused.en for code in world.VILLAGES), "named, not coded"
        return "refused"
    return "ok"


def _outcomes(store: Store, session: Session, place: str, village: Village, tmp_path: Path) -> dict[str, str]:
    records = {str(h.id) for h in village.households}
    people = {str(r.id) for r in village.residents}
    listed = {
        row["id"]
        for entity in ("households", "visits", "disputes")
        for row in page(store, session, entity, ListFilter(), limit=100)
    }
    hits = {hit.record_id for hit in scoped.search(store, session, "乌力吉", limit=50).hits}
    picked = {c.record_id for c in pickers.candidates(store, session, "households", "乌力吉")}
    day = day_for(store, session, TODAY, limit=100)
    on_workbench = {e.record_id for card in (day.due, day.major, day.recent) for e in card.entries}
    shown = figures(store, session, today=TODAY, zone=UTC)
    # Each village's share of a figure is a different power of two: the total says which counted.
    counted = {grid for grid in world.VILLAGES if shown.households & HOUSEHOLDS_IN[grid]}
    overdue = {
        grid for grid in world.VILLAGES if (shown.overdue_follow_ups - len(counted)) & HOUSEHOLDS_IN[grid]
    }
    assert overdue == counted, "overdue counted over the same villages as the households"
    dispute = str(village.dispute.id) if village.dispute else ""
    ledger = tmp_path / f"{place}.xlsx"

    def save() -> None:
        store.guard = session.admit
        try:
            store.save(Household(grid=place, author=session.username, head_name="巴特尔", address="新址1号"))
        finally:
            store.guard = None

    return {
        "save": _refusal(save),
        "get": _refusal(lambda: scoped.get(store, session, Household, village.households[0].id)),
        "list": _shown(listed, records | {str(v.id) for v in village.visits} | {dispute}),
        "search": _shown(hits, records | people),
        "picker": _shown(picked, records),
        "workbench": _shown(on_workbench, records | {dispute}),
        "dashboard": "ok" if place in counted else "hidden",
        "ledger": _refusal(
            lambda: export_ledger(store, session, LedgerRequest("visits", ledger, (place,)), zone=UTC)
        ),
    }


@pytest.mark.parametrize(
    "place", [OWN, SIBLING, OTHER], ids=["own village", "sibling village", "other township"]
)
@pytest.mark.parametrize("role", ["worker", "supervisor", "admin"])
def test_scope_matrix(laptop, role: str, place: str, tmp_path: Path) -> None:
    store, villages = laptop
    session = SESSIONS[role](store)
    assert _outcomes(store, session, place, villages[place], tmp_path) == expected(role, place)


def test_a_refusal_names_the_grid_as_people_know_it(laptop) -> None:
    store, villages = laptop
    worker = world.worker(store)
    with pytest.raises(PermissionDenied) as refused:
        scoped.get(store, worker, Household, villages[C].households[0].id)
    assert LABELS[C] in refused.value.zh and C not in refused.value.zh
    assert worker.grids == (A,) and worker.names[A] == LABELS[A]


def test_a_ledger_names_its_grids_and_its_audit_entry_too(laptop, tmp_path: Path) -> None:
    store, _villages = laptop
    supervisor = world.supervisor(store)
    path = tmp_path / "visits.xlsx"
    request = LedgerRequest("visits", path, (A, B), full_id_numbers=True)
    store.guard = supervisor.admit
    assert export_ledger(store, supervisor, request, zone=UTC) == HOUSEHOLDS_IN[A] + HOUSEHOLDS_IN[B]
    rows = list(load_workbook(path).active.iter_rows(min_row=2, values_only=True))
    assert sorted({row[1] for row in rows}) == sorted({LABELS[A], LABELS[B]})
    [audit] = store.find(AuditEvent)
    assert LABELS[A] in audit.detail and A not in audit.detail


def test_a_laptop_bounds_what_even_a_wider_account_sees_and_saves(laptop) -> None:
    """A banner supervisor logged in on the first township's laptop: the laptop's grids bound them."""
    store, villages = laptop
    store.set_meta("server_grids", f'["{T1}"]')
    banner = session_for(store, "supervisor0", "旗督导", Role.SUPERVISOR, (world.BANNER,))
    assert set(banner.grids) == {T1, A, B}
    store.guard = banner.admit
    with pytest.raises(OutsideThisLaptop) as refused:
        store.save(Household(grid=C, author="supervisor0", head_name="巴特尔", address="新址1号"))
    assert LABELS[C] in refused.value.zh
    assert {c.grid for c in pickers.candidates(store, banner, "households", "乌力吉")} == {
        LABELS[A],
        LABELS[B],
    }
    # The other township's records are still on this laptop (as one that left with unsent changes
    # stays): a list leaves them out all the same.
    listed = {row["id"] for row in page(store, banner, "households", ListFilter())}
    assert listed == {str(h.id) for grid in (A, B) for h in villages[grid].households}


def test_a_worker_records_activities_of_their_townships_team_not_anothers(laptop) -> None:
    store, _villages = laptop
    ours = store.save(VolunteerTeam(grid=T1, author="admin", name="宝力根苏木红石榴志愿服务队"))
    store.save(VolunteerTeam(grid=world.T2, author="admin", name="查干淖尔镇红石榴志愿服务队"))
    assert [t.id for t in teams_for(store, world.worker(store))] == [ours.id]
    assert [t.id for t in teams_for(store, world.supervisor(store))] == [ours.id]
    assert len(teams_for(store, world.admin(store))) == 2
