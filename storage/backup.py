"""Backups of a SQLite database, and restoring one (`socialops backup` / `socialops restore`).

A backup is SQLite's online backup API (`sqlite3.Connection.backup`): a consistent copy of the
file while the app keeps running, page by page, with every row as stored — the vault's secrets
stay sealed under the vault keys, which live in the settings and never in the database, so a
backup file alone opens no secret. PostgreSQL has its own tool for the same job (`pg_dump`,
docs/operations.md); these functions refuse a non-SQLite URL rather than half-doing it.

A restore replaces the database file, so it must not happen under a running process: every
long-running `socialops` process holds a shared `flock` on the database file while it runs
(`hold_in_use`), and a restore needs that lock exclusively — a process that has the database
open makes the restore refuse, instead of the process finding its file swapped underneath.
(`flock` locks are separate from SQLite's own POSIX locks on Linux, so the two never interfere.)
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url

from storage.db import normalize_url
from storage.models import Base

# One handle per database file this process holds open (kept for the process's lifetime).
_HELD: dict[str, IO[bytes]] = {}
# Pages copied per step of the online backup: small steps let the app's writers go between them.
BACKUP_STEP_PAGES = 1024


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, for the operator."""


@dataclass(frozen=True)
class Snapshot:
    path: Path
    tables: dict[str, int]  # table → rows
    revision: str | None  # the schema's migration


def sqlite_path(url: str) -> Path:
    """The file behind a SQLite URL; BackupError for anything else."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite":
        raise BackupError(
            f"{parsed.get_backend_name()} database: use its own tools (PostgreSQL: pg_dump and pg_restore, "
            "see docs/operations.md)"
        )
    if parsed.database in (None, "", ":memory:"):
        raise BackupError("an in-memory database has nothing to back up")
    return Path(parsed.database)


def hold_in_use(url: str) -> None:
    """Mark this process as using the database (SQLite files only) until it exits."""
    try:
        path = sqlite_path(url)
    except BackupError:
        return
    key = str(path.resolve())
    if key in _HELD or not path.exists():
        return
    handle = open(path, "rb")  # noqa: SIM115 - held open on purpose, for the process's lifetime
    fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
    _HELD[key] = handle


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """The database file to ourselves, or BackupError when a process holds it."""
    if not path.exists():
        yield
        return
    with open(path, "rb") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError(
                f"{path} is in use by a running socialops process (run, scheduler, console…): stop it first"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def describe(path: Path) -> Snapshot:
    """Row counts and schema revision of a SQLite file; BackupError when it is not a sound one."""
    try:
        conn = _readonly(path)
    except sqlite3.Error as exc:
        raise BackupError(f"{path}: cannot open: {exc}") from None
    try:
        try:
            check = conn.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path}: not a SQLite database ({exc})") from None
        if check is None or check[0] != "ok":
            raise BackupError(f"{path}: damaged: {check[0] if check else 'no answer'}")
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # Counted: the app's own tables (the models' names, never a name read from the file).
        names = sorted(present & {*Base.metadata.tables, "alembic_version"})
        tables = {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0])  # noqa: S608 - see above
                  for n in names}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else None
        return Snapshot(path=path, tables=tables, revision=revision)
    finally:
        conn.close()


def _copy(source: sqlite3.Connection, dest_path: Path) -> None:
    dest = sqlite3.connect(dest_path)
    try:
        source.backup(dest, pages=BACKUP_STEP_PAGES)
        # The copy is a plain rollback-journal file: one file, whatever the source's WAL held.
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()


def _copy_to_new_file(source: sqlite3.Connection, tmp: Path, what: str) -> None:
    """`source` (closed after) copied into the new file `tmp`, created 0600 before the first page
    lands (it holds the whole database); nothing left behind when the copy fails."""
    try:
        tmp.unlink(missing_ok=True)
        os.close(os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600))
        _copy(source, tmp)
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"{what} failed: {exc}") from None
    finally:
        source.close()


def backup(url: str, dest: Path) -> Snapshot:
    """Copy the live database at `url` into the new file `dest` (mode 0600); what it holds."""
    source_path = sqlite_path(url)
    if not source_path.exists():
        raise BackupError(f"{source_path}: no such database")
    if dest.exists():
        raise BackupError(f"{dest} exists: choose a new file (a backup never overwrites one)")
    tmp = dest.with_name(dest.name + ".partial")
    _copy_to_new_file(sqlite3.connect(source_path), tmp, "backup")
    snapshot = describe(tmp)
    os.replace(tmp, dest)
    return Snapshot(path=dest, tables=snapshot.tables, revision=snapshot.revision)


def check_backup(source: Path, expected_revision: str | None) -> Snapshot:
    """What the backup holds, when it is a sound SQLite file at this code's schema."""
    if not source.exists():
        raise BackupError(f"{source}: no such file")
    snapshot = describe(source)
    if snapshot.revision != expected_revision:
        raise BackupError(
            f"{source} is at schema {snapshot.revision or 'none'}, this version of socialops needs "
            f"{expected_revision}: restore it with the version that made it, then upgrade"
        )
    return snapshot


def restore(source: Path, url: str, *, expected_revision: str | None, replace: bool = False) -> Snapshot:
    """Make the database at `url` a copy of the backup `source`.

    Refused when the backup is not a sound SQLite file at the code's schema, when the target
    exists and `replace` is not given, and when a process has the target open.
    """
    target = sqlite_path(url)
    check_backup(source, expected_revision)
    if target.exists() and not replace:
        raise BackupError(f"{target} exists: add --replace to overwrite it with the backup")
    with _exclusive(target):
        tmp = target.with_name(target.name + ".restoring")
        _copy_to_new_file(_readonly(source), tmp, "restore")
        # The old file's write-ahead log belongs to the old file: left beside the new one,
        # SQLite would replay it into the restored database.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, target)
    restored = describe(target)
    return restored
