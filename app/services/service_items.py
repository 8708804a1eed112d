"""Service items (服务事项 / 诉求): what a resident or household asked for, followed until it is
closed — 登记 → 办理中 → 已上报乡镇 → 已办结 / 无法办理.

An item is opened on its own or from a visit (an 上门办 visit usually opens one), and a later visit
can close it. The state moves are a small state machine (``TRANSITIONS``); a refused move says, in
Chinese, where the item stands and where it may go. The status, outcome and satisfaction are
guarded fields in sync: two people closing the same item differently become a conflict for a
supervisor, never a silent overwrite.

    item = open_item(store, ServiceItem(grid=..., author="worker101", household_id=...,
                     category=ServiceCategory.ID_CARD, channel=ServiceChannel.AT_HOME,
                     need="补办身份证"), visit=visit)
    start(store, item.id, by="worker101")
    escalate(store, item.id, by="worker101", to="苏木政务服务中心", on=date(2026, 12, 2))
    close_on_visit(store, item.id, later_visit, outcome="已办好", satisfaction=Satisfaction.SATISFIED)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from app.errors import InvalidValue, TongxinError
from app.models import Household, Resident, Satisfaction, ServiceItem, ServiceStatus, Visit
from app.services.visits import record_visit
from app.store import Store
from app.validation import date_not_in_future, time_not_in_future

S = ServiceStatus
TRANSITIONS: dict[ServiceStatus, frozenset[ServiceStatus]] = {
    S.OPENED: frozenset({S.IN_PROGRESS, S.CANNOT_BE_DONE}),
    S.IN_PROGRESS: frozenset({S.ESCALATED, S.DONE, S.CANNOT_BE_DONE}),
    # The township may send it back to be handled here, or it comes back done or refused.
    S.ESCALATED: frozenset({S.IN_PROGRESS, S.DONE, S.CANNOT_BE_DONE}),
    S.DONE: frozenset(),
    S.CANNOT_BE_DONE: frozenset(),
}
OPEN = frozenset(status for status, onward in TRANSITIONS.items() if onward)
CLOSED = frozenset({S.DONE, S.CANNOT_BE_DONE})
DUE_SOON_DAYS = 7


class InvalidServiceMove(TongxinError):
    """A move the service-item workflow does not allow from where the item stands."""


def check_move(current: ServiceStatus, target: ServiceStatus) -> None:
    """Refuse a move the workflow forbids, saying where the item may go instead."""
    if target in TRANSITIONS[current]:
        return
    onward = [s for s in ServiceStatus if s in TRANSITIONS[current]]
    if not onward:
        zh, en = "该事项已结束，不能再变更状态", "the item is finished and cannot move again"
    else:
        zh = "可以转为：" + "、".join(s.zh for s in onward)
        en = "it can move to: " + ", ".join(s.en for s in onward)
    raise InvalidServiceMove(
        "invalid_service_move",
        f"服务事项当前为“{current.zh}”，不能转为“{target.zh}”；{zh}。",
        f"A service item that is {current.en.lower()} cannot become {target.en.lower()}; {en}.",
    )


def open_item(store: Store, item: ServiceItem, *, visit: Visit | None = None) -> ServiceItem:
    """Register a new item for a household (and one of its residents), from a visit or on its own.

    The item takes its household's grid; a resident of another household is refused."""
    if store.count(ServiceItem, "id = ?", [str(item.id)]):
        raise InvalidValue(
            "service_item_exists", "这个服务事项已经登记过了。", "This item is already registered."
        )
    if item.status is not S.OPENED:
        raise InvalidValue(
            "new_service_status", "新的服务事项只能以“登记”开始。", "A new service item starts as opened."
        )
    with store.transaction():
        if visit is not None:
            visit = store.get(Visit, visit.id)
            item = item.model_copy(update={"opened_visit_id": visit.id, "household_id": visit.household_id})
        grid = store.grid_of(Household, item.household_id)
        if item.resident_id is not None:
            resident = store.get(Resident, item.resident_id)
            if resident.household_id != item.household_id:
                raise InvalidValue(
                    "service_resident_household",
                    f"居民“{resident.name}”不属于这一户。",
                    f"Resident {resident.name} does not belong to this household.",
                )
        return store.save(
            item.model_copy(update={"grid": grid, "handled_by": item.handled_by or item.author})
        )


def _move(store: Store, item_id: UUID | str, target: ServiceStatus, **changes: object) -> ServiceItem:
    with store.transaction():
        item = store.get(ServiceItem, item_id)
        check_move(item.status, target)
        return store.save(item.model_copy(update={"status": target, **changes}))


def start(store: Store, item_id: UUID | str, *, by: str) -> ServiceItem:
    """登记 → 办理中: someone takes it on."""
    return _move(store, item_id, S.IN_PROGRESS, handled_by=by)


def escalate(
    store: Store, item_id: UUID | str, *, by: str, to: str, on: date, today: date | None = None
) -> ServiceItem:
    """办理中 → 已上报乡镇: handed up, saying to whom and when (not after ``today``, the local day)."""
    if not to.strip():
        raise InvalidValue(
            "escalated_to", "上报乡镇需要写明上报给谁（单位或部门）。", "Say whom the item was escalated to."
        )
    date_not_in_future(on, today=today)
    return _move(store, item_id, S.ESCALATED, handled_by=by, escalated_to=to.strip(), escalated_on=on)


def close(
    store: Store,
    item_id: UUID | str,
    *,
    outcome: str,
    satisfaction: Satisfaction | None,
    at: datetime | None = None,
    visit_id: UUID | None = None,
) -> ServiceItem:
    """→ 已办结: what was done and the resident's satisfaction, both required."""
    at = at or datetime.now(UTC)
    time_not_in_future(at)
    if not outcome.strip():
        raise InvalidValue("service_outcome", "办结需要写明办理结果。", "Say what was done.")
    if satisfaction is None:
        raise InvalidValue(
            "service_satisfaction", "办结需要记录群众满意度。", "Record the resident's satisfaction."
        )
    return _move(
        store,
        item_id,
        S.DONE,
        outcome=outcome.strip(),
        satisfaction=satisfaction,
        closed_at=at,
        closed_visit_id=visit_id,
    )


def cannot_be_done(
    store: Store,
    item_id: UUID | str,
    *,
    reason: str,
    at: datetime | None = None,
    visit_id: UUID | None = None,
) -> ServiceItem:
    """→ 无法办理: with the reason, which the resident is told."""
    at = at or datetime.now(UTC)
    time_not_in_future(at)
    if not reason.strip():
        raise InvalidValue("service_reason", "无法办理需要说明原因。", "Say why it cannot be done.")
    return _move(
        store, item_id, S.CANNOT_BE_DONE, outcome=reason.strip(), closed_at=at, closed_visit_id=visit_id
    )


def close_on_visit(
    store: Store, item_id: UUID | str, visit: Visit, *, outcome: str, satisfaction: Satisfaction | None
) -> ServiceItem:
    """A later visit closes the item: the visit is recorded and the item closed by it, together
    (or neither, when the closing is refused)."""
    with store.transaction():
        item = store.get(ServiceItem, item_id)
        if visit.household_id != item.household_id:
            raise InvalidValue(
                "service_visit_household",
                "办结事项的走访必须是对同一户的走访。",
                "The closing visit must be to the item's household.",
            )
        check_move(item.status, S.DONE)
        saved = record_visit(store, visit)
        return close(
            store, item_id, outcome=outcome, satisfaction=satisfaction, at=saved.visited_at, visit_id=saved.id
        )


def items_of(store: Store, household_id: UUID | str) -> list[ServiceItem]:
    return store.find(ServiceItem, "household_id = ?", [str(household_id)], order_by="created_at desc")


def due_items(store: Store, grids: tuple[str, ...] | None, today: date) -> list[ServiceItem]:
    """Open items due within a week or overdue, soonest first; ``grids`` None: every grid here."""
    statuses = [s.value for s in OPEN]
    in_grids = "1" if grids is None else f"grid IN ({','.join('?' * len(grids)) or 'NULL'})"
    return store.find(
        ServiceItem,
        f"{in_grids} AND status IN ({','.join('?' * len(statuses))}) AND due_on IS NOT NULL AND due_on <= ?",
        [*(grids or ()), *statuses, (today + timedelta(days=DUE_SOON_DAYS)).isoformat()],
        order_by="due_on",
    )


@dataclass(frozen=True)
class ServiceFigures:
    """办结率 = items done ÷ items registered; 满意率 = items rated 满意 or 基本满意 ÷ items done
    with a rating. Both over the live items of the grids, whenever they were opened."""

    registered: int
    done: int
    cannot_be_done: int
    open: int
    overdue: int
    rated: int
    satisfied: int

    @property
    def completion_rate(self) -> float | None:
        return self.done / self.registered if self.registered else None

    @property
    def satisfaction_rate(self) -> float | None:
        return self.satisfied / self.rated if self.rated else None


def service_figures(store: Store, grids: tuple[str, ...], today: date) -> ServiceFigures:
    marks = ",".join("?" * len(grids)) or "NULL"
    open_marks = ",".join(f"'{s.value}'" for s in OPEN)
    row = store.db.execute(
        "SELECT count(*), "
        "coalesce(sum(status = 'done'), 0), coalesce(sum(status = 'cannot_be_done'), 0), "
        f"coalesce(sum(status IN ({open_marks})), 0), "
        f"coalesce(sum(status IN ({open_marks}) AND due_on < ?), 0), "
        "coalesce(sum(status = 'done' AND satisfaction IS NOT NULL), 0), "
        "coalesce(sum(status = 'done' AND satisfaction IN ('satisfied', 'fairly_satisfied')), 0) "
        f"FROM service_items WHERE deleted = 0 AND grid IN ({marks})",
        [today.isoformat(), *grids],
    ).fetchone()
    return ServiceFigures(*row)
