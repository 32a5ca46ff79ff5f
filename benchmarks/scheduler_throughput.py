"""Scheduler throughput: N due deliveries to N distinct users, against the Slack stand-in.

Two runs, each verified for zero lost and zero duplicated messages:

1. Rate limiting off: CPU time per delivery of the scheduler process (the stand-in runs
   in this process, the scheduler in a child process, so the figure is the scheduler's).
2. Slack-like limits on (per channel ~1 message/s with bursts of 3; conversations.open
   Tier 3 = 50/min; chat.postMessage capped at Tier 4 = 100/min): elapsed time against
   the theoretical minimum those limits allow.

    python benchmarks/scheduler_throughput.py --n 10000 --limited-n 200
    python benchmarks/scheduler_throughput.py --n 1000 --database postgresql://…/bench  # a scratch DB

The database is a temporary SQLite file unless --database names one (it gets migrated
and its deliveries table emptied: do not point it at data you care about).

The stand-in answers HTTP/1.1 with keep-alive here, as Slack's API does (`--slack-http 1.0`:
its default HTTP/1.0, one connection per call, what the figures before connection reuse
were measured against). CPU figures are of the scheduler process only; on a shared machine
repeat the run and take the median (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Python put this script's folder first on the path: a sibling named like a standard module
# would shadow it for everything imported here and in the worker.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]

from bot.core.feature import Feature  # noqa: E402
from bot.core.schedule import Outgoing, RenderContext  # noqa: E402

KIND = "bench.dm"
TEAM = "T0BENCH"


def render_bench(rc: RenderContext) -> list[Outgoing]:
    return [Outgoing(to=str(rc.delivery.recipient), text=f"bench #{rc.delivery.id}")]


BENCH = Feature(name="bench", renderers={KIND: render_bench})


def user_id(i: int) -> str:
    return f"U{i:08d}"


# ---- the scheduler process ------------------------------------------------------------------

def worker(args: argparse.Namespace) -> None:
    from sqlalchemy import func, select

    from bot.core.config import Settings
    from bot.features import app_context
    from handlers.outbound import make_client
    from scheduler.jobs import run_due, worker_identity
    from scheduler.notifier import SlackNotifier
    from storage.db import Database
    from storage.models import Delivery

    settings = Settings(slack_bot_token=args.token, slack_api_url=args.api_url, database_url=args.database)
    db = Database(args.database)
    ctx = app_context(settings, db, extra=(BENCH,))
    notifier = SlackNotifier(make_client(settings), open_dms=args.dm == "open")
    me = worker_identity()
    wall, cpu = time.perf_counter(), time.process_time()
    handled = 0
    while True:
        # The system clock, as in production: rate-limited rows come back when Retry-After has passed.
        got = run_due(ctx, notifier, datetime.now(UTC), me, args.batch, concurrency=args.concurrency)
        handled += got
        if got:
            continue
        with db.uow() as s:
            left = s.scalar(select(func.count()).select_from(Delivery).where(
                Delivery.kind == KIND, Delivery.state.in_(("pending", "claimed"))))
        if not left:
            break
        time.sleep(0.2)  # what the runner's 2 s tick would do, only sooner
    print(json.dumps({"handled": handled, "wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))


# ---- the harness --------------------------------------------------------------------------

def prepare(database: str, n: int) -> None:
    from sqlalchemy import delete

    from bot.core.schedule import schedule
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import Delivery, scheduling

    db = Database(database)
    upgrade(db)
    at = datetime.now(UTC) - timedelta(seconds=1)
    with db.uow() as s:
        s.execute(delete(Delivery).where(Delivery.kind == KIND))
        # A cold start every run: no DM channel remembered from an earlier one (and a tree from
        # before dm_channels existed runs this script too, for the figures before).
        dm_channel = getattr(scheduling, "DmChannel", None)
        if dm_channel is not None:
            s.execute(delete(dm_channel).where(dm_channel.team_id == TEAM))
        for i in range(n):
            schedule(s, team_id=TEAM, kind=KIND, subject_id=i, at=at, recipient=user_id(i))
    db.dispose()


def verify(fake: Any, database: str, n: int) -> dict[str, int]:
    from sqlalchemy import select

    from storage.db import Database
    from storage.models import Delivery

    db = Database(database)
    with db.uow() as s:
        rows = {d.id: d for d in s.scalars(select(Delivery).where(Delivery.kind == KIND))}
    db.dispose()
    expected = {f"bench #{d.id}": d.recipient for d in rows.values()}
    seen: Counter[str] = Counter()
    wrong_place = 0
    for i in range(n):
        for message in fake.messages(fake.dm_channel(user_id(i))):
            text = str(message.get("text"))
            seen[text] += 1
            wrong_place += expected.get(text) != user_id(i)
    return {
        "sent_rows": sum(d.state == "sent" for d in rows.values()),
        "lost": sum(1 for text in expected if seen[text] == 0),
        "duplicated": sum(c - 1 for c in seen.values() if c > 1),
        "wrong_recipient": wrong_place,
    }


def run(args: argparse.Namespace, n: int, limited: bool) -> dict[str, Any]:
    from bot.devtools.slack import FakeSlack, wire

    # Slack keeps connections alive; the stand-in's HTTP/1.0 default would hide connection reuse.
    # On a kept-alive connection its two small writes per answer (headers, body) would wait for
    # the client's delayed ACK (Nagle, ~40 ms a call): Slack's servers do not, so neither here.
    wire._RequestHandler.protocol_version = f"HTTP/{args.slack_http}"
    wire._RequestHandler.disable_nagle_algorithm = args.slack_http == "1.1"
    fake = FakeSlack(team_id=TEAM).start()
    for i in range(n):
        fake.add_user(user_id(i), f"user{i}")
    if limited:
        fake.set_rate_limits(per_channel_per_sec=1.0, burst=3,
                             tier_per_minute={"conversations.open": args.open_per_minute,
                                              "chat.postMessage": args.post_per_minute})
    prepare(args.database, n)
    cmd = [sys.executable, __file__, "--worker", "--database", args.database, "--api-url", fake.api_url,
           "--token", fake.bot_token, "--concurrency", str(args.concurrency), "--batch", str(args.batch),
           "--dm", args.dm]
    started = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    elapsed = time.perf_counter() - started
    stats = json.loads(out.stdout.strip().splitlines()[-1])
    checks = verify(fake, args.database, n)
    calls = {m: len(fake.calls_to(m, ok=None)) for m in ("conversations.open", "chat.postMessage")}
    limited_calls = sum(c.status == 429 for c in fake.calls)
    fake.stop()
    result = {"n": n, "limited": limited, "elapsed_s": round(elapsed, 2), "worker_wall_s": round(stats["wall"], 2),
              "cpu_ms_per_delivery": round(stats["cpu"] / n * 1000, 3), "api_calls": calls,
              "responses_429": limited_calls, **checks}
    if limited:
        # Every user needs one post (and one open): each method's bucket starts full (one
        # minute's worth), then refills at its rate; per channel there is one message, within the burst.
        needs = {"chat.postMessage": args.post_per_minute}
        if args.dm == "open":
            needs["conversations.open"] = args.open_per_minute
        minimum = max(max(0.0, (n - per_min) / (per_min / 60)) for per_min in needs.values())
        result["theoretical_min_s"] = round(minimum, 2)
        result["vs_minimum"] = round(stats["wall"] / minimum, 3) if minimum else None
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="deliveries with rate limiting off")
    parser.add_argument("--limited-n", type=int, default=200, help="deliveries with Slack-like limits (0: skip)")
    parser.add_argument("--database", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--dm", choices=["open", "direct"], default="open",
                        help="open: conversations.open then post (default); direct: post to the user id")
    parser.add_argument("--open-per-minute", type=int, default=50, help="conversations.open limit (Tier 3)")
    parser.add_argument("--post-per-minute", type=int, default=100, help="chat.postMessage cap (Tier 4)")
    parser.add_argument("--slack-http", choices=["1.1", "1.0"], default="1.1",
                        help="HTTP version the stand-in answers: 1.1 keeps connections alive like Slack")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        if not args.database:
            args.database = f"sqlite:///{tmp}/bench.db"
        runs = []
        if args.n:
            runs.append(run(args, args.n, limited=False))
        if args.limited_n:
            runs.append(run(args, args.limited_n, limited=True))
    for result in runs:
        print(json.dumps(result))
    if any(r["lost"] or r["duplicated"] or r["wrong_recipient"] or r["sent_rows"] != r["n"] for r in runs):
        print("FAILED: lost, duplicated or misdirected messages", file=sys.stderr)
        sys.exit(1)
    assert math.isfinite(sum(r["elapsed_s"] for r in runs))


if __name__ == "__main__":
    main()
