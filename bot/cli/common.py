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
    from storage.migrate import NotMigrated

    try:
        # Bound to the deployment, so the rules the CLI runs see the features (and admins).
        return bind_deployment(ready_database(settings.database_url), settings)
    except NotMigrated as exc:
        print(f"socialops: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
