"""`socialops scheduler`: the durable scheduler alone (blocking), e.g. beside web-only
replicas started with `socialops run --no-scheduler`. SIGTERM / SIGINT stop it gracefully."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType
from typing import Any


def cmd_scheduler(args: argparse.Namespace) -> int:
    from bot.cli.common import app_settings, ready_db
    from bot.core import logs
    from bot.features import app_context
    from handlers.outbound import make_client
    from scheduler.notifier import SlackNotifier
    from scheduler.runner import SchedulerRunner
    from storage.installs import workspace_tokens
    from storage.vault_keys import VaultError

    settings = app_settings()
    logs.configure()
    if settings.slack_bot_token is None and not settings.oauth_enabled:
        print("socialops: the scheduler needs SLACK_BOT_TOKEN (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
              "for OAuth installs) to send messages", file=sys.stderr)
        return 2
    # The features' renderers and producers come from the feature list: no Bolt app is built.
    ctx = app_context(settings, ready_db(settings))
    client = make_client(settings)
    client_for = None
    if settings.oauth_enabled:
        # Each workspace's own token, refreshed under the same row lock as the web replicas'.
        try:
            client_for = workspace_tokens(settings, ctx.db,
                                          lambda token: make_client(settings, token=token or "")).client_for
        except VaultError as exc:
            print(f"socialops: vault: {exc}", file=sys.stderr)
            return 2
    stopping = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stopping.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    runner = SchedulerRunner(ctx, SlackNotifier(client, client_for=client_for), interval=args.interval,
                             concurrency=args.concurrency).start()
    print(f"socialops: scheduler {runner.worker_id} running (every {args.interval:g} s)", file=sys.stderr)
    if runner.single:
        print("socialops: SQLite: one scheduler per database; a second one stands by", file=sys.stderr)
    try:
        while not stopping.wait(1.0):
            pass
    finally:
        print("socialops: stopping the scheduler (finishing messages in flight)", file=sys.stderr)
        runner.stop()
        ctx.db.dispose()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("scheduler", help="run only the scheduler (reminders, escalations, digests)")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between ticks (default 2)")
    parser.add_argument("--concurrency", type=int, default=4, help="messages sent in parallel (default 4)")
    parser.set_defaults(func=cmd_scheduler)
