"""Crisis paging under load and `/replies` search time (issue 13, "Measure").

1. Paging: N crises open at once (default 200) on a workspace whose chain has 3 levels of 2
   crisis leads each, 1-minute deadlines (the shortest a chain allows), nobody acknowledging. The
   real scheduler (`SchedulerRunner`, APScheduler, its 2 s interval, wall clock) runs in a child
   process against the Slack stand-in over HTTP. For every page DM: the delay between its step's
   due time (the `crisis.page` delivery's occurrence) and the moment the stand-in received its
   `chat.postMessage` (the message's ts, which the stand-in takes from the wall clock). Goal: p99
   under the scheduler interval + 1 s, with zero lost and zero duplicated pages (each lead gets
   exactly one page per crisis and round, each crisis's admins notice exactly once).
2. Replies: `benchmarks/replies_search.py` (10,000 templates, the search function's p50/p95/p99).

    python benchmarks/crisis.py                       # SQLite, 200 crises, 1 round (about 4 minutes)
    python benchmarks/crisis.py --repeats 3           # the whole chain three times (about 10 minutes)
    python benchmarks/crisis.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench

The database is a temporary SQLite file unless --database names one (it is migrated and its crisis
and delivery rows deleted: do not point it at data you care about).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# Python put this script's folder first on the path: keep a sibling from shadowing a standard module.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]

TEAM = "T0BENCH"
ADMIN = "U0BADMIN"
LEVELS = 3
PER_LEVEL = 2
INTERVAL = 2.0


def lead(level: int, i: int) -> str:
    return f"U0L{level}{i}"


def leads() -> list[str]:
    return [lead(level, i) for level in range(LEVELS) for i in range(PER_LEVEL)]


# ---- the scheduler process ------------------------------------------------------------------

def worker(args: argparse.Namespace) -> None:
    from bot.core.config import Settings
    from bot.features import app_context
    from handlers.outbound import make_client
    from scheduler.notifier import SlackNotifier
    from scheduler.runner import SchedulerRunner
    from storage.db import Database

    settings = Settings(slack_bot_token=args.token, slack_api_url=args.api_url, database_url=args.database,
                        socialops_admins=[ADMIN])
    ctx = app_context(settings, Database(args.database))
    runner = SchedulerRunner(ctx, SlackNotifier(make_client(settings)), interval=INTERVAL,
                             concurrency=args.concurrency).start()
    time.sleep(args.seconds)
    runner.stop()
    print(json.dumps({"cpu": time.process_time()}))


# ---- the harness --------------------------------------------------------------------------

def prepare(database: str, n: int, repeats: int) -> datetime:
    """The chain, then N crises opened in one instant (as N `/crisis open` would leave them)."""
    from sqlalchemy import delete

    from bot.core.config import Settings
    from bot.crisis import timeline
    from bot.crisis.paging import start_paging
    from bot.crisis.severity import snapshot_chain
    from bot.features import bind_deployment
    from storage.db import Database
    from storage.migrate import upgrade
    from storage.models import (
        Crisis,
        CrisisCounter,
        CrisisEvent,
        CrisisPage,
        CrisisSettings,
        CrisisStatement,
        Delivery,
        Workspace,
    )

    db = bind_deployment(Database(database), Settings(socialops_admins=[ADMIN]))
    upgrade(db)
    with db.uow() as s:
        for model in (CrisisEvent, CrisisPage, CrisisStatement, Crisis, CrisisCounter, CrisisSettings):
            s.execute(delete(model).where(model.team_id == TEAM))
        s.execute(delete(Delivery).where(Delivery.team_id == TEAM))
        if s.get(Workspace, TEAM) is None:
            s.add(Workspace(team_id=TEAM, timezone="Europe/Madrid", language="en"))
        s.add(CrisisSettings(team_id=TEAM, severity="sev3", repeats=repeats, status_minutes=None,
                             levels=[{"users": [lead(level, i) for i in range(PER_LEVEL)], "ack_minutes": 1}
                                     for level in range(LEVELS)]))
    now = datetime.now(UTC)
    with db.uow() as s:
        for seq in range(1, n + 1):
            crisis = Crisis(team_id=TEAM, number=f"CRI-{now.year}-{seq:04d}", year=now.year, seq=seq,
                            severity="sev3", summary=f"Benchmark crisis {seq}", reporter_id=ADMIN, status="open",
                            opened_at=now, generation=1, held_posts=[], checklist=[])
            snapshot_chain(s, crisis, "sev3")
            s.add(crisis)
            s.flush()
            timeline.record(s, crisis, timeline.OPENED, actor=ADMIN, at=now, text=crisis.summary)
            start_paging(s, crisis, now)
    db.dispose()
    return now


def measure(fake: Any, database: str, n: int, repeats: int) -> dict[str, Any]:
    from sqlalchemy import select

    from bot.crisis.paging import KIND_PAGE, KIND_UNANSWERED, page_subject
    from storage.db import Database
    from storage.models import Crisis, CrisisPage, Delivery

    db = Database(database)
    with db.uow() as s:
        due = {(d.subject_id): d.occurrence_at for d in s.scalars(
            select(Delivery).where(Delivery.team_id == TEAM, Delivery.kind == KIND_PAGE))}
        pages = list(s.execute(select(CrisisPage.crisis_id, CrisisPage.generation, CrisisPage.step,
                                      CrisisPage.user_id, CrisisPage.message_ts)
                               .where(CrisisPage.team_id == TEAM)))
        numbers = dict(s.execute(select(Crisis.id, Crisis.number).where(Crisis.team_id == TEAM)).all())
        notices = Counter(d.state for d in s.scalars(
            select(Delivery).where(Delivery.team_id == TEAM, Delivery.kind == KIND_UNANSWERED)))
    db.dispose()
    delays = sorted(float(ts) - due[page_subject(c, g, step)].timestamp()
                    for c, g, step, _user, ts in pages if ts is not None)
    # What Slack received, read back from the stand-in: page DMs per (lead, crisis number).
    received: Counter[tuple[str, str]] = Counter()
    for user in leads():
        for message in fake.messages(fake.dm_channel(user)):
            text = str(message.get("text"))
            number = next((num for num in numbers.values() if num in text), None)
            if number is not None:
                received[(user, number)] += 1
    expected = {(u, num): repeats for u in leads() for num in numbers.values()}
    admin_notices = sum(1 for m in fake.messages(fake.dm_channel(ADMIN)) if any(
        num in str(m.get("text")) for num in numbers.values()))

    def pct(q: float) -> float:
        return round(delays[min(len(delays) - 1, int(q * len(delays)))] * 1000, 1) if delays else float("nan")

    return {
        "crises": n, "repeats": repeats, "pages_expected": sum(expected.values()), "pages_sent": len(delays),
        "lost": sum(max(0, want - received[key]) for key, want in expected.items()),
        "duplicated": sum(max(0, got - expected.get(key, 0)) for key, got in received.items()),
        "admin_notices": admin_notices, "unanswered_rows": dict(notices),
        "delay_ms": {"p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99),
                     "max": round(delays[-1] * 1000, 1) if delays else None,
                     "mean": round(statistics.fmean(delays) * 1000, 1) if delays else None},
        "goal_p99_ms": (INTERVAL + 1) * 1000,
    }


def paging(args: argparse.Namespace) -> dict[str, Any]:
    from bot.devtools.slack import FakeSlack, wire

    wire._RequestHandler.protocol_version = "HTTP/1.1"  # Slack keeps connections alive
    wire._RequestHandler.disable_nagle_algorithm = True
    fake = FakeSlack(team_id=TEAM).start()
    fake.add_user(ADMIN, "admin")
    for user in leads():
        fake.add_user(user, user.lower())
    prepare(args.database, args.crises, args.repeats)
    # Every round of the chain is LEVELS one-minute deadlines; then the admins' notice; plus slack.
    seconds = LEVELS * 60 * args.repeats + 30
    cmd = [sys.executable, __file__, "--worker", "--database", args.database, "--api-url", fake.api_url,
           "--token", fake.bot_token, "--seconds", str(seconds), "--concurrency", str(args.concurrency)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    result = measure(fake, args.database, args.crises, args.repeats)
    result["scheduler_cpu_s"] = round(json.loads(out.stdout.strip().splitlines()[-1])["cpu"], 2)
    fake.stop()
    return result


def replies(args: argparse.Namespace) -> None:
    script = ROOT / "benchmarks" / "replies_search.py"
    if not script.exists():
        print("replies: benchmarks/replies_search.py is not there", file=sys.stderr)
        return
    extra = ["--database", args.database] if args.user_database else []
    subprocess.run([sys.executable, str(script), *extra], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--crises", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=1, choices=[1, 2, 3], help="rounds of the chain")
    parser.add_argument("--database", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--concurrency", type=int, default=4, help="the scheduler's sending threads")
    parser.add_argument("--skip-replies", action="store_true")
    parser.add_argument("--skip-paging", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    args.user_database = bool(args.database)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        if not args.database:
            args.database = f"sqlite:///{tmp}/bench.db"
        if not args.skip_paging:
            result = paging(args)
            print(json.dumps(result))
            failed = bool(result["lost"] or result["duplicated"] or result["pages_sent"] != result["pages_expected"])
        if not args.skip_replies:
            replies(args)
    if failed:
        print("FAILED: lost or duplicated pages", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
