"""Workspace settings, role assignments, audit chain (and its refusal counters), inbound-request dedup."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TeamScoped, utcnow


class Workspace(Base):
    """Per-workspace settings (SPEC §9). Created on first contact with defaults."""

    __tablename__ = "workspaces"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    approvals_channel: Mapped[str | None] = mapped_column(String(32))
    crisis_channel: Mapped[str | None] = mapped_column(String(32))
    digest_channel: Mapped[str | None] = mapped_column(String(32))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    language: Mapped[str] = mapped_column(String(2), default="en")
    access_default_days: Mapped[int] = mapped_column(Integer, default=30)
    access_max_days: Mapped[int] = mapped_column(Integer, default=180)
    review_days: Mapped[int] = mapped_column(Integer, default=90)
    # None = off: NIST SP 800-63B-4 advises against forced periodic changes.
    rotation_days: Mapped[int | None] = mapped_column(Integer)
    cadence_min_per_week: Mapped[int] = mapped_column(Integer, default=1)
    cadence_target_per_week: Mapped[int] = mapped_column(Integer, default=4)
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0)  # Monday
    digest_hour: Mapped[int] = mapped_column(Integer, default=9)
    # Set when the app is uninstalled or its bot token revoked (OAuth installs): nothing is sent
    # to the workspace and its producers skip it; its records stay. A re-install clears it.
    uninstalled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RoleAssignment(TeamScoped, Base):
    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("team_id", "user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(32))
    granted_by: Mapped[str] = mapped_column(String(32))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(TeamScoped, Base):
    """One link of the per-workspace hash chain. Never updated, never deleted."""

    __tablename__ = "audit_entries"
    __table_args__ = (UniqueConstraint("team_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(255), default="")
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    detail: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON, hashed as stored
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's tip per workspace. Writers lock this row, so the chain never forks."""

    __tablename__ = "audit_heads"

    team_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class RefusalWindow(TeamScoped, Base):
    """Repeated refusals of one (user, action) since the last one the audit chain got.

    The first refusal in a window is an audit entry; the repeats within it are only counted
    here, and sealed into the chain as one entry with the count when the window has passed
    (bot/core/runner.py), so a flood of refused commands cannot grow the chain without bound.
    """

    __tablename__ = "refusal_windows"
    __table_args__ = (UniqueConstraint("team_id", "actor", "action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(index=True)  # the audited refusal that opened it
    last_at: Mapped[datetime]
    repeats: Mapped[int] = mapped_column(Integer, default=0)  # refusals since, not yet in the chain


class InboundRequest(Base):
    """Fingerprints of handled Slack requests, so a Slack retry has no second effect."""

    __tablename__ = "inbound_requests"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
