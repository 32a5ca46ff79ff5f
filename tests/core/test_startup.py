from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import Database
from storage.migrate import NotMigrated, current_revision, ensure_schema, head_revision


def test_an_unmigrated_database_is_refused_unless_sqlite_automigrates(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    with pytest.raises(NotMigrated, match="socialops db upgrade"):
        ensure_schema(db, auto_sqlite=False)
    ensure_schema(db)  # a SQLite file migrates itself
    assert current_revision(db) == head_revision(db)
    db.dispose()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    db.dispose()
