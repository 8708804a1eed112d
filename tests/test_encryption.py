"""A lost laptop must not leak names or ID numbers: the file is unreadable without the key."""

from pathlib import Path

import pytest

from app.errors import WrongKey
from app.store import Store, new_key
from tests.conftest import make_household, make_resident, valid_id_number

SECRET_NAME = "乌兰图雅"


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())


def test_no_plaintext_in_the_database_or_its_log(tmp_path: Path, key: bytes) -> None:
    store = Store.open(tmp_path / "device.db", key)
    household = store.save(make_household(head_name=SECRET_NAME, address="查干淖尔嘎查"))
    store.save(make_resident(household, name=SECRET_NAME, id_number=valid_id_number(male=False)))
    # Check while open too: the WAL holds fresh pages until a checkpoint.
    open_bytes = _all_bytes(tmp_path)
    store.close()
    for data in (open_bytes, _all_bytes(tmp_path)):
        for secret in (SECRET_NAME, "查干淖尔", valid_id_number(male=False), "CREATE TABLE"):
            assert secret.encode("utf-8") not in data
            assert secret.encode("utf-16-le") not in data


def test_plain_store_for_comparison_does_contain_the_name(tmp_path: Path) -> None:
    with Store.open(tmp_path / "plain.db") as store:
        store.save(make_household(head_name=SECRET_NAME))
    assert SECRET_NAME.encode() in _all_bytes(tmp_path)


def test_wrong_key_gives_a_clear_error(tmp_path: Path, key: bytes) -> None:
    Store.open(tmp_path / "device.db", key).close()
    with pytest.raises(WrongKey) as caught:
        Store.open(tmp_path / "device.db", new_key())
    assert "密钥错误" in caught.value.zh
    assert "key is wrong" in caught.value.en


def test_no_key_on_an_encrypted_file_gives_the_same_error(tmp_path: Path, key: bytes) -> None:
    Store.open(tmp_path / "device.db", key).close()
    with pytest.raises(WrongKey):
        Store.open(tmp_path / "device.db")


def test_the_right_key_reopens_the_data(tmp_path: Path, key: bytes) -> None:
    with Store.open(tmp_path / "device.db", key) as store:
        store.save(make_household(head_name=SECRET_NAME))
    with Store.open(tmp_path / "device.db", key) as store:
        assert store.search(SECRET_NAME).hits[0].title == SECRET_NAME
