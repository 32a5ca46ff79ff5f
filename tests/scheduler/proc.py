"""A scheduler tick in its own process, for the crash and two-replica tests.

    python -m tests.scheduler.proc <db_url> <api_url> <token> <now ISO> <worker> [options]

Prints "CLAIMED <ids>" after claiming (then sleeps forever with --pause-after-claim, so
the test can SIGKILL it there) and "HANDLED <n>" at the end.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timedelta

from bot.core.config import Settings
from bot.features import app_context
from handlers.outbound import make_client
from scheduler.jobs import run_due
from scheduler.notifier import SlackNotifier
from storage.db import Database
from tests.scheduler import kit as scheduler_kit


def main() -> int:
    parser = argparse.ArgumentParser()
    for name in ("db_url", "api_url", "token", "now", "worker"):
        parser.add_argument(name)
    parser.add_argument("--pause-after-claim", action="store_true")
    parser.add_argument("--drain", action="store_true", help="run batches until nothing is due")
    parser.add_argument("--start-at", type=float, default=0.0, help="wall-clock time to begin (a start barrier)")
    parser.add_argument("--limit", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--lease-seconds", type=int, default=300)
    args = parser.parse_args()
    assert scheduler_kit.TEAM
    settings = Settings(slack_bot_token=args.token, slack_api_url=args.api_url, database_url=args.db_url)
    db = Database(args.db_url)
    ctx = app_context(settings, db, extra=(scheduler_kit.TEST_KINDS,))
    notifier = SlackNotifier(make_client(settings))
    now = datetime.fromisoformat(args.now)

    def claimed(ids: list[int]) -> None:
        print("CLAIMED " + ",".join(map(str, ids)), flush=True)
        if args.pause_after_claim:
            time.sleep(3600)

    while time.time() < args.start_at:
        time.sleep(0.005)
    total = 0
    while True:
        handled = run_due(ctx, notifier, now, args.worker, args.limit, lease=timedelta(seconds=args.lease_seconds),
                          concurrency=args.concurrency, after_claim=claimed)
        total += handled
        if not args.drain or handled == 0:
            break
    print(f"HANDLED {total}", flush=True)
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
