"""Patrols and incidents: saved together, moved forward only, escalated to the township once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.errors import InvalidValue
from app.models import Incident, IncidentCategory, IncidentStatus, Patrol
from app.services.disputes import InvalidTransition
from app.services.patrols import escalate_incident, log_patrol, move_incident
from app.store import Store
from tests.conftest import GRID

pytestmark = pytest.mark.dates

NOW = datetime(2026, 3, 5, 4, 0, tzinfo=UTC)


def _patrol(**changed: object) -> Patrol:
    values: dict[str, object] = {
        "grid": GRID,
        "author": "worker101",
        "route": "巴彦嘎查—北山草场",
        "patroller": "worker101",
        "started_at": NOW - timedelta(hours=3),
        "ended_at": NOW - timedelta(hours=1),
    }
    return Patrol(**{**values, **changed})


def _incident(patrol: Patrol | None, **changed: object) -> Incident:
    values: dict[str, object] = {
        "grid": GRID,
        "author": "worker101",
        "patrol_id": patrol.id if patrol else None,
        "category": IncidentCategory.GRASSLAND_FIRE,
        "place": "北山草场",
        "summary": "未熄灭的火堆",
        "reported_at": NOW - timedelta(hours=2),
    }
    return Incident(**{**values, **changed})


def test_a_patrol_is_saved_with_its_incident_and_the_incident_followed_to_closure(store: Store) -> None:
    patrol = _patrol()
    fire = _incident(patrol)
    log_patrol(store, patrol, [fire])
    assert store.get(Incident, fire.id).patrol_id == patrol.id
    fire = escalate_incident(store, store.get(Incident, fire.id), now=NOW)
    assert (fire.status, fire.escalated_at) == (IncidentStatus.HANDLING, NOW)
    fire = move_incident(store, fire, IncidentStatus.CLOSED, note="乡镇消防队已清理火种")
    stored = store.get(Incident, fire.id)
    assert (stored.status, stored.handling_note) == (IncidentStatus.CLOSED, "乡镇消防队已清理火种")


def test_an_incident_never_goes_back_nor_is_escalated_twice_or_after_closing(store: Store) -> None:
    hazard = store.save(_incident(None, category=IncidentCategory.SAFETY_HAZARD))
    escalated = escalate_incident(store, hazard, now=NOW)
    with pytest.raises(InvalidTransition):
        escalate_incident(store, escalated, now=NOW)
    with pytest.raises(InvalidTransition, match="处置中"):
        move_incident(store, escalated, IncidentStatus.REPORTED)
    closed = move_incident(store, escalated, IncidentStatus.CLOSED)
    with pytest.raises(InvalidTransition):
        move_incident(store, closed, IncidentStatus.HANDLING)
    other = store.save(_incident(None))
    closed_directly = move_incident(store, other, IncidentStatus.CLOSED)
    with pytest.raises(InvalidTransition):
        escalate_incident(store, closed_directly, now=NOW)


def test_an_incident_of_another_patrol_or_a_patrol_ending_before_it_starts_is_refused(store: Store) -> None:
    patrol = _patrol()
    with pytest.raises(InvalidValue, match="不属于这次巡查"):
        log_patrol(store, patrol, [_incident(_patrol())])
    assert store.count(Patrol) == 0
    with pytest.raises(ValueError, match="不能早于开始时间"):
        _patrol(ended_at=NOW - timedelta(hours=4))
