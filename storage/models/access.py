"""Delegated access (SPEC §3): requests, grants and confidentiality commitments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TeamScoped, utcnow

ACCESS_ROLES = ("admin", "editor", "moderator", "advertiser", "analyst")


class AccessRequest(TeamScoped, Base):
    __tablename__ = "access_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    requester_id: Mapped[str] = mapped_column(String(32), index=True)
    role: Mapped[str] = mapped_column(String(16))
    duration_seconds: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    shared_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # pending → approved | denied | cancelled; approved → fulfilled | unfulfillable
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[dt.datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    message_channel: Mapped[str | None] = mapped_column(String(32))  # the approvals message
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # From users.info, refreshed when approving: guests / Slack Connect need a commitment,
    # and the custodian needs the e-mail to invite the person on the platform.
    requester_external: Mapped[bool | None] = mapped_column(Boolean)
    requester_email: Mapped[str | None] = mapped_column(String(254))
    # An extension of a grant still active: approving it needs no new platform change.
    # (No FK: grants already point here, and a cycle of FKs buys nothing.)
    extends_grant_id: Mapped[int | None] = mapped_column(Integer)
    fulfilment_note: Mapped[str | None] = mapped_column(Text)  # why the custodian could not grant it


class Grant(TeamScoped, Base):
    __tablename__ = "grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("access_requests.id"), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    holder_id: Mapped[str] = mapped_column(String(32), index=True)
    role: Mapped[str] = mapped_column(String(16))
    shared_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # awaiting_fulfilment → active → revoking → revoked; awaiting_fulfilment → unfulfillable;
    # active → superseded (an approved extension took over)
    status: Mapped[str] = mapped_column(String(24), default="awaiting_fulfilment", index=True)
    expires_at: Mapped[dt.datetime | None]
    fulfilled_by: Mapped[str | None] = mapped_column(String(32))
    fulfilled_at: Mapped[dt.datetime | None]
    revoke_requested_by: Mapped[str | None] = mapped_column(String(32))
    revoke_requested_at: Mapped[dt.datetime | None]
    revoke_reason: Mapped[str | None] = mapped_column(String(64))  # expired | revoked | review | handover
    revoked_by: Mapped[str | None] = mapped_column(String(32))
    revoked_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Commitment(TeamScoped, Base):
    """A signed confidentiality and proper-use commitment on file (SPEC §0.3)."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(32), index=True)
    document_url: Mapped[str] = mapped_column(String(1000))
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(32))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AccessReview(TeamScoped, Base):
    """One grant in one periodic access review (SPEC §3): the custodian keeps or revokes it."""

    __tablename__ = "access_reviews"
    __table_args__ = (UniqueConstraint("team_id", "cycle", "grant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle: Mapped[str] = mapped_column(String(16), index=True)  # the cycle's start date, YYYY-MM-DD (UTC)
    grant_id: Mapped[int] = mapped_column(ForeignKey("grants.id"), index=True)
    custodian_id: Mapped[str] = mapped_column(String(32), index=True)
    # pending → kept | revoked | closed (the grant ended by other means meanwhile)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AccessReviewCycle(TeamScoped, Base):
    """One periodic access review of a workspace (even one with no grants to review)."""

    __tablename__ = "access_review_cycles"
    __table_args__ = (UniqueConstraint("team_id", "cycle"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle: Mapped[str] = mapped_column(String(16))  # the start date, YYYY-MM-DD (UTC)
    started_at: Mapped[dt.datetime]
    grants: Mapped[int] = mapped_column(Integer, default=0)
