"""Who is using the app, what their role lets them do, and the check every local write passes.

Roles are enforced here, in the domain, not by hiding buttons: the store calls ``admit`` for
every record a person saves (pulled changes bypass it — the server already decided those), and
the supervisor's services ``require`` their permission before doing anything.
"""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from app.errors import TongxinError
from app.models import Dispute, DisputeStatus, Grid, GridLevel, Record, Reviewed, ReviewState, Role, User
from app.services import grids as grid_labels
from app.store import Store, scope


class Permission(StrEnum):
    RECORD = "record"
    REVIEW = "review"
    RESOLVE_CONFLICTS = "resolve_conflicts"
    EXPORT = "export"
    SEE_ID_NUMBERS = "see_id_numbers"
    MANAGE_ACCOUNTS = "manage_accounts"
    CONFIGURE = "configure"


P = Permission
# A save's record keeps its type through the checks: a Visit admitted is still a Visit.
R = TypeVar("R", bound=Record)
D = TypeVar("D", bound=Dispute)
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.WORKER: frozenset({P.RECORD}),
    Role.SUPERVISOR: frozenset({P.RECORD, P.REVIEW, P.RESOLVE_CONFLICTS, P.EXPORT, P.SEE_ID_NUMBERS}),
    Role.ADMIN: frozenset({P.MANAGE_ACCOUNTS, P.CONFIGURE}),
}
_WHAT = {
    P.RECORD: ("录入或修改记录", "record or change records"),
    P.REVIEW: ("审核记录", "review records"),
    P.RESOLVE_CONFLICTS: ("处理同步冲突", "settle sync conflicts"),
    P.EXPORT: ("导出台账", "export ledgers"),
    P.SEE_ID_NUMBERS: ("查看完整身份证号码", "see full ID numbers"),
    P.MANAGE_ACCOUNTS: ("管理账户", "manage accounts"),
    P.CONFIGURE: ("修改服务器与登记设置", "change server and enrollment settings"),
}
# Entities whose writes need more than the right to record.
_ENTITY_PERMISSION = {
    "reviews": P.REVIEW,
    "conflict_resolutions": P.RESOLVE_CONFLICTS,
    "users": P.MANAGE_ACCOUNTS,
    "grids": P.MANAGE_ACCOUNTS,
}
# Written by the services on behalf of any role (an export's audit entry).
_ANY_ROLE = frozenset({"audit_events"})
# A dispute enters the review queue when it is registered and when it reaches one of these.
DISPUTE_MILESTONES = frozenset(
    {
        DisputeStatus.REGISTERED,
        DisputeStatus.RESOLVED,
        DisputeStatus.REFERRED,
        DisputeStatus.UNRESOLVED_CLOSED,
        DisputeStatus.WITHDRAWN,
        DisputeStatus.CLOSED,
    }
)


class PermissionDenied(TongxinError):
    """The role of the person logged in does not allow this."""


@dataclass(frozen=True)
class Session:
    username: str
    display_name: str
    role: Role
    grids: tuple[str, ...]
    # Grid names by code, for messages: people read 巴彦嘎查, not 152500101001 (app.services.grids).
    names: dict[str, str] = field(default_factory=dict, compare=False)

    def may(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    def require(self, permission: Permission) -> None:
        if not self.may(permission):
            zh, en = _WHAT[permission]
            raise PermissionDenied(
                "not_permitted",
                f"“{self.role.zh}”角色不能{zh}。",
                f"A {self.role.en.lower()} cannot {en}.",
            )

    def require_grid(self, grid: str) -> None:
        if grid not in self.grids:
            name = self.names.get(grid, grid)
            raise PermissionDenied(
                "other_grid",
                f"网格“{name}”不在您负责的范围内，请选择您负责的网格中的住户或记录。",
                f"{name} is not a grid you look after; choose a household or record of your grids.",
            )

    def admit(self, record: R, existing: dict[str, Any] | None) -> R:
        """The record as this person may save it, or PermissionDenied.

        A worker edits their own visits and activities until a supervisor approves them; saving a
        returned one submits it again. A dispute goes back to the queue at each milestone.
        """
        if record.entity not in _ANY_ROLE:
            self.require(_ENTITY_PERMISSION.get(record.entity, P.RECORD))
        self.require_grid(record.grid)
        if existing is not None and existing["grid"] != record.grid:
            self.require_grid(existing["grid"])
        if not isinstance(record, Reviewed) or self.may(P.REVIEW):
            return record
        if existing is not None and record.review_state.value != existing["review_state"]:
            raise PermissionDenied(
                "review_state",
                "只有审核人可以改变审核结果。",
                "Only a supervisor can change a review decision.",
            )
        if isinstance(record, Dispute):
            return _dispute_for_review(record, existing)
        if existing is not None:
            _check_editable(self, existing)
        return record.model_copy(update={"review_state": ReviewState.PENDING})


def _check_editable(session: Session, existing: dict[str, Any]) -> None:
    if existing["review_state"] == ReviewState.APPROVED.value:
        raise PermissionDenied(
            "approved_locked",
            "该记录已审核通过，不能再修改；如需更正请联系审核人。",
            "This record has been approved and can no longer be changed; ask your supervisor.",
        )
    if existing["author"] != session.username:
        raise PermissionDenied(
            "not_author",
            "只能修改自己录入的记录。",
            "You can change only the records you entered.",
        )


def _dispute_for_review(record: D, existing: dict[str, Any] | None) -> D:
    status = record.status
    reached = existing is None or existing["status"] != status.value
    if reached and status in DISPUTE_MILESTONES:
        return record.model_copy(update={"review_state": ReviewState.PENDING})
    return record


def mask_id_number(value: str | None) -> str:
    """152502********1234: the region and the last four, enough to tell people apart."""
    if not value:
        return ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:] if len(value) > 10 else "*" * len(value)


def shown_id_number(session: Session, value: str | None) -> str:
    return (value or "") if session.may(P.SEE_ID_NUMBERS) else mask_id_number(value)


def grids_of(store: Store, role: Role, grids: tuple[str, ...]) -> tuple[str, ...]:
    """The grids a person sees and works in on this laptop: their own and those under them (a
    township supervisor's villages, an admin's all), within what the laptop covers."""
    mine = (
        frozenset(g.code for g in store.find(Grid)) if role is Role.ADMIN else scope.covered(store.db, grids)
    )
    laptop = scope.device_grids(store.db)
    return tuple(sorted(mine if laptop is None else mine & laptop))


def session_for(
    store: Store, username: str, display_name: str, role: Role, grids: tuple[str, ...]
) -> Session:
    seen = grids_of(store, role, grids)
    # Every grid the laptop knows is named, not only the person's: a refusal names the other grid.
    return Session(username, display_name, role, seen, grid_labels.labels(store))


def _os_username() -> str:
    name = re.sub(r"[^a-z0-9_.]", "", getpass.getuser().lower())[:32]
    return name if len(name) >= 2 else "worker"


def default_session(store: Store) -> Session:
    """The first worker of the database, for tools and tests that run without a login."""
    users = store.find(User, "role = 'worker'", order_by="username", limit=1)
    if users:
        user = users[0]
        return session_for(store, user.username, user.display_name, user.role, tuple(user.grids))
    villages = [g.code for g in store.find(Grid, "level = ?", [GridLevel.VILLAGE.value], order_by="code")]
    name = _os_username()
    return Session(name, name, Role.WORKER, tuple(villages))
