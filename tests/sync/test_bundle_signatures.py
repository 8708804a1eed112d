"""A laptop signs its sync bundles with a key only it holds, so a full copy of the server's
database — which holds what a bundle is sealed with — can no longer pass a bundle off as a
laptop's. The forger here works from such a copy alone (tests/sync/forger.py, apart from the
app's code); a laptop enrolled before signing keys keeps syncing by stick until its next network
sync registers a key, and from then on nothing unsigned is taken from it."""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy.engine import Engine

from app.store import Store
from server import bundles
from server.cli import main
from server.clock import ServerClock
from server.db import create_db_engine
from sync import replica, seal
from sync.engine import Transport
from sync.protocol import EnrollResponse
from tests.conftest import make_household, make_visit
from tests.harness.laptops import Laptop, LiveServer
from tests.sync import forger

Laptops = Callable[..., list[Laptop]]
FORGED_HEAD = "伪造的户主"


@pytest.fixture
def engine(live: LiveServer) -> Iterator[Engine]:
    made = create_db_engine(live.database_url)
    yield made
    made.dispose()


@pytest.fixture
def old_laptop(live: LiveServer, tmp_path: Path) -> Iterator[Laptop]:
    """A laptop enrolled by a version of before signing keys: its enroll request carried the code
    and its name only, and it kept the token and nothing more."""
    grid, [code] = live.new_grid(1)
    laptop = Laptop("old", tmp_path / f"{grid}-old.db", grid)
    answer = Transport(live.base).post("/v1/enroll", {"code": code, "device_name": "old"}, EnrollResponse)
    with laptop.ui.transaction():
        laptop.ui.set_meta("server_url", live.base)
        laptop.ui.set_meta("server_token", answer.token)
        laptop.ui.set_meta("server_device_id", answer.device_id)
        replica.rescope(laptop.ui, answer.grids)
    yield laptop
    laptop.close()


def _import(engine: Engine, live: LiveServer, data: bytes) -> bundles.Imported:
    return bundles.import_bundle(
        engine, ServerClock(engine), live.data_dir / "attachments", 2**26, data, live.reply_key()
    )


def _refused(code: str, attempt: Callable[[], object]) -> seal.BundleRefused:
    with pytest.raises(seal.BundleRefused) as refusal:
        attempt()
    assert refusal.value.code == code
    assert "未导入任何内容" in refusal.value.zh and "nothing was imported" in refusal.value.en
    return refusal.value


def _private_key(store: Store) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(base64.b64decode(str(store.meta("signing_key"))))


def _public_text(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def _keys_from(row: dict[str, object]) -> list[Ed25519PrivateKey]:
    """Every value of the device's row that decodes to 32 bytes, taken as a private key."""
    keys = []
    for value in row.values():
        for decode in (base64.b64decode, bytes.fromhex):
            try:
                raw = decode(str(value))
            except ValueError:
                continue
            if len(raw) == 32:
                keys.append(Ed25519PrivateKey.from_private_bytes(raw))
    return keys


def _heads(live: LiveServer, device_id: str) -> object:
    return live.scalar(
        "SELECT count(*) FROM changes WHERE device_id = :d AND field = 'head_name'", d=device_id
    )


def test_a_bundle_forged_from_a_copy_of_the_server_database_is_refused_and_nothing_applied(
    laptops: Laptops, live: LiveServer, engine: Engine, tmp_path: Path
) -> None:
    victim, neighbour = laptops(2)
    household = victim.ui.save(make_household(grid=victim.grid, head_name="巴图"))
    victim.sync()
    victim.ui.save(make_visit(household))
    genuine = victim.export_bundle(tmp_path)
    assert genuine.read_bytes().startswith(b"TXSB2\n")
    done = live.import_bundle(genuine)
    assert done.returncode == 0, done.stderr
    device_id = str(victim.ui.meta("server_device_id"))

    # The forger's whole haul: every table. The laptop's private key is nowhere in it.
    copy = forger.copy_of_database(live.database_url)
    row = forger.device_row(copy, device_id)
    assert row["signing_key"] == _public_text(_private_key(victim.ui))
    assert not any(str(victim.ui.meta("signing_key")) in text for text in forger.texts(copy))
    content = forger.manifest(
        device_id, 2, victim.grid, [forger.edit_of_a_household(copy, device_id, FORGED_HEAD)]
    )
    secret = str(row["token_hash"])
    # Sealed under every value of the device's row, in the format of before; then signed with the
    # forger's own key, with the key of another laptop enrolled on the server (another device under
    # this device's id), and with every value of the row taken as a private key.
    unsigned = [forger.forge(device_id, 2, content, str(value)) for value in row.values()]
    signers = [Ed25519PrivateKey.generate(), _private_key(neighbour.ui), *_keys_from(row)]
    signed = [forger.forge(device_id, 2, content, secret, signer) for signer in signers]
    before = forger.copy_of_database(live.database_url)
    for data in unsigned:
        _refused("bundle_unsigned", lambda data=data: _import(engine, live, data))
    for data in signed:
        _refused("bundle_bad_signature", lambda data=data: _import(engine, live, data))
    # At the township office, as IT would run it: refused with the reason, and no reply written.
    stick = tmp_path / "stick"
    stick.mkdir()
    path = stick / f"tongxin-{device_id[:8]}-00002.tongxin"
    path.write_bytes(signed[1])
    done = live.import_bundle(path)
    assert done.returncode == 1
    assert "签名" in done.stderr and "未导入任何内容" in done.stderr and "signature" in done.stderr
    assert list(stick.iterdir()) == [path]
    assert forger.copy_of_database(live.database_url) == before, "nothing of any forgery applied"
    assert _heads(live, device_id) == 0

    # What the forger lacked is the laptop's private key alone: with it, the very same bundle
    # imports (and so the refusals above are the signature's doing, not a bad forgery).
    stolen = forger.forge(device_id, 2, content, secret, _private_key(victim.ui))
    assert _import(engine, live, stolen).changes == 1
    assert _heads(live, device_id) == 1


def test_an_old_laptop_syncs_by_stick_unsigned_until_its_network_sync_registers_a_key(
    old_laptop: Laptop, live: LiveServer, engine: Engine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    device_id = str(old_laptop.ui.meta("server_device_id"))
    signing_key = "SELECT signing_key FROM devices WHERE id = :d"
    assert live.scalar(signing_key, d=device_id) is None and old_laptop.ui.meta("signing_key") is None
    household = old_laptop.ui.save(make_household(grid=old_laptop.grid, head_name="巴图"))
    first = old_laptop.export_bundle(tmp_path).read_bytes()
    assert first.startswith(b"TXSB1\n")
    with caplog.at_level(logging.WARNING, logger="server.bundles"):
        imported = _import(engine, live, first)
    assert imported.changes == 1 and "taken unsigned" in caplog.text
    # Its reply is in the format of before too, the only one a laptop of before reads.
    assert imported.reply.startswith(b"TXSB1\n")
    reply = tmp_path / "reply.tongxin"
    reply.write_bytes(imported.reply)
    assert old_laptop.import_reply(reply).refused == 0 and old_laptop.ui.pending_changes() == 0
    # Until it registers a key, a copy of the database can still write its bundles (the forger
    # here is that sound); this is what the registration ends.
    copy = forger.copy_of_database(live.database_url)
    secret = str(forger.device_row(copy, device_id)["token_hash"])
    edit = forger.edit_of_a_household(copy, device_id, FORGED_HEAD)
    forged = forger.forge(device_id, 2, forger.manifest(device_id, 2, old_laptop.grid, [edit]), secret)
    assert _import(engine, live, forged).changes == 1

    old_laptop.ui.save(make_visit(household))
    written_before = old_laptop.export_bundle(tmp_path).read_bytes()
    old_laptop.sync()
    key = _private_key(old_laptop.ui)
    assert live.scalar(signing_key, d=device_id) == _public_text(key)
    changes = live.scalar("SELECT count(*) FROM changes WHERE device_id = :d", d=device_id)
    # The bundle of before the registration is refused now; its changes went by the network.
    _refused("bundle_unsigned", lambda: _import(engine, live, written_before))
    forged = forger.forge(device_id, 3, forger.manifest(device_id, 3, old_laptop.grid, [edit]), secret)
    _refused("bundle_unsigned", lambda: _import(engine, live, forged))
    assert live.scalar("SELECT count(*) FROM changes WHERE device_id = :d", d=device_id) == changes
    old_laptop.ui.save(make_visit(household, summary="第二次走访"))
    signed = old_laptop.export_bundle(tmp_path).read_bytes()
    assert signed.startswith(b"TXSB2\n")
    assert _import(engine, live, signed).changes == 1


def test_the_first_registered_key_stays_and_a_laptop_with_another_goes_on_syncing_by_network(
    laptops: Laptops,
    live: LiveServer,
    engine: Engine,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    [laptop] = laptops(1)
    device_id = str(laptop.ui.meta("server_device_id"))
    signing_key = "SELECT signing_key FROM devices WHERE id = :d"
    held = live.scalar(signing_key, d=device_id)
    assert held == _public_text(_private_key(laptop.ui))
    # Whoever holds the token (or a laptop that lost its key) cannot put another key in its place.
    other = Ed25519PrivateKey.generate()
    with laptop.ui.transaction():
        laptop.ui.set_meta("signing_key", base64.b64encode(other.private_bytes_raw()).decode())
    laptop.ui.save(make_household(grid=laptop.grid))
    with caplog.at_level(logging.ERROR, logger="sync.signing"):
        laptop.sync()
    assert "another signing key" in caplog.text
    assert laptop.ui.pending_changes() == 0, "the network sync went on"
    assert live.scalar(signing_key, d=device_id) == held
    laptop.ui.save(make_household(grid=laptop.grid))
    data = laptop.export_bundle(tmp_path).read_bytes()
    _refused("bundle_bad_signature", lambda: _import(engine, live, data))
    # IT's remedy, on the server: the laptop's next network sync registers the key it holds now.
    monkeypatch.setenv("TONGXIN_SERVER_DB", live.database_url)
    monkeypatch.setenv("TONGXIN_SERVER_DATA", str(live.data_dir))
    assert main(["device", "forget-signing-key", device_id]) == 0
    assert main(["device", "forget-signing-key", device_id]) == 1, "nothing left to forget"
    laptop.sync()
    assert live.scalar(signing_key, d=device_id) == _public_text(other)
    laptop.ui.save(make_household(grid=laptop.grid))
    assert _import(engine, live, laptop.export_bundle(tmp_path).read_bytes()).changes == 1


def test_a_reply_forged_from_a_copy_of_the_server_database_is_refused_on_the_laptop(
    laptops: Laptops, live: LiveServer, tmp_path: Path
) -> None:
    [laptop] = laptops(1)
    household = laptop.ui.save(make_household(grid=laptop.grid, head_name="巴图"))
    laptop.sync()
    server_key = live.reply_key()
    assert laptop.ui.meta("server_signing_key") == _public_text(server_key), "learned over the network"
    laptop.ui.save(make_visit(household))
    bundle = laptop.export_bundle(tmp_path)
    assert live.import_bundle(bundle).returncode == 0
    genuine = bundle.with_name(bundle.name.removesuffix(".tongxin") + "-reply.tongxin")
    assert genuine.read_bytes().startswith(b"TXSB2\n")
    assert laptop.import_reply(genuine).refused == 0
    device_id = str(laptop.ui.meta("server_device_id"))

    copy = forger.copy_of_database(live.database_url)
    secret = str(forger.device_row(copy, device_id)["token_hash"])
    content = forger.reply_manifest(
        copy, device_id, 2, forger.edit_of_a_household(copy, device_id, FORGED_HEAD)
    )
    # Unsigned, signed by the forger, by the laptop's own key, by every value of the copy taken
    # as a key: none is the server's.
    signers = [None, Ed25519PrivateKey.generate(), _private_key(laptop.ui)]
    signers += _keys_from(forger.device_row(copy, device_id))
    forged = tmp_path / f"tongxin-{device_id[:8]}-00002-reply.tongxin"
    before = (replica.pull_cursor(laptop.ui), laptop.ui.meta("bundle_reply_number"))
    for signer in signers:
        forged.write_bytes(forger.forge(device_id, 2, content, secret, signer, kind="reply"))
        refusal = _refused("reply_bad_signature", lambda: laptop.import_reply(forged))
        assert "服务器的有效签名" in refusal.zh
    assert (replica.pull_cursor(laptop.ui), laptop.ui.meta("bundle_reply_number")) == before
    assert laptop.ui.get(type(household), household.id).head_name == "巴图"
    # The server's key file, which no copy of its database holds, is what the forger lacked.
    forged.write_bytes(forger.forge(device_id, 2, content, secret, server_key, kind="reply"))
    laptop.import_reply(forged)
    assert laptop.ui.get(type(household), household.id).head_name == FORGED_HEAD
