"""KPIs, their data, the agency scorecard, digests and reports (SPEC §10, issue 14).

The data are daily observations (`kpi_values`): one number per (subject, metric, local day),
where the subject is one of the inventory's accounts or a competitor of a brand. Re-logging or
re-importing the same day replaces the number instead of adding a row (the unique key), so an
import can be run twice. `week_start` and `month_start` are computed when the row is written,
so the digest groups by a plain column on SQLite and PostgreSQL alike (no date functions that
differ between the two).

Derived metrics (engagement rate, CTR, response rate, share of voice, follower growth) are
never stored: they are computed from their parts (bot/kpi/metrics.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TeamScoped, utcnow

KPI_PERIODS = ("week", "month")
KPI_DIRECTIONS = ("higher", "lower")
KPI_SOURCES = ("slack", "csv", "file", "seed")
REPORT_CADENCES = ("fortnightly", "monthly")


class KpiCompetitor(TeamScoped, Base):
    """A competitor named in a brand profile (SPEC §8) whose public figures are logged."""

    __tablename__ = "kpi_competitors"
    __table_args__ = (UniqueConstraint("team_id", "brand_key", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_key: Mapped[str] = mapped_column(String(80))  # BrandProfile.brand_key
    name: Mapped[str] = mapped_column(String(120))  # as the profile spells it
    name_key: Mapped[str] = mapped_column(String(120))  # casefolded
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class KpiDefinition(TeamScoped, Base):
    """An objective: a metric with a target per week or month, for the workspace, a brand or an account."""

    __tablename__ = "kpi_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    metric: Mapped[str] = mapped_column(String(40))  # a key of bot/kpi/metrics.METRICS, or "custom"
    custom_name: Mapped[str | None] = mapped_column(String(60))  # the custom metric's name
    custom_key: Mapped[str | None] = mapped_column(String(60))  # its data key in kpi_values.metric
    unit: Mapped[str | None] = mapped_column(String(20))  # custom metrics only
    basis: Mapped[str | None] = mapped_column(String(16))  # engagement rate: reach | followers | impressions
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    brand_key: Mapped[str | None] = mapped_column(String(80))  # None with no account: the whole workspace
    target: Mapped[float] = mapped_column(Float)
    period: Mapped[str] = mapped_column(String(8))  # week | month
    direction: Mapped[str] = mapped_column(String(8))  # higher | lower is better
    created_by: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[dt.datetime | None]
    removed_by: Mapped[str | None] = mapped_column(String(32))


class KpiImport(TeamScoped, Base):
    """One CSV file taken in (all or nothing): who, what, and what it did."""

    __tablename__ = "kpi_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(32))  # socialops | a mapping's name (meta_insights, …)
    source: Mapped[str] = mapped_column(String(8))  # csv (socialops kpi import) | file (shared in Slack)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    imported_by: Mapped[str] = mapped_column(String(32))
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    slack_file_id: Mapped[str | None] = mapped_column(String(32))  # a file shared in a DM: once only


class KpiValue(TeamScoped, Base):
    """One number for one subject, metric and (local) day."""

    __tablename__ = "kpi_values"
    __table_args__ = (
        UniqueConstraint("team_id", "subject", "metric", "day"),
        Index("ix_kpi_values_team_metric_week", "team_id", "metric", "week_start"),
        Index("ix_kpi_values_team_metric_month", "team_id", "metric", "month_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # "a:<account id>" or "c:<competitor id>": one unique key without NULLs in it (PostgreSQL
    # treats NULLs as distinct, which would let the same day in twice).
    subject: Mapped[str] = mapped_column(String(24))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    competitor_id: Mapped[int | None] = mapped_column(ForeignKey("kpi_competitors.id"))
    metric: Mapped[str] = mapped_column(String(60))  # a base metric, or "custom:<key>"
    day: Mapped[dt.date] = mapped_column(Date)
    week_start: Mapped[dt.date] = mapped_column(Date)  # the Monday of `day`
    month_start: Mapped[dt.date] = mapped_column(Date)  # the first of `day`'s month
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(8))  # slack | csv | file | seed
    import_id: Mapped[int | None] = mapped_column(ForeignKey("kpi_imports.id"))
    logged_by: Mapped[str] = mapped_column(String(32))
    logged_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class KpiScope(TeamScoped, Base):
    """What was agreed with whoever runs the accounts (an in-house community manager or an agency)."""

    __tablename__ = "kpi_scopes"
    __table_args__ = (UniqueConstraint("team_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(120))  # "Agencia Norte", "in-house: @ana"
    report_cadence: Mapped[str] = mapped_column(String(12))  # fortnightly | monthly
    response_minutes: Mapped[int | None] = mapped_column(Integer)  # agreed average response time
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class KpiScopeAccount(TeamScoped, Base):
    """Posts per week agreed for one account."""

    __tablename__ = "kpi_scope_accounts"
    __table_args__ = (UniqueConstraint("scope_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope_id: Mapped[int] = mapped_column(ForeignKey("kpi_scopes.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    posts_per_week: Mapped[int] = mapped_column(Integer)


class KpiDeliverable(TeamScoped, Base):
    """A custom deliverable of the scope with its due day of the month ("competitor analysis, day 5")."""

    __tablename__ = "kpi_deliverables"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope_id: Mapped[int] = mapped_column(ForeignKey("kpi_scopes.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    due_day: Mapped[int] = mapped_column(Integer)  # 1-28: every month has it
    retired_at: Mapped[dt.datetime | None]


class KpiDelivery(TeamScoped, Base):
    """A deliverable marked delivered for one month (`/kpi delivered <id> [YYYY-MM]`)."""

    __tablename__ = "kpi_deliverable_marks"
    __table_args__ = (UniqueConstraint("deliverable_id", "month_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    deliverable_id: Mapped[int] = mapped_column(ForeignKey("kpi_deliverables.id"), index=True)
    month_start: Mapped[dt.date] = mapped_column(Date)
    delivered_at: Mapped[dt.datetime]
    marked_by: Mapped[str] = mapped_column(String(32))


class KpiDigest(TeamScoped, Base):
    """A digest posted: its week and the figures it showed (the App Home's "last digest")."""

    __tablename__ = "kpi_digests"

    id: Mapped[int] = mapped_column(primary_key=True)
    week_start: Mapped[dt.date] = mapped_column(Date)
    trigger: Mapped[str] = mapped_column(String(8))  # weekly | now
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    posted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class KpiReport(TeamScoped, Base):
    """A results report kept on record: the PDF, its hash (also in the audit chain) and its period."""

    __tablename__ = "kpi_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(32))  # "2026-11" or "2026-11-16/2026-11-29"
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)  # inclusive
    language: Mapped[str] = mapped_column(String(2))
    generated_at: Mapped[dt.datetime]  # also the PDF's creation date: a regeneration is identical
    generated_by: Mapped[str] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    filename: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(Text, default="")
