"""Test helpers for KPI data in: accounts, a brand profile with competitors, and the stored figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select

from bot.brands.parse import brand_key
from storage.db import Database
from storage.models import AuditEntry, BrandProfile
from storage.models.kpi import KpiCompetitor, KpiImport, KpiValue
from tests.access.support import make_account
from tests.conftest import ANA, TEAM

TODAY = dt.date(2026, 3, 2)  # the FakeClock's day (a Monday, 09:00 UTC)


def seed_accounts(db: Database) -> dict[str, int]:
    """@acme on Instagram and on X (so a bare `acme` is ambiguous), @acme_es on Instagram."""
    return {
        "ig": make_account(db, "acme", network="instagram"),
        "x": make_account(db, "acme", network="x"),
        "es": make_account(db, "acme_es", network="instagram"),
    }


def seed_profile(db: Database, competitors: list[str], brand: str = "Acme") -> None:
    with db.uow() as s:
        s.add(BrandProfile(team_id=TEAM, brand=brand, brand_key=brand_key(brand), version=1,
                           competitors=competitors, updated_by=ANA))


def figures(db: Database) -> list[tuple[str, str, dt.date, float, str]]:
    """Every stored figure: (subject, metric, day, value, source), in a stable order."""
    with db.uow(read_only=True) as s:
        rows = s.execute(select(KpiValue.subject, KpiValue.metric, KpiValue.day, KpiValue.value, KpiValue.source)
                         .order_by(KpiValue.subject, KpiValue.metric, KpiValue.day)).tuples()
        return [(a, b, c, float(d), e) for a, b, c, d, e in rows]


def week_columns(db: Database) -> list[tuple[dt.date, dt.date, dt.date]]:
    with db.uow(read_only=True) as s:
        return list(s.execute(select(KpiValue.day, KpiValue.week_start, KpiValue.month_start)).tuples())


def count(db: Database, model: Any) -> int:
    with db.uow(read_only=True) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def competitors(db: Database) -> list[tuple[str, str]]:
    with db.uow(read_only=True) as s:
        return list(s.execute(select(KpiCompetitor.brand_key, KpiCompetitor.name).order_by(KpiCompetitor.id))
                    .tuples())


def audit_actions(db: Database, prefix: str = "kpi.") -> list[tuple[str, str, str]]:
    with db.uow(read_only=True) as s:
        return list(s.execute(select(AuditEntry.action, AuditEntry.subject, AuditEntry.detail)
                              .where(AuditEntry.action.startswith(prefix)).order_by(AuditEntry.seq)).tuples())


def imports(db: Database) -> list[KpiImport]:
    with db.uow(read_only=True) as s:
        rows = list(s.scalars(select(KpiImport).order_by(KpiImport.id)))
        s.expunge_all()
        return rows


def answer(resp: Any) -> str:
    return str((resp.json() or {}).get("text", ""))


def csv_bytes(*lines: str, bom: bool = False, encoding: str = "utf-8") -> bytes:
    text = "\n".join(lines) + "\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)
