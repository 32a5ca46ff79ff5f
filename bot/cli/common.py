"""What every `socialops` subcommand starts from: the settings and a ready database."""

from __future__ import annotations

import sys
from typing import Any


def app_settings() -> Any:
    from bot.core.config import load_settings

    return load_settings()


def plain_db(settings: Any) -> Any:
    from storage.db import Database

    return Database(settings.database_url)


def ready_db(settings: Any) -> Any:
    from bot.app import ready_database
    from bot.features import bind_deployment
    from storage.backup import hold_in_use
    from storage.migrate import NotMigrated

    try:
        # Bound to the deployment, so the rules the CLI runs see the features (and admins).
        db = bind_deployment(ready_database(settings.database_url), settings)
    except NotMigrated as exc:
        print(f"socialops: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    # While this process runs, `socialops restore` refuses to replace the file under it.
    hold_in_use(settings.database_url)
    return db


def verify_audit(db: Any, team: str | None = None) -> tuple[list[str], bool]:
    """Every workspace's audit chain and sealed records: one line each, and whether all hold."""
    from bot.features import registries
    from storage import audit

    lines: list[str] = []
    ok = True
    checkers = registries().seal_checkers
    with db.uow(read_only=True) as session:
        teams = [team] if team else audit.teams(session)
        for one in teams:
            result = audit.verify(session, one)
            if result.ok:
                lines.append(f"{one}: ok, {result.entries} entries")
            else:
                ok = False
                where = f"entry #{result.bad_seq}" + (f" (row id {result.bad_id})" if result.bad_id else "")
                lines.append(f"{one}: BROKEN at {where}: {result.reason}")
            for problem in audit.check_seals(session, one, checkers):
                ok = False
                lines.append(f"{one}: SEAL BROKEN: {problem}")
    if not teams:
        lines.append("no audit entries yet")
    return lines, ok
