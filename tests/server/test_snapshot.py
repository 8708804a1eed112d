"""A new laptop's first pull (server.snapshot): whatever the page size, every record in the
device's scope comes exactly once as it stands at the snapshot, nothing outside it comes, the
conflicts come after the records, and a position the server did not write is refused readably."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.models import Record
from app.models.record import CREATION
from sync.protocol import CONFLICTS_ENTITY, SnapshotResponse
from tests.conftest import make_household, make_resident, make_visit
from tests.server.conftest import G1, G2, DeviceClock, EnrolledDevice, change, enroll, push

Fields = dict[tuple[str, str], dict[str, Any]]


def _create(record: Record, stamp: str) -> dict[str, object]:
    values = record.model_dump(mode="json", exclude={"id", "updated_at"})
    return change(record.id, CREATION, values, stamp, entity=record.entity, grid=record.grid)


def _walk(client: TestClient, device: EnrolledDevice, limit: int) -> tuple[list[dict[str, Any]], int]:
    """Every page of a first pull at this page size: the changes served, and the fixed high."""
    served: list[dict[str, Any]] = []
    high, after = 0, ""
    for _ in range(10_000):
        response = client.get(
            "/v1/snapshot", params={"high": high, "after": after, "limit": limit}, headers=device.headers
        )
        assert response.status_code == 200, response.text
        page = SnapshotResponse.model_validate_json(response.content, strict=True)
        assert high in (0, page.high), "the high seq is fixed by the first page"
        high = page.high
        served += [c.model_dump(mode="json") for c in page.changes]
        if page.after is None:
            return served, high
        after = page.after
    raise AssertionError("the pages should end")


def _current(served: list[dict[str, Any]]) -> Fields:
    """Each record's fields as a laptop ends up with them: the newest version of each."""
    fields: dict[tuple[str, str], dict[str, tuple[Any, str]]] = {}
    for c in served:
        if c["entity"] == CONFLICTS_ENTITY:
            continue
        record = fields.setdefault((c["entity"], c["record_id"]), {})
        versions = c["value"].items() if c["field"] == CREATION else [(c["field"], c["value"])]
        for name, value in versions:
            if name not in record or record[name][1] < c["hlc"]:
                record[name] = (value, c["hlc"])
    return {key: {name: value for name, (value, _) in record.items()} for key, record in fields.items()}


@pytest.fixture
def grid_with_history(client: TestClient, engine: Engine) -> tuple[EnrolledDevice, EnrolledDevice, Fields]:
    """A worker's laptop in G1 has written households, residents and visits, edited some many
    times, moved one household to G2 and collided with a second laptop on a phone number; G2
    has records of its own. Returns the two G1 laptops and what G1 holds now."""
    worker, other = enroll(client, engine, G1, name="worker"), enroll(client, engine, G1, name="other")
    elsewhere = enroll(client, engine, G2, name="elsewhere")
    clock, other_clock, far_clock = DeviceClock(worker.id), DeviceClock(other.id), DeviceClock(elsewhere.id)
    expected: Fields = {}
    households = [make_household(grid=G1, address=f"巴彦嘎查{n}号") for n in range(7)]
    visits = [make_visit(household, grid=G1) for household in households]
    creations = []
    for household, visit in zip(households, visits, strict=True):
        residents = [make_resident(household, name=name) for name in ("巴特尔", "其其格", "Saran")]
        for record in (household, *residents, visit):
            creations.append(_create(record, clock()))
            expected[(record.entity, str(record.id))] = record.model_dump(mode="json", exclude={"updated_at"})
    assert push(client, worker, *creations).status_code == 200
    first = households[0]
    for n in range(5):  # edited over and over: only the last value is current
        phone = f"1380000000{n}"
        assert push(client, worker, change(first.id, "phone", phone, clock())).status_code == 200
    expected[("households", str(first.id))]["phone"] = phone
    moved = households[1]  # by a township laptop, which covers both villages
    mover = enroll(client, engine, G1, G2, name="township")
    move = push(client, mover, change(moved.id, "grid", G2, DeviceClock(mover.id)(), grid=G1)).json()
    assert move["results"][0]["status"] == "applied"
    expected.pop(("households", str(moved.id)))
    contested = visits[2]  # two supervisors decide on one visit, neither having seen the other
    decisions = ((worker, clock(), "approved"), (other, other_clock(), "returned"))
    for device, stamp, state in decisions:
        answer = push(client, device, change(contested.id, "review_state", state, stamp, entity="visits"))
        assert answer.status_code == 200
    assert answer.json()["results"][0]["status"] == "conflict"
    expected[("visits", str(contested.id))]["review_state"] = max(decisions, key=lambda d: d[1])[2]
    far = make_household(grid=G2, address="查干嘎查1号")
    assert push(client, elsewhere, _create(far, far_clock())).status_code == 200
    for record in expected.values():
        record.pop("id")
    return worker, other, expected


@pytest.mark.parametrize("limit", [1, 2, 3, 5, 7, 13, 40, 1000])
def test_every_record_in_scope_comes_once_as_it_stands(
    client: TestClient, grid_with_history: tuple[EnrolledDevice, EnrolledDevice, Fields], limit: int
) -> None:
    worker, _other, expected = grid_with_history
    served, _high = _walk(client, worker, limit)
    records = [(c["entity"], c["record_id"]) for c in served if c["field"] == CREATION]
    assert len(records) == len(set(records)), "no record twice"
    current = {key: fields for key, fields in _current(served).items() if key[0] != "grids"}
    assert current == expected
    grids = {c["record_id"] for c in served if c["entity"] == "grids"}
    assert grids and all(c["grid"] != G2 for c in served if c["entity"] != "grids")


def test_the_conflicts_come_after_the_records(
    client: TestClient, grid_with_history: tuple[EnrolledDevice, EnrolledDevice, Fields]
) -> None:
    worker, _other, _expected = grid_with_history
    served, _high = _walk(client, worker, 4)
    kinds = [c["entity"] == CONFLICTS_ENTITY for c in served]
    assert kinds.count(True) >= 1
    assert kinds == sorted(kinds), "records first, then conflicts"
    assert {c["value"]["field"] for c in served if c["entity"] == CONFLICTS_ENTITY} == {"review_state"}


def test_a_change_after_the_high_seq_is_left_to_the_pull(
    client: TestClient, grid_with_history: tuple[EnrolledDevice, EnrolledDevice, Fields]
) -> None:
    """Records come as they stand when their page is read; the pull from ``high`` brings what
    changed since, so nothing committed after the first page is missed."""
    worker, other, _expected = grid_with_history
    first = client.get("/v1/snapshot", params={"limit": 2}, headers=worker.headers)
    high = SnapshotResponse.model_validate_json(first.content).high
    late = make_household(grid=G1, address="巴彦嘎查99号")
    assert push(client, other, _create(late, DeviceClock(other.id)())).status_code == 200
    pulled = client.get("/v1/pull", params={"cursor": high}, headers=worker.headers).json()["changes"]
    assert [c["record_id"] for c in pulled] == [str(late.id)]


@pytest.mark.parametrize(
    "after",
    [
        "nonsense",
        "records:",
        "records:no_such_type/x",
        "conflicts:x",
        "conflicts:-1",
        "x:6f1c2a9e-5b7d-4e0a-9c3f-2d8b1a7e4c50",
    ],
)
def test_a_position_the_server_did_not_write_is_refused(
    client: TestClient, engine: Engine, after: str
) -> None:
    device = enroll(client, engine, G1)
    response = client.get("/v1/snapshot", params={"after": after}, headers=device.headers)
    assert response.status_code == 400
    assert response.json()["error"] == "bad_snapshot_position"
    assert "续传位置" in response.json()["message_zh"]
