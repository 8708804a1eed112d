"""Back up, keep working, restore, sync: nothing is lost anywhere, nothing reaches the server twice,
and the audit trail stays whole on every laptop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.keyring import Account
from app.models import Household, Role
from app.services import audit, backups
from app.store.backup import make_backup
from tests.conftest import make_household
from tests.harness.laptops import Laptop, LiveServer, state

Laptops = Callable[..., list[Laptop]]


def _admin(grid: str) -> Account:
    return Account("itadmin", "信息员", Role.ADMIN, (grid,))


def test_back_up_keep_working_restore_and_sync_loses_nothing_anywhere(
    laptops: Laptops, live: LiveServer, tmp_path: Path
) -> None:
    a, b = laptops(2)
    admin = _admin(a.grid)
    synced = a.ui.save(make_household(grid=a.grid, head_name="其其格"))
    audit.record(a.ui, actor=admin, action="login", detail="登录本机", grid=a.grid)
    a.sync()
    unsent_at_backup = a.ui.save(make_household(grid=a.grid, head_name="乌力吉"))
    written = make_backup(a.ui, tmp_path / "usb", database=a.path)
    after_backup = a.ui.save(make_household(grid=a.grid, head_name="巴特尔"))
    audit.record(a.ui, actor=admin, action="export_full_id_numbers", detail="走访台账", grid=a.grid)
    a.sync()
    a.close()

    backups.restore(written, a.path, a.key, by=admin)
    restored = Laptop(a.name, a.path, a.grid, a.key)
    made_after_restore = restored.ui.save(make_household(grid=a.grid, head_name="阿拉坦"))
    restored.sync()
    for _round in range(2):
        for laptop in (restored, b):
            assert laptop.sync().refused == 0

    for record in (synced, unsent_at_backup, after_backup, made_after_restore):
        assert restored.ui.get(Household, record.id).head_name == record.head_name
        assert b.ui.get(Household, record.id).head_name == record.head_name
        twice = live.scalar(
            "SELECT count(*) FROM changes WHERE record_id = :r"
            " GROUP BY field, hlc ORDER BY count(*) DESC LIMIT 1",
            r=str(record.id),
        )
        assert twice == 1, "no change reached the server twice"
    assert state(restored.ui) == state(b.ui)
    actions = sorted(row[0] for row in b.ui.db.execute("SELECT action FROM audit_events"))
    assert actions == ["export_full_id_numbers", "login", "restore"]
    assert audit.verify(restored.ui).problems == []
    assert audit.verify(b.ui).problems == []
    restored.close()
