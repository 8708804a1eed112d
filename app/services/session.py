"""Who is using the app: the name written as a record's author and the grids they may write.

Until login lands (the supervisor issue) the session is the device's first worker account, or
the operating-system user on a database without accounts.
"""

from __future__ import annotations

import getpass
import re
from dataclasses import dataclass

from app.models import Grid, GridLevel, Role, User
from app.store import Store


@dataclass(frozen=True)
class Session:
    username: str
    display_name: str
    grids: tuple[str, ...]


def _os_username() -> str:
    name = re.sub(r"[^a-z0-9_.]", "", getpass.getuser().lower())[:32]
    return name if len(name) >= 2 else "worker"


def default_session(store: Store) -> Session:
    users = store.find(User, "role = 'worker'", order_by="username", limit=1) or store.find(
        User, order_by="username", limit=1
    )
    villages = [g.code for g in store.find(Grid, "level = ?", [GridLevel.VILLAGE.value], order_by="code")]
    if users:
        user = users[0]
        grids = user.grids if user.role is Role.WORKER else villages or user.grids
        return Session(user.username, user.display_name, tuple(grids))
    name = _os_username()
    return Session(name, name, tuple(villages or (g.code for g in store.find(Grid, order_by="code"))))
