"""The weekly digest and the results report over two years of data (issue 14, "Measure").

100 accounts × 730 days × 10 metrics = 730,000 `kpi_values` rows, 30 KPI definitions (per
account, per brand and for the workspace, base and derived), 4 competitors per brand. Then,
in fresh processes (so a peak memory is the digest's or the report's, not the seeding's):

- the digest's computation, `bot.kpi.digest.period_view` for the last complete week,
  `--n` times: p50 / p95 / max;
- the chart (`bot.kpi.charts.weekly_chart_png`, 12 weeks of the main KPIs): p50 / max;
- the results report for the last month (the computation and the PDF): p50 / max;
- the peak RSS of each process (goal < 200 MB) — `resource.getrusage`'s ru_maxrss — and the
  RSS after the imports, before any work.

Goals: the digest's computation < 0.5 s (aggregated in SQL), peak memory < 200 MB.

    python benchmarks/digest.py                      # a temporary SQLite file
    python benchmarks/digest.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_kpi

The database is migrated and the benchmark workspace's rows replaced: use a scratch database.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEAM = "T0BENCHKPI"
NETWORKS = ("instagram", "facebook", "linkedin", "x", "tiktok")
METRICS = ("followers", "reach", "impressions", "engagements", "link_clicks", "video_views",
           "messages_received", "messages_answered", "response_time", "mentions")
TODAY = date(2026, 12, 2)


def seed(database: str, accounts: int, days: int) -> int:
    from sqlalchemy import delete, insert, select

    from bot.kpi.periods import month_of, week_of
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import Account, BrandProfile, KpiCompetitor, KpiDefinition, KpiValue, Workspace

    db = Database(database)
    upgrade(db)
    now = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    rnd = random.Random(14)
    with db.uow() as s:
        for model in (KpiValue, KpiDefinition, KpiCompetitor, BrandProfile, Account):
            s.execute(delete(model).where(model.team_id == TEAM))
        if s.get(Workspace, TEAM) is None:
            s.add(Workspace(team_id=TEAM, timezone="Europe/Madrid", language="es", digest_channel="C0DIGEST"))
    brands = [f"Marca {i:02d}" for i in range(max(1, accounts // 5))]
    with db.uow() as s:
        s.execute(insert(Account), [
            {"team_id": TEAM, "brand": brands[i % len(brands)], "network": NETWORKS[i % len(NETWORKS)],
             "handle": f"cuenta{i:03d}", "login_email": f"social.cuenta{i:03d}@gmail.com",
             "created_by": "U0ADMIN", "custodian_id": "U0ADMIN", "created_at": now, "updated_at": now}
            for i in range(accounts)])
        for b in brands:
            s.add(BrandProfile(team_id=TEAM, brand=b, brand_key=b.casefold(), updated_by="U0ADMIN",
                               competitors=[f"Rival {b[-2:]}-{k}" for k in range(4)]))
        s.flush()
        for b in brands:
            for k in range(4):
                name = f"Rival {b[-2:]}-{k}"
                s.add(KpiCompetitor(team_id=TEAM, brand_key=b.casefold(), name=name, name_key=name.casefold()))
        ids = list(s.scalars(select(Account.id).where(Account.team_id == TEAM).order_by(Account.id)))
        for n, aid in enumerate(ids[:20]):
            s.add(KpiDefinition(team_id=TEAM, metric=("engagement_rate", "followers", "reach", "ctr")[n % 4],
                                account_id=aid, target=(3.0, 10_000, 50_000, 1.5)[n % 4], period="week",
                                direction="higher", basis="reach" if n % 4 == 0 else None, created_by="U0ADMIN",
                                created_at=now))
        for b in brands[:5]:
            s.add(KpiDefinition(team_id=TEAM, metric="share_of_voice", brand_key=b.casefold(), target=30.0,
                                period="month", direction="higher", created_by="U0ADMIN", created_at=now))
        for metric, target, period, direction in (("followers", 500_000, "month", "higher"),
                                                  ("response_rate", 90.0, "week", "higher"),
                                                  ("response_time", 60.0, "week", "lower"),
                                                  ("engagements", 100_000, "week", "higher"),
                                                  ("follower_growth", 2.0, "month", "higher")):
            s.add(KpiDefinition(team_id=TEAM, metric=metric, target=target, period=period, direction=direction,
                                created_by="U0ADMIN", created_at=now))
    first = TODAY - timedelta(days=days)
    total = 0
    for aid in ids:
        rows = []
        followers = rnd.randint(1_000, 100_000)
        for d in range(days):
            day = first + timedelta(days=d)
            followers += rnd.randint(-20, 60)
            reach = rnd.randint(500, 20_000)
            values = {"followers": followers, "reach": reach, "impressions": reach * 2,
                      "engagements": rnd.randint(10, 900), "link_clicks": rnd.randint(0, 200),
                      "video_views": rnd.randint(0, 5_000), "messages_received": rnd.randint(0, 40),
                      "messages_answered": rnd.randint(0, 40), "response_time": rnd.randint(5, 240),
                      "mentions": rnd.randint(0, 60)}
            for metric in METRICS:
                rows.append({"team_id": TEAM, "subject": f"a:{aid}", "account_id": aid, "metric": metric,
                             "day": day, "week_start": week_of(day), "month_start": month_of(day),
                             "value": float(values[metric]), "source": "seed", "logged_by": "U0BENCH",
                             "logged_at": now})
        with db.uow() as s:
            s.execute(insert(KpiValue), rows)
        total += len(rows)
    if db.engine.dialect.name == "postgresql":
        # A bulk load leaves the planner without statistics until autovacuum gets to it; a real
        # database has them, so measure with them.
        from sqlalchemy import text

        with db.engine.connect() as conn:
            conn.execute(text("ANALYZE kpi_values"))
            conn.commit()
    db.engine.dispose()
    return total


def _pcts(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(pick(0.95) * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure(database: str, n: int, part: str) -> dict[str, object]:
    """In its own process, so each peak RSS is that work's: `digest` (the weekly computation, then
    its chart) or `report` (the month's computation, then the PDF with its chart)."""
    from bot.core.config import Settings
    from bot.features import bind_deployment, translator
    from bot.kpi import periods
    from bot.kpi.charts import weekly_chart_png
    from bot.kpi.digest import period_view
    from storage.db import Database

    db = Database(database)
    bind_deployment(db, Settings())  # the rules read the deployment from the session
    tr = translator("es")
    now = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    started = _rss_mb()
    if part == "digest":
        week = periods.last_complete_week(TODAY)
        digest, chart = [], []
        view = None
        for _ in range(n):
            t0 = time.perf_counter()
            with db.uow(read_only=True) as s:
                view = period_view(s, TEAM, week, now=now)
            digest.append(time.perf_counter() - t0)
        assert view is not None
        png = b""
        for _ in range(max(3, n // 4)):
            t0 = time.perf_counter()
            png = weekly_chart_png(view.series, title="12 semanas")
            chart.append(time.perf_counter() - t0)
        return {"digest": _pcts(digest), "chart": _pcts(chart), "kpis": len(view.kpis), "series": len(view.series),
                "png_bytes": len(png), "rss_after_start_mb": started, "digest_peak_rss_mb": _rss_mb()}
    from bot.kpi.report import ReportMeta, render_pdf
    from bot.kpi.reports import brands_of

    month = periods.month(2026, 11)
    pdf = b""
    report = []
    for _ in range(3):  # what `/kpi report 2026-11` does before keeping it: the month's view, then the PDF
        t0 = time.perf_counter()
        with db.uow(read_only=True) as s:
            month_view = period_view(s, TEAM, month, now=now)
            meta = ReportMeta(brands_of(s, TEAM), now, "U0BENCH")
        pdf = render_pdf(tr, month_view, meta)
        report.append(time.perf_counter() - t0)
    return {"report": _pcts(report), "pdf_bytes": len(pdf), "report_peak_rss_mb": _rss_mb()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="SQLAlchemy URL (default: a temporary SQLite file)")
    parser.add_argument("--accounts", type=int, default=100)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--n", type=int, default=20, help="digest computations to time")
    parser.add_argument("--reuse", action="store_true", help="measure the rows a previous run seeded in --database")
    parser.add_argument("--measure-only", choices=("digest", "report"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        print(json.dumps(measure(args.database, args.n, args.measure_only)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        database = args.database or f"sqlite:///{tmp}/digest.db"
        t0 = time.perf_counter()
        if args.reuse and args.database:
            rows = args.accounts * args.days * len(METRICS)
        else:
            rows = seed(database, args.accounts, args.days)
            print(f"seeded {rows:,} kpi_values rows in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        figures: dict[str, object] = {}
        for part in ("digest", "report"):
            out = subprocess.run([sys.executable, __file__, "--measure-only", part, "--database", database,
                                  "--n", str(args.n)], check=True, capture_output=True, text=True)
            figures.update(json.loads(out.stdout.strip().splitlines()[-1]))
    backend = database.split(":", 1)[0]
    print(json.dumps({"backend": backend, "rows": rows, **figures}, indent=2))
    digest = figures["digest"]
    assert isinstance(digest, dict)
    peak = max(float(str(figures["digest_peak_rss_mb"])), float(str(figures["report_peak_rss_mb"])))
    ok = digest["p95_ms"] < 500 and peak < 200
    print("goals met" if ok else "goal NOT met (digest p95 < 500 ms, peak RSS < 200 MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
