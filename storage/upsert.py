"""INSERT … ON CONFLICT DO NOTHING on both backends (idempotent creates)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session


def insert_ignore(session: Session, model: type[DeclarativeBase], values: dict[str, Any]) -> bool:
    """Insert unless a unique key already holds; True when this call inserted the row."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    table = model.__table__
    # RETURNING, not rowcount: through the ORM session psycopg reports rowcount -1 for this
    # statement on PostgreSQL, which read as "inserted" even when the conflict skipped it.
    stmt = module.insert(table).values(**values).on_conflict_do_nothing().returning(*table.primary_key)
    return session.execute(stmt).first() is not None
