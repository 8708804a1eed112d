"""Review by sample (抽查): a supervisor reviews a share of routine visits; disputes, activities and
visits carrying a service item always wait in the queue, and every laptop draws the same sample."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.errors import InvalidValue
from app.models import (
    Dispute,
    DisputeCategory,
    Grid,
    GridLevel,
    Household,
    Role,
    ServiceCategory,
    ServiceChannel,
    ServiceItem,
    Visit,
    VisitType,
)
from app.services import reviews
from app.services.disputes import register_dispute
from app.services.service_items import open_item
from app.services.session import Session
from app.services.visits import record_visit
from app.store import Store, new_key
from tests.conftest import GRID, make_household, make_visit

WORKER = Session("worker101", "王芳", Role.WORKER, (GRID,))
SUPERVISOR = Session("supervisor1", "张伟", Role.SUPERVISOR, (GRID,))
ROUTINE = 200
AT = datetime(2026, 3, 31, 8, tzinfo=UTC)


def _own_share(record_id: str, percent: int) -> bool:
    """The sample rule written out again from its description: SHA-256 of the id, first 8 bytes
    big-endian, modulo 10,000, under the share in hundredths."""
    value = int(hashlib.sha256(record_id.encode()).hexdigest()[:16], 16)
    return value % 10_000 < percent * 100


def _fixed_id(number: int) -> uuid.UUID:
    """Ids fixed from run to run, so the sample's size is too (random ones would leave it to chance)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"tongxin-test/review-sample/{number}")


def _world(store: Store) -> dict[str, set[str]]:
    """200 routine visits, a home-service visit, a routine visit that opened a service item and two
    disputes, all waiting for review; their ids by what they are."""
    store.guard = WORKER.admit
    household = store.save(make_household())
    routine = {
        str(
            record_visit(
                store, make_visit(household, id=_fixed_id(i), visited_at=AT - timedelta(minutes=i))
            ).id
        )
        for i in range(ROUTINE)
    }
    home = record_visit(store, make_visit(household, visit_type=VisitType.HOME_SERVICE, visited_at=AT))
    with_item = record_visit(store, make_visit(household, visited_at=AT))
    open_item(
        store,
        ServiceItem(
            grid=GRID,
            author="worker101",
            household_id=household.id,
            category=ServiceCategory.PENSION_CERTIFICATION,
            channel=ServiceChannel.AT_HOME,
            need="办理养老保险认证",
        ),
        visit=with_item,
    )
    disputes = {
        str(
            register_dispute(
                store,
                Dispute(grid=GRID, author="worker101", title=title, category=DisputeCategory.GRASSLAND),
                [],
            ).id
        )
        for title in ("草场边界纠纷", "饮水井使用纠纷")
    }
    return {"routine": routine, "always_visits": {str(home.id), str(with_item.id)}, "disputes": disputes}


def _waiting(store: Store) -> set[str]:
    return {w.record_id for w in reviews.queue(store, SUPERVISOR)}


@pytest.mark.parametrize("percent", [0, 20, 100])
def test_the_queue_holds_the_sampled_routine_visits_and_everything_else(store: Store, percent: int) -> None:
    made = _world(store)
    reviews.set_sample_percent(store, SUPERVISOR, percent)
    waiting = _waiting(store)
    sampled = {i for i in made["routine"] if _own_share(i, percent)}
    assert waiting == sampled | made["always_visits"] | made["disputes"]
    if percent == 0:
        assert not waiting & made["routine"]
    if percent == 100:
        assert made["routine"] <= waiting
    if percent == 20:
        assert 20 <= len(sampled) <= 60  # about a fifth of 200
        assert len(waiting & made["routine"]) == len(sampled)


def test_two_laptops_draw_the_same_sample(store: Store, tmp_path: Path) -> None:
    made = _world(store)
    reviews.set_sample_percent(store, SUPERVISOR, 20)
    with Store.open(tmp_path / "other.db", new_key()) as other:
        other.save(Grid(grid=GRID, code=GRID, name="巴彦嘎查", level=GridLevel.VILLAGE, author="admin"))
        # The second laptop holds the same records, received in the opposite order.
        for model in (Household, Visit, Dispute, ServiceItem):
            other.save_all(list(reversed(store.find(model, "1", []))))
        reviews.set_sample_percent(other, SUPERVISOR, 20)
        assert _waiting(other) == _waiting(store)
        assert made["routine"] & _waiting(other)


def test_a_share_outside_0_to_100_is_refused_and_nothing_changes(store: Store) -> None:
    reviews.set_sample_percent(store, SUPERVISOR, 20)
    with pytest.raises(InvalidValue) as refused:
        reviews.set_sample_percent(store, SUPERVISOR, 120)
    assert refused.value.zh == "抽查比例应在0%到100%之间。"
    assert reviews.sample_percent(store) == 20
