"""Schema migrations (Alembic) and the start-up check."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.db import Database

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", db.engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision(db: Database) -> str | None:
    return ScriptDirectory.from_config(alembic_config(db)).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    cfg = alembic_config(db)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


class NotMigrated(RuntimeError):
    pass


def ensure_schema(db: Database, *, auto_sqlite: bool = True) -> None:
    """SQLite files are migrated automatically; other databases must be migrated explicitly.

    Upgrading a shared PostgreSQL database is a deliberate deploy step
    (`socialops db upgrade`), not something each replica should race to do.
    """
    current, head = current_revision(db), head_revision(db)
    if current == head:
        return
    if auto_sqlite and db.dialect == "sqlite":
        upgrade(db)
        return
    raise NotMigrated(
        f"the database is at revision {current or 'none (empty)'} but this version needs {head}; "
        "run `socialops db upgrade` first"
    )


def _regenerate_initial() -> None:
    """Before the first release there is one migration; rebuild it from the models.

    Run as `python -m storage.migrate regenerate` after changing models.
    """
    import tempfile

    versions = MIGRATIONS / "versions"
    for old in versions.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/gen.db")
        command.revision(alembic_config(db), message="initial schema", autogenerate=True, rev_id="0001")
        db.dispose()


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["regenerate"]:
        _regenerate_initial()
