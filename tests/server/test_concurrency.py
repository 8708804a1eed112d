"""Several writers pushing and several readers pulling at once on PostgreSQL, through a real
server: every reader ends with every change exactly once, in seq order."""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest

from app.models import GridLevel
from server import devices
from server.db import create_db_engine
from server.migrate import upgrade
from tests.server.conftest import G1, DeviceClock
from tests.server.live import running_server

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
    with running_server(pg_url, tmp_path) as base:
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
                    seen[index] += [(c["seq"], c["record_id"], c["field"]) for c in page["changes"]]
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
