"""`socialops calendar export [--brand B] [--team T] [-o file]`: the .ics of the coming 90 days, the
same file `/post calendar ics` uploads (bot/posts/calendar.py writes both)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def cmd_export(args: argparse.Namespace) -> int:
    from bot.cli.common import app_settings, ready_db
    from bot.core.errors import UsageError
    from bot.core.workspace import language_of
    from bot.features import translator
    from bot.posts import calendar as cal

    settings = app_settings()
    db = ready_db(settings)
    with db.uow(read_only=True) as session:
        team = args.team
        if team is None:
            # Without --team, the deployment must serve one workspace with posts, or it is ambiguous.
            teams = cal.teams_with_posts(session)
            if len(teams) != 1:
                problem = ("no workspace has posts" if not teams
                           else f"several workspaces have posts ({', '.join(teams)})")
                print(f"socialops: {problem}; use --team", file=sys.stderr)
                return 1
            team = teams[0]
        tr = translator(language_of(session, settings, team))
        try:
            data, n = cal.ics_for(session, tr, team, now=_now(), default_tz=settings.socialops_timezone,
                                  filter_text=args.brand)
        except UsageError:
            print(f"socialops: no account or brand {args.brand!r} in workspace {team}", file=sys.stderr)
            return 1
    if args.output:
        args.output.write_bytes(data)
        print(f"wrote {args.output}: {n} post(s)", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _now() -> datetime:
    return datetime.now(UTC)


def add_parser(subparsers: Any) -> None:
    calendar = subparsers.add_parser("calendar", help="the publication calendar")
    sub = calendar.add_subparsers(dest="calendar_command", required=True)
    export = sub.add_parser("export", help="write the coming 90 days as an iCalendar (.ics) file")
    export.add_argument("--brand", help="only this brand's posts (or one account's: its handle)")
    export.add_argument("--team", help="workspace (team id); needed when several workspaces have posts")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(func=cmd_export)
