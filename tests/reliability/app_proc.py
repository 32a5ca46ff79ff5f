"""The app as `socialops run` builds it, in its own process, on a clock the test sets.

    python -m tests.reliability.app_proc <db_url> <api_url> <token> <signing_secret> <clock_file>
        [--port N] [--interval S] [--admins U1,U2] [--worker NAME] [--wait-go]

The same `bot.app.build`, `bot.web.make_server` (waitress) and scheduler (`start_for_runtime`)
as `socialops run`; the one difference is the clock: the app's "now" is the ISO time written
in `clock_file` (re-read on every call), so the test can run a simulated day of scheduled work
in seconds, and a restarted process continues on the same simulated time. Prints
"READY <port>" once the port listens. The crash tests SIGKILL it: nothing here may rely on a
clean exit.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from bot.app import build
from bot.core import logs
from bot.core.config import Settings
from bot.web import make_server
from scheduler.runner import start_for_runtime


class FileClock:
    """`now` read from a file: the test process owns the time of every app process at once."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self) -> datetime:
        # The test replaces the file by a rename, so a read never sees half a timestamp.
        return datetime.fromisoformat(self.path.read_text().strip())


def main() -> int:
    parser = argparse.ArgumentParser()
    for name in ("db_url", "api_url", "token", "signing_secret", "clock_file"):
        parser.add_argument(name)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--interval", type=float, default=0.2, help="scheduler heartbeat, real seconds")
    parser.add_argument("--admins", default="U0ADMIN")
    parser.add_argument("--worker", default=None)
    parser.add_argument("--wait-go", action="store_true",
                        help='print "LOADED" once imported, build the app only after a line on stdin')
    args = parser.parse_args()
    if args.wait_go:
        # A restart's cost is mostly imports (seconds on a busy machine): the test keeps a spare
        # process loaded and says go when it kills the running one. Nothing is built before that.
        print("LOADED", flush=True)
        sys.stdin.readline()
    logs.configure("WARNING")  # as `socialops run` (JSON lines on stderr), without the request lines
    settings = Settings(slack_bot_token=args.token, slack_signing_secret=args.signing_secret,
                        slack_api_url=args.api_url, database_url=args.db_url,
                        socialops_admins=tuple(a for a in args.admins.split(",") if a))
    rt = build(settings, clock=FileClock(Path(args.clock_file)))
    scheduler = start_for_runtime(rt, interval=args.interval, worker_id=args.worker)
    server = make_server(rt, host="127.0.0.1", port=args.port, threads=4)
    print(f"READY {server.effective_port}", flush=True)
    try:
        server.run()
    finally:  # SIGTERM/SIGINT in a manual run; a SIGKILL skips this, which is the point of the tests
        scheduler.stop()
        rt.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
