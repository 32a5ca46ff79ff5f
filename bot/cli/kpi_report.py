"""`socialops kpi report <id|label> [--team T] [--out FILE] [--regenerate]`: a results report on record.

Without `--regenerate` it writes the stored PDF byte for byte (its sha256 is the one in the
audit chain). With it, the report is drawn again from the data with its stored time, language
and author, and the command says whether the hash matches the record: it does unless the data
changed since, and then the stored one remains the record (exit status 3).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

DIFFERS = 3


def _team_of(session: Any, ref: str) -> tuple[str | None, str]:
    """The one workspace holding a report with this id or label, or why not."""
    from sqlalchemy import or_, select

    from bot.core.parsing import parse_id
    from storage.models.kpi import KpiReport

    rid = parse_id(ref)
    cond = or_(KpiReport.label == ref, KpiReport.id == rid) if rid is not None else KpiReport.label == ref
    teams = sorted(set(session.scalars(select(KpiReport.team_id).where(cond))))
    if len(teams) == 1:
        return teams[0], ""
    return None, "not found" if not teams else f"found in several workspaces ({', '.join(teams)})"


def cmd_report(args: argparse.Namespace) -> int:
    from bot.cli.common import app_settings, ready_db
    from bot.core.errors import NotFound
    from bot.kpi import reports

    settings = app_settings()
    db = ready_db(settings)
    ref = str(args.report).strip()
    with db.uow(read_only=True) as session:
        team = args.team
        if team is None:
            team, problem = _team_of(session, ref)
            if team is None:
                print(f"socialops: report {ref} {problem}; use --team", file=sys.stderr)
                return 1
        try:
            if args.regenerate:
                again = reports.regenerate(session, team, ref)
                report, data = again.report, again.pdf
            else:
                row = reports.find(session, team, ref)
                report, data = reports.view_of(row), bytes(row.pdf)
        except NotFound:
            print(f"socialops: no report {ref} in workspace {team}", file=sys.stderr)
            return 1
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"wrote {args.out} (report #{report.id}, {report.label})", file=sys.stderr)
    elif sys.stdout.isatty():
        print("socialops: refusing to write a PDF to a terminal; use --out FILE", file=sys.stderr)
        return 2
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    if not args.regenerate:
        return 0
    digest = hashlib.sha256(data).hexdigest()
    if digest == report.sha256:
        print(f"sha256 {digest} matches the record", file=sys.stderr)
        return 0
    print(f"sha256 {digest} differs from the record's {report.sha256}: the data changed since the report was "
          "kept; the stored PDF (without --regenerate) is the record", file=sys.stderr)
    return DIFFERS


def add_parser(subparsers: Any) -> None:
    """Adds `report` under `socialops kpi`."""
    report = subparsers.add_parser("report", help="write a results report on record (PDF), or regenerate it")
    report.add_argument("report", help="the report id, or its label (2026-11; the newest of that label)")
    report.add_argument("--team", help="workspace (team id); needed when several workspaces share the database")
    report.add_argument("--out", type=Path, help="file to write (default: standard output, never a terminal)")
    report.add_argument("--regenerate", action="store_true",
                        help="draw it again from the data with its stored date and say whether the hash matches")
    report.set_defaults(func=cmd_report)
