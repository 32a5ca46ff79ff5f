"""`socialops crisis export <id|number> [--out FILE]`: the post-mortem as Markdown.

A resolved crisis's is the stored record, byte for byte (its sha256 is the one in the audit
chain); an open crisis gets the post-mortem as it would be now, said so on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def cmd_export(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from bot.cli.common import app_settings, ready_db
    from bot.core.errors import NotFound
    from bot.crisis import lookup
    from bot.crisis.resolve import markdown_of
    from storage.models import Crisis

    settings = app_settings()
    db = ready_db(settings)
    ref = str(args.crisis).strip()
    with db.uow(read_only=True) as session:
        team = args.team
        if team is None:
            number = ref.upper()
            query = select(Crisis.team_id).where(Crisis.number == number) if not ref.isdigit() else \
                select(Crisis.team_id).where(Crisis.id == int(ref[:18]))
            teams = sorted(set(session.scalars(query)))
            if len(teams) != 1:
                problem = "not found" if not teams else f"found in several workspaces ({', '.join(teams)})"
                print(f"socialops: crisis {ref} {problem}; use --team", file=sys.stderr)
                return 1
            team = teams[0]
        try:
            crisis = lookup.by_reference(session, team, ref)
        except NotFound:
            print(f"socialops: no crisis {ref} in workspace {team}", file=sys.stderr)
            return 1
        if crisis.postmortem is not None:
            text = crisis.postmortem
        else:
            print(f"socialops: {crisis.number} is not resolved: this is the post-mortem as of now", file=sys.stderr)
            text = markdown_of(session, crisis)
    data = text.encode("utf-8")
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def add_parser(subparsers: Any) -> None:
    crisis = subparsers.add_parser("crisis", help="crises")
    sub = crisis.add_subparsers(dest="crisis_command", required=True)
    export = sub.add_parser("export", help="write a crisis's post-mortem (Markdown)")
    export.add_argument("crisis", help="the crisis number (CRI-2026-0001) or id")
    export.add_argument("--team", help="workspace (team id); needed when several workspaces share the database")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    export.set_defaults(func=cmd_export)
