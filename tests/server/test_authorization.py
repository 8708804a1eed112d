"""Who may read and write what, against the grid tree, on SQLite and PostgreSQL.

The tree: banner 1525 → townships 巴彦苏木 (152501) and 查干苏木 (152502) → villages 152501001,
152501002 under the first and 152502001 under the second. Four devices look at a record of
village 152501001: its own village's, the sibling village's, the other township's village's, and
the township laptop over both of the first township's villages. Every /v1 endpoint that touches a
record or a file is asked by each of them, and every answer is asserted.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from app.models import GridLevel, Role
from server import devices
from tests.server.conftest import DeviceClock, EnrolledDevice, add_user, change, enroll, pull_all, push

BANNER, TOWNSHIP, OTHER_TOWNSHIP = "1525", "152501", "152502"
VILLAGE, SIBLING, FAR = "152501001", "152501002", "152502001"
DEVICES = {"own village": VILLAGE, "sibling village": SIBLING, "other township": FAR, "township": TOWNSHIP}
# Which device covers which grid: its own and everything under it.
COVERS = {
    "own village": {VILLAGE},
    "sibling village": {SIBLING},
    "other township": {FAR},
    "township": {TOWNSHIP, VILLAGE, SIBLING},
}


@pytest.fixture
def tree(engine: Engine) -> None:
    with engine.begin() as conn:
        devices.add_grid(conn, TOWNSHIP, "巴彦苏木", GridLevel.TOWNSHIP, BANNER)
        devices.add_grid(conn, OTHER_TOWNSHIP, "查干苏木", GridLevel.TOWNSHIP, BANNER)
        devices.add_grid(conn, VILLAGE, "巴彦嘎查", GridLevel.VILLAGE, TOWNSHIP)
        devices.add_grid(conn, SIBLING, "乌兰嘎查", GridLevel.VILLAGE, TOWNSHIP)
        devices.add_grid(conn, FAR, "查干嘎查", GridLevel.VILLAGE, OTHER_TOWNSHIP)


@pytest.fixture
def laptops(client: TestClient, engine: Engine, tree: None) -> dict[str, EnrolledDevice]:
    made = {name: enroll(client, engine, grid, name=name) for name, grid in DEVICES.items()}
    made["banner"] = enroll(client, engine, BANNER, name="banner")
    return made


def _status(response) -> str:
    return response.json()["results"][0]["status"]


def _household(client: TestClient, writer: EnrolledDevice, grid: str) -> uuid.UUID:
    record = uuid.uuid4()
    sent = push(client, writer, change(record, "head_name", "其其格", DeviceClock(writer.id)(), grid=grid))
    assert _status(sent) == "applied"
    return record


def test_write_a_new_record(client: TestClient, laptops: dict[str, EnrolledDevice]) -> None:
    for name in DEVICES:
        sent = push(
            client,
            laptops[name],
            change(uuid.uuid4(), "head_name", "王芳", DeviceClock(laptops[name].id)(), grid=VILLAGE),
        )
        expected = "applied" if VILLAGE in COVERS[name] else "refused"
        assert _status(sent) == expected, name
        if expected == "refused":
            assert "巴彦嘎查" in sent.json()["results"][0]["message_zh"], "named, not coded"


def test_edit_a_record_of_the_village_claiming_another_grid(
    client: TestClient, laptops: dict[str, EnrolledDevice]
) -> None:
    record = _household(client, laptops["own village"], VILLAGE)
    for name, grid in DEVICES.items():
        stamp = DeviceClock(laptops[name].id)()
        sent = push(client, laptops[name], change(record, "phone", "13947912345", stamp, grid=grid))
        assert _status(sent) == ("applied" if VILLAGE in COVERS[name] else "refused"), name


def test_read_a_record_of_the_village(client: TestClient, laptops: dict[str, EnrolledDevice]) -> None:
    record = _household(client, laptops["banner"], VILLAGE)
    for name in DEVICES:
        pulled, _ = pull_all(client, laptops[name])
        assert (str(record) in {c["record_id"] for c in pulled}) is (VILLAGE in COVERS[name]), name


def test_every_device_is_told_the_grids_above_it(
    client: TestClient, laptops: dict[str, EnrolledDevice]
) -> None:
    for name, grid in DEVICES.items():
        pulled, _ = pull_all(client, laptops[name], grids=True)
        names = {c["value"] for c in pulled if c["entity"] == "grids" and c["field"] == "name"}
        above = {
            "巴彦嘎查": {"巴彦嘎查", "巴彦苏木"},
            "乌兰嘎查": {"乌兰嘎查", "巴彦苏木"},
            "查干嘎查": {"查干嘎查", "查干苏木"},
        }
        expected = (
            {"巴彦苏木", "巴彦嘎查", "乌兰嘎查"}
            if name == "township"
            else above[{VILLAGE: "巴彦嘎查", SIBLING: "乌兰嘎查", FAR: "查干嘎查"}[grid]]
        )
        assert names - {"乌兰示范旗"} == expected, name


@pytest.mark.parametrize(
    ("direction", "start", "end"),
    [("move in", SIBLING, VILLAGE), ("move out", VILLAGE, FAR), ("within the township", VILLAGE, SIBLING)],
)
def test_move_a_record_between_grids(
    client: TestClient, laptops: dict[str, EnrolledDevice], direction: str, start: str, end: str
) -> None:
    """A move leaves one grid and enters another: only a device covering both may make it."""
    for name in DEVICES:
        record = _household(client, laptops["banner"], start)
        stamp = DeviceClock(laptops[name].id)()
        sent = push(client, laptops[name], change(record, "grid", end, stamp, grid=start))
        allowed = {start, end} <= COVERS[name]
        assert _status(sent) == ("applied" if allowed else "refused"), (direction, name)
    moved = _household(client, laptops["banner"], start)
    banner = laptops["banner"]
    assert (
        _status(push(client, banner, change(moved, "grid", end, DeviceClock(banner.id)(), grid=start)))
        == "applied"
    )
    for name in DEVICES:
        pulled, _ = pull_all(client, laptops[name])
        mine = [c for c in pulled if c["record_id"] == str(moved)]
        if end in COVERS[name]:
            assert {c["field"] for c in mine} >= {"head_name", "grid"}, f"{name} receives all of it"
        elif start in COVERS[name]:
            assert [c["value"] for c in mine if c["field"] == "grid"] == [end], f"{name} hears that it left"
        else:
            assert mine == [], name


def _attachment(client: TestClient, writer: EnrolledDevice, grid: str) -> tuple[str, bytes]:
    photo = uuid.uuid4().bytes * 64
    sha = hashlib.sha256(photo).hexdigest()
    record = uuid.uuid4()
    sent = push(
        client,
        writer,
        change(record, "attachments", [sha], DeviceClock(writer.id)(), entity="disputes", grid=grid),
    )
    assert _status(sent) == "applied"
    return sha, photo


def _upload(
    client: TestClient,
    device: EnrolledDevice,
    sha: str,
    data: bytes,
    offset: int = 0,
    length: int | None = None,
):
    headers = {**device.headers, "Upload-Offset": str(offset), "Upload-Length": str(length or len(data))}
    return client.patch(f"/v1/attachments/{sha}", content=data, headers=headers)


@pytest.mark.parametrize("action", ["status", "write", "read"])
def test_attachments_share_their_records_scope(
    client: TestClient, laptops: dict[str, EnrolledDevice], action: str
) -> None:
    sha, photo = _attachment(client, laptops["own village"], VILLAGE)
    if action == "read":
        assert _upload(client, laptops["own village"], sha, photo).json()["complete"]
    calls: dict[str, Callable[[EnrolledDevice], object]] = {
        "status": lambda device: client.get(f"/v1/attachments/{sha}/status", headers=device.headers),
        "write": lambda device: _upload(client, device, sha, photo[:10], length=len(photo)),
        "read": lambda device: client.get(f"/v1/attachments/{sha}", headers=device.headers),
    }
    for name in DEVICES:
        response = calls[action](laptops[name])
        if VILLAGE in COVERS[name]:
            assert response.status_code == 200, (action, name)
        else:
            assert response.status_code == 404 and response.json()["error"] == "attachment_missing", (
                action,
                name,
            )
    if action == "read":
        assert client.get(f"/v1/attachments/{sha}", headers=laptops["township"].headers).content == photo


def test_a_false_length_from_another_device_cannot_block_the_real_upload(
    client: TestClient, laptops: dict[str, EnrolledDevice]
) -> None:
    sha, photo = _attachment(client, laptops["own village"], VILLAGE)
    squatter = laptops["township"]
    assert _upload(client, squatter, sha, b"x", length=10**6).status_code == 200
    assert _upload(client, laptops["own village"], sha, photo).json()["complete"]
    assert client.get(f"/v1/attachments/{sha}", headers=squatter.headers).content == photo


def test_device_and_batches_answer_only_for_the_asking_device(
    client: TestClient, laptops: dict[str, EnrolledDevice]
) -> None:
    writer = laptops["own village"]
    sent = {**change(uuid.uuid4(), "head_name", "其其格", DeviceClock(writer.id)(), grid=VILLAGE), "seq": 1}
    push(client, writer, sent)
    for name in DEVICES:
        state = client.get("/v1/device", headers=laptops[name].headers).json()
        batches = client.get("/v1/batches", headers=laptops[name].headers).json()["batches"]
        assert state["device_id"] == laptops[name].id
        assert (state["pushed_seq"], len(batches)) == ((1, 1) if name == "own village" else (0, 0)), name


def test_accounts_go_to_the_devices_their_grids_meet(
    client: TestClient, engine: Engine, laptops: dict[str, EnrolledDevice]
) -> None:
    add_user(engine, "worker101", Role.WORKER, VILLAGE)
    add_user(engine, "supervisor1", Role.SUPERVISOR, TOWNSHIP)
    add_user(engine, "worker201", Role.WORKER, FAR)
    expected = {
        "own village": {"worker101", "supervisor1"},
        "sibling village": {"supervisor1"},
        "other township": {"worker201"},
        "township": {"worker101", "supervisor1"},
    }
    for name in DEVICES:
        users = client.get("/v1/users", headers=laptops[name].headers).json()["users"]
        assert {u["username"] for u in users} == expected[name], name
