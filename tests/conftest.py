"""Fixtures: a real encrypted store in a temp dir per test, and records to put in it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Qt's user settings (QSettings: window geometry, the last account) go to a folder of this test
# process, not the ~/.config that other test processes (pytest-xdist workers) and the installed
# app share. tests/ui/conftest.py narrows it further, to one test.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="tongxin-test-config-")

from app import account_keys
from app.models import Gender, Grid, GridLevel, Household, Resident, ScreeningRound, Visit, VisitType
from app.services.screening import month_of
from app.store import Store, new_key
from app.validation import check_digit

GRID = "152500101001"


def valid_id_number(birth: date = date(1988, 4, 17), *, male: bool = True, region: str = "152522") -> str:
    first17 = f"{region}{birth:%Y%m%d}{123 if male else 124:03d}"
    return first17 + check_digit(first17)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGXIN_DATA_DIR", str(tmp_path_factory.mktemp("data")))


def cheapen_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at 1 MiB, one pass, one lane instead of 64 MiB, 3 passes, 4 lanes: a test that makes
    and opens accounts pays milliseconds per password, not a quarter of a second or more.

    The floor is lowered with the cost, in this test process and for this test only: keys made
    here carry their cheap costs, so a subprocess (which keeps the real floor) refuses them. A test
    whose keys a subprocess opens, and the tests of the floor itself, are marked ``real_kdf``."""
    monkeypatch.setattr(account_keys, "MIN_MEMORY_KIB", 1024)
    monkeypatch.setattr(account_keys, "NEW_KEY_MEMORY_KIB", 1024)
    monkeypatch.setattr(account_keys, "NEW_KEY_TIME_COST", 1)
    monkeypatch.setattr(account_keys, "NEW_KEY_PARALLELISM", 1)


@pytest.fixture(autouse=True)
def _argon2_costs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id where a module or test asks for it (``cheap_kdf``) and does not keep the real
    costs (``real_kdf``)."""
    if request.node.get_closest_marker("cheap_kdf") and not request.node.get_closest_marker("real_kdf"):
        cheapen_argon2(monkeypatch)


@pytest.fixture
def key() -> bytes:
    return new_key()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "device.db"


@pytest.fixture
def store(db_path: Path, key: bytes) -> Iterator[Store]:
    with Store.open(db_path, key) as opened:
        opened.save(Grid(grid=GRID, code=GRID, name="巴彦嘎查", level=GridLevel.VILLAGE, author="admin"))
        yield opened


def make_household(**overrides: object) -> Household:
    values: dict[str, object] = {
        "grid": GRID,
        "author": "worker101",
        "address": "巴彦嘎查3组12号",
        "head_name": "王芳",
    }
    return Household(**{**values, **overrides})


def make_resident(household: Household, **overrides: object) -> Resident:
    values: dict[str, object] = {
        "grid": household.grid,
        "author": "worker101",
        "household_id": household.id,
        "name": "王芳",
        "gender": Gender.FEMALE,
    }
    return Resident(**{**values, **overrides})


def month_round(
    day: date, grid: str = GRID, *, nil: bool = False, author: str = "worker101"
) -> ScreeningRound:
    """A screening round for the month holding ``day``, screened that day: a nil report or one
    waiting for its findings."""
    start, end = month_of(day)
    return ScreeningRound(
        grid=grid,
        author=author,
        period_start=start,
        period_end=end,
        screener=author,
        screened_on=day,
        places_covered="巴彦嘎查1至3组",
        nil_report=nil,
    )


def make_visit(household: Household, **overrides: object) -> Visit:
    values: dict[str, object] = {
        "grid": household.grid,
        "author": "worker101",
        "household_id": household.id,
        "visitor": "worker101",
        "visited_at": datetime.now(UTC) - timedelta(hours=1),
        "visit_type": VisitType.ROUTINE,
        "summary": "了解孩子上学情况",
    }
    return Visit(**{**values, **overrides})
