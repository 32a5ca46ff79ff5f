"""How long the database part of a /metrics scrape takes with many deliveries (issue 15 §3).

Loads `--rows` deliveries over every known kind (most sent, the rest pending in the future,
due, late, failed, dead; across `--teams` workspaces), `--crises` crises with their pages, then
times `handlers.metrics.DatabaseCollector.collect()` (the three GROUP BY queries the scrape
runs) and prints the query plans. SQLite by default; `--url` for PostgreSQL (its tables are
emptied first: give it a scratch database). Run:

    python benchmarks/metrics_scrape.py --rows 100000
    python benchmarks/metrics_scrape.py --rows 100000 --url postgresql+psycopg://postgres@127.0.0.1/scratch
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
# Share of the rows in each state: the scheduler keeps sent rows until housekeeping prunes them.
MIX = (("sent", 0.70), ("future", 0.20), ("due", 0.02), ("late", 0.02), ("failed", 0.03), ("dead", 0.03))


def load(db: Any, rows: int, teams: int, crises: int, kinds: list[str]) -> None:
    from sqlalchemy import insert

    from storage.models import Crisis, CrisisPage, Delivery

    batch: list[dict[str, Any]] = []
    i = 0
    for state, share in MIX:
        for _ in range(int(rows * share)):
            due = {"future": NOW + timedelta(hours=1 + i % 500), "due": NOW - timedelta(minutes=1),
                   "late": NOW - timedelta(hours=1 + i % 50)}.get(state, NOW - timedelta(days=i % 30))
            batch.append({"team_id": f"T{i % teams:08d}", "kind": kinds[i % len(kinds)], "subject_id": str(i),
                          "occurrence_at": due, "due_at": due, "payload": {}, "parts_done": [],
                          "state": state if state in ("sent", "failed", "dead") else "pending",
                          "attempts": 0, "coalesced": 0})
            i += 1
    with db.uow() as s:
        for start in range(0, len(batch), 5000):
            s.execute(insert(Delivery), batch[start:start + 5000])
        s.execute(insert(Crisis), [
            {"team_id": f"T{c % teams:08d}", "number": f"CRI-2026-{c:04d}", "year": 2026, "seq": c,
             "severity": ("sev1", "sev2", "sev3")[c % 3], "summary": "bench", "reporter_id": "U0BENCH",
             "status": "open" if c % 10 == 0 else "resolved", "opened_at": NOW, "chain": [], "held_posts": [],
             "checklist": []} for c in range(crises)])
        ids = list(s.scalars(Crisis.__table__.select().with_only_columns(Crisis.id)))
        s.execute(insert(CrisisPage), [
            {"team_id": "T00000000", "crisis_id": cid, "generation": 1, "step": step, "cycle": 0, "level": step,
             "user_id": f"U{step}", "paged_at": NOW, "state": "open" if n % 10 == 0 else "acknowledged"}
            for n, cid in enumerate(ids) for step in range(3)])


def plans(db: Any) -> list[str]:
    from sqlalchemy import text

    sql = ("SELECT kind, count(*) FROM deliveries WHERE (state = 'pending' AND due_at <= :now) "
           "OR state IN ('failed', 'dead') GROUP BY kind")
    explain = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
    with db.engine.connect() as conn:
        return [" ".join(str(c) for c in row) for row in conn.execute(text(explain + sql), {"now": NOW})]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--crises", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--url", default="")
    parser.add_argument("--covering", action="store_true",
                        help="add an index on (state, due_at, kind) first: the scrape's query reads only it")
    args = parser.parse_args()

    from sqlalchemy import text

    from bot.core.config import Settings
    from bot.core.context import AppContext
    from bot.features import registries
    from handlers.metrics import DatabaseCollector
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import Base

    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{tmp}/bench.db"
        db = Database(url)
        upgrade(db)
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
                                  + " RESTART IDENTITY CASCADE"))
        regs = registries()
        load(db, args.rows, args.teams, args.crises, sorted(regs.renderers))
        with db.engine.begin() as conn:
            if args.covering:
                conn.execute(text("CREATE INDEX ix_bench_state_due_kind ON deliveries (state, due_at, kind)"))
            conn.execute(text("ANALYZE"))
        ctx = AppContext(settings=Settings(database_url=url), db=db, clock=lambda: NOW, registries=regs)
        collector = DatabaseCollector(ctx)
        families = list(collector.collect())  # warm: the first connection, the statement cache
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            families = list(collector.collect())
            times.append((time.perf_counter() - started) * 1000)
        series = sum(len(f.samples) for f in families)
        name = db.engine.dialect.name + (" (covering index)" if args.covering else "")
        print(f"{name}: {args.rows} deliveries, {args.crises} crises: collect() "
              f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms ({series} series)")
        for row in plans(db):
            print("  plan:", row)
        db.dispose()


if __name__ == "__main__":
    main()
