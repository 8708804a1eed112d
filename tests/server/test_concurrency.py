"""Several writers pushing and several readers pulling at once on PostgreSQL, through a real
server run as in production, two processes: every reader ends with every change exactly once,
in seq order; pushes racing on one record decide one after the other."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from app.models import GridLevel
from server import devices
from server.db import create_db_engine
from server.migrate import upgrade
from tests.harness.server_process import running_server
from tests.server.conftest import G1, DeviceClock, change

DURATION_S = 20
WRITERS, READERS = 4, 3


def _enroll_all(database_url: str, count: int) -> list[str]:
    engine = create_db_engine(database_url)
    upgrade(engine)
    with engine.begin() as conn:
        devices.add_grid(conn, G1, "巴彦嘎查", GridLevel.VILLAGE)
        codes = [devices.create_enroll_code(conn, [G1]) for _ in range(count)]
    engine.dispose()
    return codes


@pytest.mark.slow
def test_readers_see_every_change_exactly_once_under_concurrent_pushes(pg_url: str, tmp_path: Path) -> None:
    codes = _enroll_all(pg_url, WRITERS + READERS)
    with running_server(pg_url, tmp_path, TONGXIN_SERVER_WORKERS="2") as base:
        tokens = [
            httpx.post(f"{base}/v1/enroll", json={"code": code, "device_name": f"d{i}"}).json()
            for i, code in enumerate(codes)
        ]
        stop, writers_finished = threading.Event(), threading.Event()
        applied: list[set[tuple[str, str]]] = [set() for _ in range(WRITERS)]
        seen: list[list[tuple[int, str, str]]] = [[] for _ in range(READERS)]
        errors: list[BaseException] = []

        def writer(index: int) -> None:
            device = tokens[index]
            clock = DeviceClock(device["device_id"])
            with httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {device['token']}"}, timeout=30
            ) as http:
                while not stop.is_set():
                    batch = []
                    for _ in range(10):
                        record = str(uuid.uuid4())
                        batch += [
                            {
                                "entity": "households",
                                "record_id": record,
                                "grid": G1,
                                "field": field,
                                "value": value,
                                "hlc": clock(),
                            }
                            for field, value in (("head_name", "王芳"), ("address", "巴彦嘎查1组"))
                        ]
                    results = http.post(
                        "/v1/push", json={"batch_id": str(uuid.uuid4()), "changes": batch}
                    ).json()
                    for sent, result in zip(batch, results["results"], strict=True):
                        assert result["status"] == "applied"
                        applied[index].add((sent["record_id"], sent["field"]))

        def reader(index: int) -> None:
            device = tokens[WRITERS + index]
            cursor = 0
            with httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {device['token']}"}, timeout=30
            ) as http:
                while True:
                    writers_done = writers_finished.is_set()
                    page = http.get("/v1/pull", params={"cursor": cursor, "limit": 200}).json()
                    seen[index] += [
                        (c["seq"], c["record_id"], c["field"])
                        for c in page["changes"]
                        if c["entity"] != "grids"
                    ]
                    cursor = page["next_cursor"]
                    if writers_done and not page["more"]:
                        return

        def guarded(target, index: int):
            def run() -> None:
                try:
                    target(index)
                except BaseException as exc:
                    errors.append(exc)

            return threading.Thread(target=run)

        threads = [guarded(writer, i) for i in range(WRITERS)] + [guarded(reader, i) for i in range(READERS)]
        for thread in threads:
            thread.start()
        time.sleep(DURATION_S)
        stop.set()
        for thread in threads[:WRITERS]:
            thread.join(timeout=60)
        writers_finished.set()
        for thread in threads[WRITERS:]:
            thread.join(timeout=120)
    assert errors == []
    everything = set().union(*applied)
    assert len(everything) > 1000, "the writers should have pushed a real load"
    for changes in seen:
        seqs = [seq for seq, _, _ in changes]
        assert seqs == sorted(seqs) and len(seqs) == len(set(seqs)), "no change twice, none out of order"
        assert {(record, field) for _, record, field in changes} == everything
        assert len(changes) == len(everything)


def _push(http: httpx.Client, *changes: dict[str, object]) -> list[str]:
    answer = http.post("/v1/push", json={"batch_id": str(uuid.uuid4()), "changes": list(changes)})
    assert answer.status_code == 200, answer.text
    return [result["status"] for result in answer.json()["results"]]


def _at_once(*calls: Callable[[], list[str]]) -> list[str]:
    """Run the calls in threads released together; what they returned, joined."""
    start = threading.Barrier(len(calls))
    with ThreadPoolExecutor(len(calls)) as pool:
        futures = [pool.submit(lambda call=call: (start.wait(), call())[1]) for call in calls]
        return [status for future in futures for status in future.result()]


def _race_on_status(clients: list[httpx.Client], clocks: list[DeviceClock]) -> list[str]:
    """Two laptops move one dispute on from the same registration at the same moment."""
    dispute = str(uuid.uuid4())
    registered = change(dispute, "status", "registered", clocks[0](), entity="disputes")
    assert _push(clients[0], registered) == ["applied"]
    moves = [
        change(dispute, "status", status, clocks[device](), entity="disputes", base_hlc=registered["hlc"])
        for device, status in ((1, "accepted"), (2, "withdrawn"))
    ]
    return _at_once(*(lambda d=d, m=m: _push(clients[d], m) for d, m in zip((1, 2), moves, strict=True)))


def _contest(client: httpx.Client, clock: DeviceClock, households: list[str], name: str) -> list[dict]:
    """Forty batches that each rename every household: what this laptop pushed."""
    pushed = []
    for _ in range(40):
        batch = [change(household, "head_name", name, clock()) for household in households]
        assert set(_push(client, *batch)) <= {"applied", "superseded"}
        pushed += batch
    return pushed


@pytest.mark.slow
def test_pushes_racing_on_one_record_decide_one_after_the_other(pg_url: str, tmp_path: Path) -> None:
    """Pushes decide in parallel under locks on their own records: two laptops changing one
    dispute's status from the same base at the same moment make one conflict, never two silent
    writes; and the log of a field contested by four laptops never goes back in time."""
    codes = _enroll_all(pg_url, 5)
    households = [str(uuid.uuid4()) for _ in range(3)]
    with running_server(pg_url, tmp_path, TONGXIN_SERVER_WORKERS="2") as base:
        enrolled = [
            httpx.post(f"{base}/v1/enroll", json={"code": code, "device_name": f"d{i}"}).json()
            for i, code in enumerate(codes)
        ]
        clients = [
            httpx.Client(base_url=base, headers={"Authorization": f"Bearer {e['token']}"}, timeout=30)
            for e in enrolled
        ]
        clocks = [DeviceClock(e["device_id"]) for e in enrolled]
        try:
            for _ in range(20):
                assert sorted(_race_on_status(clients, clocks)) == ["applied", "conflict"]
            with ThreadPoolExecutor(4) as pool:
                names = ("巴特尔", "王芳", "乌云", "其其格")
                contests = [
                    pool.submit(_contest, clients[d], clocks[d], households, names[d]) for d in range(4)
                ]
                pushed = [c for contest in contests for c in contest.result()]
            log, cursor = [], 0
            while True:
                page = clients[4].get("/v1/pull", params={"cursor": cursor, "limit": 1000}).json()
                log += [c for c in page["changes"] if c["entity"] == "households"]
                cursor = page["next_cursor"]
                if not page["more"]:
                    break
        finally:
            for client in clients:
                client.close()
    for household in households:
        stamps = [c["hlc"] for c in log if c["record_id"] == household]
        assert stamps == sorted(set(stamps)), "a field's log went back in time"
        assert stamps[-1] == max(c["hlc"] for c in pushed if c["record_id"] == household)
