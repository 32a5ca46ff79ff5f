"""`socialops kpi import <file.csv> [--team T] [--account ref] [--by USER]`: one CSV file of KPI figures.

The same rules as a file shared with the bot in Slack (bot/kpi/imports.py): all or nothing, the
same content once. Exit 0 with the summary on stderr; exit 1 with the lines to fix on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def _team(db: Any, given: str | None) -> str | None:
    from sqlalchemy import select

    from storage.models import Workspace

    if given:
        return given
    with db.uow(read_only=True) as session:
        teams = sorted(session.scalars(select(Workspace.team_id)))
    if len(teams) == 1:
        return str(teams[0])
    problem = "no workspace yet" if not teams else f"several workspaces ({', '.join(teams)})"
    print(f"socialops: {problem}; use --team", file=sys.stderr)
    return None


def cmd_import(args: argparse.Namespace) -> int:
    from bot.cli.common import app_settings, ready_db
    from bot.core import runner
    from bot.core.authz import SYSTEM, Actor
    from bot.core.context import AppContext
    from bot.core.errors import DomainError
    from bot.core.workspace import language_of
    from bot.features import registries, translator
    from bot.kpi import csvio, imports
    from storage.models.base import utcnow

    path: Path = args.file
    try:
        size = path.stat().st_size
    except OSError as exc:
        print(f"socialops: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 1
    settings = app_settings()
    tr = translator(settings.socialops_language)
    if size > csvio.MAX_BYTES:  # refused before reading it
        print(tr("kpi.data.file_too_big", size=f"{size / 2**20:.1f}", limit=csvio.MAX_BYTES // 2**20),
              file=sys.stderr)
        return 1
    db = ready_db(settings)
    team = _team(db, args.team)
    if team is None:
        return 1
    with db.uow(read_only=True) as session:
        tr = translator(language_of(session, settings, team))
    ctx = AppContext(settings=settings, db=db, clock=utcnow, registries=registries())
    actor = Actor(team, args.by or SYSTEM)
    data = path.read_bytes()
    try:
        result = runner.run(ctx, actor, lambda s: imports.import_csv(
            s, actor, data, filename=path.name, source="csv", now=ctx.clock(), account=args.account))
    except imports.ImportRejected as exc:
        print(imports.rejection_text(tr, exc), file=sys.stderr)
        return 1
    except DomainError as exc:
        print(tr(exc.key, **exc.params), file=sys.stderr)
        return 1
    print(imports.summary_text(tr, result), file=sys.stderr)
    return 0


def add_parser(subparsers: Any) -> None:
    """Adds `import` under `socialops kpi`."""
    sub = subparsers.add_parser("import", help="import a CSV file of KPI figures (all or nothing)")
    sub.add_argument("file", type=Path, help="the CSV file (date,account,metric,value; or a mapped export)")
    sub.add_argument("--team", help="workspace (team id); needed when several workspaces share the database")
    sub.add_argument("--account", help="the account of an export that does not name it (instagram:acme)")
    sub.add_argument("--by", help="the Slack user id recorded as the importer (default: system)")
    sub.set_defaults(func=cmd_import)
