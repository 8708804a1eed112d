"""A supervisor's approval is of what they saw, on SQLite and PostgreSQL.

Before: a worker's edit made while a supervisor approved the visit merged silently — the visit
ended approved with a summary no supervisor had read, and locked for the worker."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from server import db
from tests.server.conftest import G1, DeviceClock, change, enroll, pull_all, push


def _visit(client: TestClient, device, clock: DeviceClock) -> tuple[uuid.UUID, str]:
    visit = uuid.uuid4()
    stamp = clock()
    push(
        client,
        device,
        change(visit, "summary", "入户了解情况", stamp, entity="visits"),
        change(visit, "review_state", "pending", stamp, entity="visits"),
    )
    return visit, stamp


def _state(engine: Engine, visit: uuid.UUID) -> str:
    with engine.connect() as conn:
        return conn.execute(
            sa.select(db.field_state.c.value).where(
                db.field_state.c.record_id == str(visit), db.field_state.c.field == "review_state"
            )
        ).scalar_one()


def test_an_edit_arriving_after_the_approval_sends_the_record_back_to_review(
    client: TestClient, engine: Engine
) -> None:
    worker, supervisor = (
        enroll(client, engine, G1, name="worker"),
        enroll(client, engine, G1, name="supervisor"),
    )
    worker_clock, supervisor_clock = DeviceClock(worker.id), DeviceClock(supervisor.id)
    visit, created = _visit(client, worker, worker_clock)
    approval = push(
        client,
        supervisor,
        change(visit, "review_state", "approved", supervisor_clock(), entity="visits", base_hlc=created),
    )
    assert approval.json()["results"][0]["status"] == "applied"
    edit = push(
        client,
        worker,
        change(visit, "summary", "补充：孩子已返校", worker_clock(), entity="visits", base_hlc=created),
    )
    assert edit.json()["results"][0]["status"] == "applied"
    assert _state(engine, visit) == "pending", "back in the review queue with what changed"
    for device in (worker, supervisor):
        pulled, _ = pull_all(client, device)
        states = [c["value"] for c in pulled if c["field"] == "review_state"]
        assert states[-1] == "pending", "every laptop hears of it, the editor's too"


def test_an_approval_of_a_version_without_the_latest_edit_is_a_conflict(
    client: TestClient, engine: Engine
) -> None:
    worker, supervisor = (
        enroll(client, engine, G1, name="worker"),
        enroll(client, engine, G1, name="supervisor"),
    )
    worker_clock, supervisor_clock = DeviceClock(worker.id), DeviceClock(supervisor.id)
    visit, created = _visit(client, worker, worker_clock)
    push(
        client,
        worker,
        change(visit, "summary", "补充：孩子已返校", worker_clock(), entity="visits", base_hlc=created),
    )
    approval = push(
        client,
        supervisor,
        change(visit, "review_state", "approved", supervisor_clock(), entity="visits", base_hlc=created),
    )
    assert approval.json()["results"][0]["status"] == "conflict"
    with engine.connect() as conn:
        conflict = conn.execute(sa.select(db.conflicts)).one()
    assert (conflict.current_value, conflict.incoming_value) == ("pending", "approved")


def test_an_approval_of_what_the_supervisor_last_saw_is_plain(client: TestClient, engine: Engine) -> None:
    worker, supervisor = (
        enroll(client, engine, G1, name="worker"),
        enroll(client, engine, G1, name="supervisor"),
    )
    worker_clock, supervisor_clock = DeviceClock(worker.id), DeviceClock(supervisor.id)
    visit, _created = _visit(client, worker, worker_clock)
    edited = worker_clock()
    push(client, worker, change(visit, "summary", "补充：孩子已返校", edited, entity="visits"))
    approval = push(
        client,
        supervisor,
        change(visit, "review_state", "approved", supervisor_clock(), entity="visits", base_hlc=edited),
    )
    assert approval.json()["results"][0]["status"] == "applied"
    assert _state(engine, visit) == "approved"
