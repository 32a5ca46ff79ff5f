"""`socialops backup <file>` and `socialops restore <file>` (SQLite; PostgreSQL: pg_dump, docs/operations.md).

A backup is taken while the app runs and keeps the vault's secrets sealed (the keys are not in
the database: keep them apart from the backups). A restore checks the backup first (a sound
SQLite file at this version's schema, every audit chain intact), refuses to replace a database
a running process has open, and verifies the audit chains again once restored.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def _fail(message: str) -> int:
    print(f"socialops: {message}", file=sys.stderr)
    return 2


def _summary(tables: dict[str, int]) -> str:
    return f"{len(tables)} tables, {sum(tables.values())} rows"


def cmd_backup(args: argparse.Namespace) -> int:
    from bot.cli.common import app_settings
    from storage.backup import BackupError, backup

    settings = app_settings()
    try:
        snapshot = backup(settings.database_url, args.file)
    except BackupError as exc:
        return _fail(f"backup: {exc}")
    print(f"backup: {snapshot.path}: {_summary(snapshot.tables)}, schema {snapshot.revision}")
    print("The vault secrets in it are still sealed: keep the vault keys apart from the backups.", file=sys.stderr)
    return 0


def _code_revision() -> str | None:
    from storage.db import Database
    from storage.migrate import head_revision

    return head_revision(Database("sqlite://"))


def cmd_restore(args: argparse.Namespace) -> int:
    from bot.cli.common import app_settings, verify_audit
    from storage.backup import BackupError, check_backup, restore
    from storage.db import Database

    settings = app_settings()
    source: Path = args.file
    revision = _code_revision()
    try:
        # The backup first: a damaged, foreign or tampered file replaces nothing.
        check_backup(source, revision)
        checked = Database(f"sqlite:///{source.resolve()}?mode=ro")
        try:
            lines, ok = verify_audit(_bound(checked, settings))
        finally:
            checked.dispose()
        if not ok:
            print("\n".join(lines))
            return _fail(f"restore: {source}: the audit chain does not verify; nothing restored")
        snapshot = restore(source, settings.database_url, expected_revision=revision, replace=args.replace)
    except BackupError as exc:
        return _fail(f"restore: {exc}")
    restored = Database(settings.database_url)
    try:
        lines, ok = verify_audit(_bound(restored, settings))
    finally:
        restored.dispose()
    print(f"restore: {snapshot.path}: {_summary(snapshot.tables)}, schema {snapshot.revision}")
    print("\n".join(lines))
    return 0 if ok else 1


def _bound(db: Any, settings: Any) -> Any:
    from bot.features import bind_deployment

    return bind_deployment(db, settings)


def add_parser(sub: Any) -> None:
    backup = sub.add_parser("backup", help="copy the SQLite database to a new file while the app runs")
    backup.add_argument("file", type=Path, help="the new backup file (never overwritten)")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="replace the SQLite database with a backup (app stopped)")
    restore.add_argument("file", type=Path, help="a file made by `socialops backup`")
    restore.add_argument("--replace", action="store_true", help="overwrite the existing database")
    restore.set_defaults(func=cmd_restore)
