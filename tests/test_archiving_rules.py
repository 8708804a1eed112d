"""What may leave a laptop when it archives, on the laptop alone: only what the server holds, and
photos nothing here needs any more."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.models import ReviewState, Visit
from app.store import Store
from app.store.archive import _ROOTS, archive, drop_orphan_files
from tests.conftest import GRID, make_household, make_visit

NOW = datetime(2026, 11, 30, tzinfo=UTC)
LONG_AGO = datetime(2023, 3, 1, tzinfo=UTC)


def _old_visit(store: Store) -> Visit:
    household = store.save(make_household())
    return store.save(make_visit(household, visited_at=LONG_AGO, review_state=ReviewState.APPROVED))


def _enrolled(store: Store, *, acknowledged: bool) -> None:
    with store.transaction():
        store.set_meta("server_grids", json.dumps([GRID]))
        if acknowledged:
            last = store.db.execute("SELECT max(seq) FROM change_log").fetchone()[0]
            store.set_meta("acked_seq", str(last))


def _photo(store: Store, name: str) -> str:
    sha = (name * 64)[:64]
    store.db.execute(
        "INSERT INTO attachment_files (sha256, size, received, data, uploaded, created_at)"
        " VALUES (?, 3, 3, x'ffd8ff', 1, ?)",
        [sha, NOW.isoformat()],
    )
    return sha


def test_a_laptop_never_enrolled_keeps_everything(store: Store, db_path: Path) -> None:
    _old_visit(store)
    assert archive(store, db_path, now=NOW, age=timedelta(days=365)).records == 0
    assert store.count(Visit) == 1


def test_a_record_with_a_change_not_yet_sent_stays(store: Store, db_path: Path) -> None:
    visit = _old_visit(store)
    _enrolled(store, acknowledged=True)
    store.save(visit.model_copy(update={"summary": "补充：血压正常"}))
    assert archive(store, db_path, now=NOW, age=timedelta(days=365)).records == 0
    _enrolled(store, acknowledged=True)
    assert archive(store, db_path, now=NOW, age=timedelta(days=365)).records == 1
    left = store.db.execute("SELECT entity, record_id, title FROM archived").fetchall()
    assert [(e, r) for e, r, _t in left] == [("visits", str(visit.id))]


def test_a_discarded_forms_photo_goes_and_a_form_in_progress_keeps_its_own(store: Store) -> None:
    discarded = _photo(store, "a")
    in_progress = _photo(store, "b")
    store.db.execute(
        "INSERT INTO drafts (id, kind, record_id, title, payload, saved_at) VALUES (?, ?, ?, ?, ?, ?)",
        ["d1", "dispute", None, "纠纷草稿", json.dumps({"attachments": [in_progress]}), NOW.isoformat()],
    )
    assert drop_orphan_files(store) == 1
    kept = [row[0] for row in store.db.execute("SELECT sha256 FROM attachment_files")]
    assert kept == [in_progress] and discarded not in kept


def _scans_per_record(plan: list[tuple[int, int, int, str]]) -> list[str]:
    """The whole-table reads of a query plan that sit inside a subquery run once per row."""
    parents = {node: parent for node, parent, _unused, _detail in plan}
    correlated = {node for node, _parent, _unused, detail in plan if detail.startswith("CORRELATED")}

    def inside_correlated(node: int) -> bool:
        while node in parents:
            node = parents[node]
            if node in correlated:
                return True
        return False

    return [
        detail
        for node, _parent, _unused, detail in plan
        if detail.startswith("SCAN") and inside_correlated(node)
    ]


def test_finding_what_may_leave_reads_no_table_once_per_record(store: Store) -> None:
    """Each rule's plan: a subquery run for every candidate record may look rows up by an index,
    never read a whole table — one did (service items, per visit) and archiving 100,000
    households took twenty minutes."""
    for entity, rule in _ROOTS.items():
        plan = store.db.execute(
            f"EXPLAIN QUERY PLAN SELECT t.id FROM {entity} t WHERE t.deleted = 0 AND {rule}",
            {"before": "2026-01-01T00:00:00Z"},
        ).fetchall()
        assert not _scans_per_record(plan), (entity, plan)
