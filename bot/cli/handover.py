"""`socialops handover export <act>`: the act's document (the one attached to its thread)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def cmd_export(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from bot.cli.common import app_settings, ready_db
    from bot.core.errors import NotFound
    from bot.features import translator
    from bot.handover import acts as handover
    from bot.handover import document as handover_doc
    from bot.handover.views import build_view
    from storage.models import HandoverAct

    settings = app_settings()
    db = ready_db(settings)
    with db.uow() as session:
        team = args.team
        if team is None:
            # Without --team the number must be unambiguous across the workspaces of this deployment.
            teams = sorted(
                set(
                    session.scalars(
                        select(HandoverAct.team_id).where(HandoverAct.number == args.act.strip().upper())
                    )
                )
            )
            if len(teams) != 1:
                problem = "not found" if not teams else f"found in several workspaces ({', '.join(teams)})"
                print(f"socialops: act {args.act} {problem}; use --team", file=sys.stderr)
                return 1
            team = teams[0]
        try:
            act = handover.find_act(session, team, args.act)
        except NotFound:
            print(f"socialops: no act {args.act} in workspace {team}", file=sys.stderr)
            return 1
        view = build_view(session, act, settings)
    tr = translator(view.language)
    doc = handover_doc.compose(tr, view)
    data: bytes = (
        handover_doc.to_pdf(tr, doc)
        if args.format == "pdf"
        else handover_doc.to_markdown(tr, doc).encode("utf-8")
    )
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"wrote {args.output}", file=sys.stderr)
    elif args.format == "pdf" and sys.stdout.isatty():
        print("socialops: refusing to write a PDF to a terminal; use --output FILE", file=sys.stderr)
        return 2
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def add_parser(subparsers: Any) -> None:
    handover = subparsers.add_parser("handover", help="handover acts")
    sub = handover.add_subparsers(dest="handover_command", required=True)
    export = sub.add_parser("export", help="write an act's document (Markdown or PDF)")
    export.add_argument("act", help="the act number, e.g. ACT-2026-0007")
    export.add_argument(
        "--team", help="workspace (team id); needed when several workspaces share the database"
    )
    export.add_argument("--format", choices=["md", "pdf"], default="md")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(func=cmd_export)
