"""`/post calendar month` on a large workspace: ack time, SQL statements, and a 10-account check.

A workspace with `--accounts` accounts (default 200) and `--posts` posts (default 50,000) spread
over two years (one to three accounts each, every state), in Europe/Madrid. Signed `/post calendar
month` commands go through the whole Bolt app in this process (signature check, request log,
routing, the rules, rendering), like tests/conftest.py's dispatcher: the calendar is computed
before the ack, so the ack *is* the full response; the figure leaves out only the loopback HTTP
that benchmarks/ack_latency.py measures. Then a filtered month (a brand), the SQL statements one
command runs (the same for an empty month: constant, not one per post), and the time to validate
and tag a 10-account post (bot.posts.checks.check, UTM tagging included).

    python benchmarks/post_calendar.py                       # a temporary SQLite file
    python benchmarks/post_calendar.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_calendar

The database gets migrated and its posts replaced: point it at a scratch database.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Named post_calendar.py, not calendar.py: run as a script, this folder comes first on sys.path,
# and a calendar.py here would shadow the standard library's for every benchmark in it.
sys.path.insert(0, str(ROOT))

SECRET = "bench-signing-secret"
TEAM = "T0BENCH"
USER = "U0BENCH"
NETWORKS = ("instagram", "x", "linkedin", "facebook", "tiktok", "threads")
STATES = ("approved",) * 5 + ("published",) * 8 + ("pending", "draft", "cancelled", "overdue", "expired", "held",
                                                     "changes_requested", "rejected")


def prepare(database: str, accounts: int, posts: int, now: datetime) -> None:
    from sqlalchemy import delete, insert

    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import Account, Post, PostReview, PostVariant, Workspace

    db = Database(database)
    upgrade(db)
    rnd = random.Random(12)
    start = now - timedelta(days=365)
    with db.uow() as s:
        for model in (PostReview, PostVariant, Post):
            s.execute(delete(model).where(model.team_id == TEAM))
        s.execute(delete(Account).where(Account.team_id == TEAM))
        s.execute(delete(Workspace).where(Workspace.team_id == TEAM))
        s.add(Workspace(team_id=TEAM, timezone="Europe/Madrid", language="en"))
        s.execute(insert(Account), [
            {"team_id": TEAM, "brand": f"Brand{i % 20:02d}", "network": NETWORKS[i % len(NETWORKS)],
             "handle": f"handle{i:03d}", "login_email": f"h{i}@gmail.com", "created_by": USER, "custodian_id": USER,
             "status": "active", "has_password": False, "email_warnings": [], "mailbox_created_by": "it"}
            for i in range(accounts)])
        ids = {a.handle: (a.id, a.network) for a in s.query(Account).filter(Account.team_id == TEAM)}
        handles = sorted(ids)
        rows, variants = [], []
        first_id = (s.query(Post.id).order_by(Post.id.desc()).limit(1).scalar() or 0) + 1
        for n in range(posts):
            pid = first_id + n
            when = start + timedelta(seconds=rnd.randrange(2 * 365 * 86400))
            rows.append({"id": pid, "team_id": TEAM, "author_id": USER, "publisher_id": USER, "brand": None,
                         "scheduled_at": when, "copy": f"Post {n}: something worth reading #brand", "status":
                         rnd.choice(STATES), "revision": 1, "approvals_required": 1, "link": "https://example.com/a"})
            for handle in rnd.sample(handles, rnd.randint(1, 3)):
                account_id, network = ids[handle]
                variants.append({"team_id": TEAM, "post_id": pid, "account_id": account_id, "network": network,
                                 "tagged_link": f"https://example.com/a?utm_source={network}&utm_medium=social"})
        s.execute(insert(Post), rows)
        s.execute(insert(PostVariant), variants)
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does for a table that grew: planning on a bulk load without statistics
        # measures the planner's guesses, not the queries.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE posts, post_variants, accounts")
    db.dispose()


@contextmanager
def counting(engine: Any) -> Iterator[list[str]]:
    from sqlalchemy import event

    seen: list[str] = []

    def hook(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", hook)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", hook)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(args: argparse.Namespace, database: str) -> dict[str, Any]:
    from slack_bolt import BoltRequest

    from bot.app import build
    from bot.core.config import Settings
    from bot.devtools.slack import FakeSlack, SlackDriver
    from storage.db import Database

    now = datetime.now(UTC)
    t0 = time.perf_counter()
    prepare(database, args.accounts, args.posts, now)
    seeded = time.perf_counter() - t0
    fake = FakeSlack(team_id=TEAM).start()
    fake.add_user(USER, "bench", real_name="Bench", email="bench@example.com")
    settings = Settings(slack_bot_token=fake.bot_token, slack_signing_secret=SECRET, slack_api_url=fake.api_url,
                        database_url=database)
    db = Database(database)
    rt = build(settings, db=db)
    timings: list[float] = []

    def dispatch(body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], str]:
        started = time.perf_counter()
        resp = rt.app.dispatch(BoltRequest(body=body.decode(), headers=headers))
        timings.append(time.perf_counter() - started)
        rt.sender.wait_idle()
        return resp.status, {k: (v[0] if isinstance(v, list) and v else str(v)) for k, v in resp.headers.items()}, \
            resp.body

    driver = SlackDriver(fake, SECRET, dispatch=dispatch)
    try:
        def measure(text: str) -> dict[str, float]:
            timings.clear()
            for _ in range(args.warmup):
                driver.command(USER, "/post", text)
            timings.clear()
            for _ in range(args.n):
                reply = driver.command(USER, "/post", text)
                assert reply.status == 200 and "Publication calendar" in reply.json()["text"], reply.body
            ms = [t * 1000 for t in timings]
            return {"p50_ms": round(statistics.median(ms), 2), "p99_ms": round(pct(ms, 0.99), 2),
                    "max_ms": round(max(ms), 2)}

        month = measure("calendar month")
        brand = measure("calendar month Brand03")
        with counting(db.engine) as statements:
            driver.command(USER, "/post", "calendar month")
        with counting(db.engine) as empty:
            driver.command(USER, "/post", "calendar month Nobody-Brand")  # usage text: no page query
        future = (now + timedelta(days=400)).strftime("%Y-%m")
        with counting(db.engine) as far:
            # A month with no posts at all (beyond the seeded two years), through the button's value.
            fake_month = datetime.strptime(future + "-01", "%Y-%m-%d").date()
            driver.forged_click(USER, "posts_cal_page_next", f"month|{fake_month.isoformat()}|1|")
        result = {
            "database": database.split("://")[0], "accounts": args.accounts, "posts": args.posts,
            "seed_s": round(seeded, 1), "n": args.n,
            "calendar_month": month, "calendar_month_brand": brand,
            "sql_statements_month": len(statements),
            "sql_statements_month_page_queries": sum(1 for s in statements if "FROM posts" in s),
            "sql_statements_empty_month_click": len(far),
            "sql_statements_unknown_brand": len(empty),
        }
    finally:
        rt.close()
        fake.stop()
        db.dispose()
    result["check_10_accounts"] = check_bench(args.n)
    return result


def check_bench(n: int) -> dict[str, float] | str:
    """P1's validation and tagging of a post to 10 accounts (bot/posts/checks.py)."""
    try:
        from bot.posts.checks import Limits, Target, check
    except ImportError as exc:  # the rules not on this tree yet
        return f"skipped: {exc}"
    targets = [Target(account_id=i, network=NETWORKS[i % len(NETWORKS)], handle=f"h{i}",
                      copy="Spring sale! 30% off everything this weekend 🌸 #spring #sale https://acme.example/s")
               for i in range(10)]
    now = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
    ms = []
    for _ in range(n):
        started = time.perf_counter()
        result = check(targets, link="https://acme.example/sale?ref=nl#top", campaign="Spring Sale 2026",
                       topic=None, when=now + timedelta(days=2), tz="Europe/Madrid", now=now, brand=None,
                       limits=Limits.of())
        ms.append((time.perf_counter() - started) * 1000)
        assert len(result.variants) == 10
    return {"p50_ms": round(statistics.median(ms), 3), "p99_ms": round(pct(ms, 0.99), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="a scratch database URL (default: a temporary SQLite file)")
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--n", type=int, default=200, help="commands per measurement")
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        database = args.database or f"sqlite:///{tmp}/calendar.db"
        print(json.dumps(run(args, database), indent=2))


if __name__ == "__main__":
    main()
