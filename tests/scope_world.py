"""A small grid tree for scope tests, with the records a person might see in each village.

正镶白旗 → 宝力根苏木 → 巴彦嘎查 (A) and 乌兰嘎查 (B); → 查干淖尔镇 → 巴彦嘎查 (C): two villages share
a name, so they read 巴彦嘎查（宝力根苏木） and 巴彦嘎查（查干淖尔镇）. Village A has one household, B two
and C four, each headed by a 乌力吉 with an overdue return visit, so a figure over any mix of
villages says which it counted (1, 2 and 4 add up to a different total for every mix). Each
village also has an open major-risk dispute with an overdue follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from app.models import (
    Dispute,
    DisputeCategory,
    FollowUp,
    Gender,
    Grid,
    GridLevel,
    Household,
    Resident,
    RiskLevel,
    Role,
    Visit,
    VisitType,
)
from app.services.session import Session, session_for
from app.store import Store
from tests.conftest import valid_id_number

TODAY = date(2026, 3, 5)
BANNER, T1, T2 = "1525", "152501", "152502"
A, B, C = "152501001", "152501002", "152502001"
VILLAGES = (A, B, C)
HOUSEHOLDS_IN = {A: 1, B: 2, C: 4}
NAMES = {
    BANNER: "正镶白旗",
    T1: "宝力根苏木",
    T2: "查干淖尔镇",
    A: "巴彦嘎查",
    B: "乌兰嘎查",
    C: "巴彦嘎查",
}
LABELS = {A: "巴彦嘎查（宝力根苏木）", B: "乌兰嘎查", C: "巴彦嘎查（查干淖尔镇）"}


@dataclass
class Village:
    households: list[Household] = field(default_factory=list)
    residents: list[Resident] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    dispute: Dispute | None = None


def at(day: date, hour: int = 2) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _grids() -> list[Grid]:
    tree = [
        (BANNER, GridLevel.BANNER_COUNTY, None),
        (T1, GridLevel.TOWNSHIP, BANNER),
        (T2, GridLevel.TOWNSHIP, BANNER),
        (A, GridLevel.VILLAGE, T1),
        (B, GridLevel.VILLAGE, T1),
        (C, GridLevel.VILLAGE, T2),
    ]
    return [
        Grid(grid=code, code=code, name=NAMES[code], level=level, parent_code=parent, author="admin")
        for code, level, parent in tree
    ]


def build(store: Store) -> dict[str, Village]:
    """The tree and every village's records, written as the server's would arrive (no login)."""
    store.save_all(_grids())
    villages: dict[str, Village] = {}
    born = iter(range(1960, 1990, 4))
    for grid in VILLAGES:
        village = Village()
        for number in range(HOUSEHOLDS_IN[grid]):
            household = store.save(
                Household(
                    grid=grid, author="seed", head_name="乌力吉", address=f"{NAMES[grid]}{number + 1}组8号"
                )
            )
            birth = date(next(born), 4, 17)
            village.households.append(household)
            village.residents.append(
                store.save(
                    Resident(
                        grid=grid,
                        author="seed",
                        household_id=household.id,
                        name="乌力吉",
                        gender=Gender.MALE,
                        birth_date=birth,
                        id_number=valid_id_number(birth),
                    )
                )
            )
            village.visits.append(
                store.save(
                    Visit(
                        grid=grid,
                        author="seed",
                        household_id=household.id,
                        visitor="seed",
                        visited_at=at(TODAY - timedelta(days=20)),
                        visit_type=VisitType.ROUTINE,
                        summary="了解牧草长势",
                        follow_up_due=TODAY - timedelta(days=2),
                    )
                )
            )
        village.dispute = store.save(
            Dispute(
                grid=grid,
                author="seed",
                title=f"{NAMES[grid]}草场边界纠纷",
                category=DisputeCategory.GRASSLAND,
                risk_level=RiskLevel.MAJOR,
            )
        )
        store.save(
            FollowUp(
                grid=grid, author="seed", dispute_id=village.dispute.id, due_on=TODAY - timedelta(days=1)
            )
        )
        villages[grid] = village
    return villages


def worker(store: Store) -> Session:
    return session_for(store, "worker_a", "阿如娜", Role.WORKER, (A,))


def supervisor(store: Store) -> Session:
    return session_for(store, "supervisor1", "张伟", Role.SUPERVISOR, (T1,))


def admin(store: Store) -> Session:
    return session_for(store, "admin", "管理员", Role.ADMIN, (BANNER,))
