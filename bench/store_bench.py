"""Store benchmark on a banner-sized database: save latency and search time, each against a
baseline measured in the same run.

    python bench/store_bench.py --households 100000

* Save: one visit through ``record_visit`` (validation, row, field clocks, change log, search
  queue, durable commit) against a bare INSERT + COMMIT of the same row into a SQLCipher-keyed
  table of the same schema, indexes and size, with the same durability pragmas (WAL,
  synchronous=FULL): target ≤ 1.5. A second baseline, the same bare insert into a plain sqlite3
  file, is kept as a figure: how much of a save is encryption. All three alternate call by call so
  disk and machine noise fall on each alike.
* Search: p95 of the first ranked page (20 hits) for 2-character, 3-character and pinyin queries
  drawn from the data, against a LIKE '%q%' scan over the same text columns (names, addresses,
  phones, ID numbers, summaries, titles) returning its first 20 by the same crude order. A pinyin
  query has nothing a LIKE scan can match; the scan still reads everything, which is its cost.

* Size: the database's size per 10,000 records, before and after archiving (``app.store.archive``,
  records finished more than ``--archive-days`` ago) a copy of it. Demo data never reaches a
  server, so the copy is marked as enrolled and acknowledged — in the copy only — for archiving to
  take what a synced laptop would let go.

The seeded database is kept under bench/out/ and reused by later runs with the same size.
The last line printed is one JSON object with the figures and the targets.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

import sqlcipher3

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.demo.seed import seed
from app.keyfile import key_path_for, load_or_create_key
from app.models import Household, Resident, Visit, VisitType
from app.services.visits import record_visit
from app.store import Store
from app.store.archive import archive
from app.store.search_terms import name_terms
from bench.report import emit, percentile, target

OUT = Path(__file__).resolve().parent / "out"
LIKE_SCAN = """
    SELECT title FROM (
        SELECT name AS title FROM residents WHERE deleted = 0
            AND (name LIKE :q OR phone LIKE :q OR id_number LIKE :q)
        UNION ALL SELECT head_name FROM households WHERE deleted = 0
            AND (head_name LIKE :q OR address LIKE :q OR phone LIKE :q)
        UNION ALL SELECT summary FROM visits WHERE deleted = 0 AND summary LIKE :q
        UNION ALL SELECT title FROM disputes WHERE deleted = 0 AND (title LIKE :q OR description LIKE :q)
        UNION ALL SELECT title FROM volunteer_activities WHERE deleted = 0
            AND (title LIKE :q OR description LIKE :q)
    ) ORDER BY length(title) LIMIT 20"""


def seeded_store(households: int) -> tuple[Store, Path]:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"store_{households}.db"
    fresh = not path.exists()
    store = Store.open(path, load_or_create_key(key_path_for(path)))
    if fresh:
        started = time.perf_counter()
        counts = seed(store, households=households, seed=42)
        print(f"seeded {dict(counts)} in {time.perf_counter() - started:.0f} s", flush=True)
    return store, path


def baseline_db(store: Store, path: Path, *, encrypted: bool) -> sqlite3.Connection:
    """A bare file whose visits table has the store's schema, indexes and rows.

    Plain: stdlib sqlite3. Encrypted: sqlcipher3 with a key, the storage the app must use.
    """
    target = path.with_name(path.stem + ("_bare_encrypted.db" if encrypted else "_bare_plain.db"))
    fresh = not target.exists()
    conn = (sqlcipher3 if encrypted else sqlite3).connect(str(target), isolation_level=None)
    if encrypted:
        conn.execute(f"PRAGMA key = \"x'{'5a' * 32}'\"")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    if fresh:
        conn.execute("BEGIN")
        for (statement,) in store.db.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'visits' AND sql IS NOT NULL ORDER BY type DESC"
        ):
            conn.execute(statement)
        rows = store.db.execute("SELECT * FROM visits")
        marks = ", ".join("?" * len(rows.description))
        conn.executemany(f"INSERT INTO visits VALUES ({marks})", rows)
        conn.execute("COMMIT")
    return conn


def _bare_insert(conn: sqlite3.Connection, columns: list[str], values: list[object]) -> float:
    sql = f"INSERT INTO visits ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute(sql, values)
    conn.execute("COMMIT")
    return time.perf_counter() - started


def bench_saves(store: Store, bare: dict[str, sqlite3.Connection], rounds: int) -> dict[str, float]:
    """Service and bare inserts alternate call by call, so noise falls on all of them alike."""
    households = store.find(Household, limit=200)
    times: dict[str, list[float]] = {"service": [], **{name: [] for name in bare}}
    for i in range(rounds):
        household = households[i % len(households)]
        visit = Visit(
            grid=household.grid,
            author="bench",
            household_id=household.id,
            visitor="worker101",
            visited_at=datetime.now(UTC) - timedelta(minutes=5),
            visit_type=VisitType.HOME_SERVICE,
            needs=["health"],
            summary=f"第{i}次上门办：协助办理医保缴费，已现场完成登记。",
        )
        started = time.perf_counter()
        record_visit(store, visit)
        times["service"].append(time.perf_counter() - started)
        cursor = store.db.execute("SELECT * FROM visits WHERE id = ?", [str(visit.id)])
        columns, values = [d[0] for d in cursor.description], list(cursor.fetchone())
        for name, conn in bare.items():
            values[0] = str(uuid4())
            times[name].append(_bare_insert(conn, columns, values))
    figures = {}
    for name, samples in times.items():
        figures[f"save_{name}_median_ms"] = statistics.median(samples) * 1e3
        figures[f"save_{name}_p99_ms"] = percentile(samples, 0.99) * 1e3
    return figures


def sample_queries(store: Store, rng: random.Random, count: int) -> dict[str, list[str]]:
    names = [r.name for r in store.find(Resident, "length(name) >= 3 AND name GLOB '[一-龥]*'", limit=20_000)]
    addresses = [h.address for h in store.find(Household, limit=5_000)]
    two = [name[i : i + 2] for name in rng.sample(names, count) for i in [rng.randrange(len(name) - 1)]]
    three = [name[:3] for name in rng.sample(names, count // 2)]
    villages = [re.match(r"[^0-9]+", a).group(0) for a in rng.sample(addresses, count - count // 2)]
    three += [v[i : i + 3] for v in villages for i in [rng.randrange(len(v) - 2)]]
    pinyin = []
    for name in rng.sample(names, count):
        latin = sorted((t for t in name_terms(name) if t.isascii()), key=len)
        pinyin.append(latin[-1] if rng.random() < 0.5 else latin[0])
    return {"2char": two, "3char": three, "pinyin": pinyin}


def bench_search(store: Store, queries: dict[str, list[str]]) -> dict[str, float]:
    figures = {}
    for kind, batch in queries.items():
        indexed, scanned = [], []
        for query in batch:
            store.search(query)
            started = time.perf_counter()
            store.search(query, limit=20)
            indexed.append(time.perf_counter() - started)
            started = time.perf_counter()
            store.db.execute(LIKE_SCAN, {"q": f"%{query}%"}).fetchall()
            scanned.append(time.perf_counter() - started)
        figures[f"search_{kind}_p95_ms"] = percentile(indexed, 0.95) * 1e3
        figures[f"like_{kind}_p95_ms"] = percentile(scanned, 0.95) * 1e3
    return figures


def _per_10k(size: int, records: int) -> float:
    return size / 2**20 / records * 10_000


def bench_archiving(store: Store, path: Path, key: bytes, days: int) -> dict[str, float]:
    """Archive a copy of the seeded database and measure it before and after."""
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = path.with_name(path.stem + "_archived.db")
    for stale in copy.parent.glob(copy.name + "*"):
        stale.unlink()
    shutil.copy(path, copy)
    with Store.open(copy, key) as archived:
        grids = [row[0] for row in archived.db.execute("SELECT code FROM grids")]
        last = archived.db.execute("SELECT coalesce(max(seq), 0) FROM change_log").fetchone()[0]
        with archived.transaction():
            archived.set_meta("server_grids", json.dumps(grids))
            archived.set_meta("acked_seq", str(last))
        records_before = archived.count_all_records()
        started = time.perf_counter()
        done = archive(archived, copy, now=datetime.now(UTC), age=timedelta(days=days))
        seconds = time.perf_counter() - started
        records_after = archived.count_all_records()
    copy.unlink()
    copy.with_name(copy.name + ".key").unlink(missing_ok=True)
    return {
        "records_before_archiving": records_before,
        "records_after_archiving": records_after,
        "database_mb_before_archiving": done.size_before / 2**20,
        "database_mb_after_archiving": done.size_after / 2**20,
        "mb_per_10k_records_before_archiving": _per_10k(done.size_before, records_before),
        "mb_per_10k_records_after_archiving": _per_10k(done.size_after, records_after),
        "archiving_s": seconds,
        "archived_records": done.records,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=400)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--archive-days", type=int, default=365)
    args = parser.parse_args()
    store, path = seeded_store(args.households)
    bare = {
        name: baseline_db(store, path, encrypted=name == "bare_encrypted")
        for name in ("bare", "bare_encrypted")
    }
    rng = random.Random(7)
    counts = {m.entity: store.count(m) for m in (Household, Resident, Visit)}
    figures = bench_saves(store, bare, args.saves)
    figures |= bench_search(store, sample_queries(store, rng, args.queries))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    figures["database_mb"] = (
        sum(p.stat().st_size for p in OUT.glob(path.name + "*") if p.suffix not in (".key", ".bak")) / 2**20
    )
    # The target is against the encrypted insert, the storage the app must use; the plain one stays
    # a figure, for how much of a save is encryption.
    for kind in ("median", "p99"):
        figures[f"save_{kind}_ratio_vs_bare_plain"] = (
            figures[f"save_service_{kind}_ms"] / figures[f"save_bare_{kind}_ms"]
        )
    targets = {
        f"save_{kind}_ratio": target(
            figures[f"save_service_{kind}_ms"] / figures[f"save_bare_encrypted_{kind}_ms"], 1.5
        )
        for kind in ("median", "p99")
    }
    for kind in ("2char", "3char", "pinyin"):
        targets[f"search_{kind}_p95_ratio"] = target(
            figures[f"search_{kind}_p95_ms"] / figures[f"like_{kind}_p95_ms"], 0.1
        )
    figures |= bench_archiving(store, path, load_or_create_key(key_path_for(path)), args.archive_days)
    # Archiving must give back space: the file after is at most this share of the file before.
    targets["archived_size_share"] = target(
        figures["database_mb_after_archiving"] / figures["database_mb_before_archiving"],
        1 - figures["archived_records"] / figures["records_before_archiving"] / 2,
    )
    store.close()
    emit(figures, targets, households=args.households, counts=counts)


if __name__ == "__main__":
    main()
