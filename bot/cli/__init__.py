"""The `socialops` command. Imports are lazy so `socialops --help` answers at once."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.cli.common import app_settings, plain_db, ready_db


def cmd_run(args: argparse.Namespace) -> int:
    from bot.app import build, check_vault_or_exit, start_scheduler
    from bot.core import logs
    from storage.vault_keys import VaultError

    settings = app_settings()
    logs.configure()
    missing = settings.http_mode_ready
    if missing:
        print(
            "socialops: cannot connect to Slack without: " + ", ".join(missing)
            + " (try `socialops console` to use it without Slack)",
            file=sys.stderr,
        )
        return 2
    db = ready_db(settings)
    check_vault_or_exit(db, settings)
    try:
        rt = build(settings, db=db)
    except VaultError as exc:  # OAuth mode without vault keys: the tokens could not be sealed
        print(f"socialops: vault: {exc}", file=sys.stderr)
        return 2
    scheduler = None if args.no_scheduler else start_scheduler(rt)
    # Process managers stop services with SIGTERM: treat it like Ctrl-C so the scheduler
    # releases its leases and in-flight sends finish.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        # OAuth installs are served over HTTP (/slack/install); Slack's Marketplace takes no
        # Socket Mode apps either, so an app distributed to several workspaces is HTTP only.
        if settings.slack_app_token is not None and not settings.oauth_enabled:
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            print("socialops: Socket Mode", file=sys.stderr)
            SocketModeHandler(rt.app, settings.slack_app_token.get_secret_value()).start()  # type: ignore[no-untyped-call]
        else:
            from bot.web import make_server

            server = make_server(rt, port=settings.port)
            print(f"socialops: HTTP on port {settings.port}, Slack → /slack/events", file=sys.stderr)
            if settings.oauth_enabled:
                print("socialops: OAuth: workspaces install the app at /slack/install "
                      "(Redirect URL: /slack/oauth_redirect)", file=sys.stderr)
            server.run()
    except KeyboardInterrupt:
        pass
    finally:
        if scheduler is not None:
            scheduler.stop()
        rt.close()
    return 0


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def cmd_console(args: argparse.Namespace) -> int:
    from bot.devtools.console import main as console_main

    code: int = console_main(args)
    return code


def cmd_db(args: argparse.Namespace) -> int:
    from storage import migrate

    settings = app_settings()
    db = plain_db(settings)
    if args.action == "upgrade":
        migrate.upgrade(db)
        print(f"database at revision {migrate.current_revision(db)}")
    else:
        print(f"current {migrate.current_revision(db)}, head {migrate.head_revision(db)}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from storage import audit

    settings = app_settings()
    db = ready_db(settings)
    with db.uow() as session:
        teams = [args.team] if args.team else audit.teams(session)
        if args.action == "export":
            out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
            try:
                for team in teams:
                    for row in audit.export(session, team):
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
            finally:
                if args.output:
                    out.close()
            return 0
        from bot.features import registries

        checkers = registries().seal_checkers
        failed = False
        for team in teams:
            result = audit.verify(session, team)
            if result.ok:
                print(f"{team}: ok, {result.entries} entries")
            else:
                failed = True
                where = f"entry #{result.bad_seq}" + (f" (row id {result.bad_id})" if result.bad_id else "")
                print(f"{team}: BROKEN at {where}: {result.reason}")
            for problem in audit.check_seals(session, team, checkers):
                failed = True
                print(f"{team}: SEAL BROKEN: {problem}")
        if not teams:
            print("no audit entries yet")
        return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="socialops", description="SocialOps: social-media operations from Slack.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="connect to Slack (Socket Mode if SLACK_APP_TOKEN, else HTTP on PORT; "
                                     "several workspaces with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)")
    run.add_argument("--no-scheduler", action="store_true", help="web only (extra replicas)")
    run.set_defaults(func=cmd_run)

    console = sub.add_parser("console", help="try it in the terminal against a local Slack stand-in")
    console.add_argument("--database", help="database URL to keep (default: a fresh temporary SQLite database)")
    console.add_argument("--no-demo", action="store_true", help="do not seed the demo workspace")
    console.add_argument("--demo", action="store_true",
                         help="also seed a small company: two brands, six accounts, three grants, a guest")
    console.set_defaults(func=cmd_console)

    db = sub.add_parser("db", help="database schema")
    db.add_argument("action", choices=["upgrade", "current"])
    db.set_defaults(func=cmd_db)

    audit = sub.add_parser("audit", help="verify or export the audit chain")
    audit.add_argument("action", choices=["verify", "export"])
    audit.add_argument("--team", help="one workspace (team id); default all")
    audit.add_argument("--output", type=Path, help="export to this file (JSON lines)")
    audit.set_defaults(func=cmd_audit)

    for extend in _extensions():
        extend(sub)
    return parser


def _extensions() -> list[Any]:
    """The vault keys, the scheduler, the handover export and the calendar export add their own subcommands."""
    from bot.cli import backup, calendar, crisis, handover, keys, kpi
    from scheduler import cli as scheduler_cli

    return [keys.add_parser, scheduler_cli.add_parser, handover.add_parser, calendar.add_parser, crisis.add_parser,
            kpi.add_parser, backup.add_parser]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code
