"""Scheduled deliveries: the database is the source of truth for every reminder."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, PrimaryKeyConstraint, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TeamScoped, utcnow

# pending → claimed → sent | failed (permanent Slack error) | dead (retries exhausted)
#                   ↘ pending again (transient error: due_at moves back with backoff)
# pending → cancelled (the feature cancelled it, or its renderer said "no longer needed")
DELIVERY_STATES = ("pending", "claimed", "sent", "failed", "dead", "cancelled")


class Delivery(TeamScoped, Base):
    """One occurrence of something to send. (team, kind, subject, occurrence) is unique,
    so the same occurrence can never be created, claimed or sent twice."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("team_id", "kind", "subject_id", "occurrence_at"),
        # The claim query: due pending rows (and expired claims) in due order.
        Index("ix_deliveries_state_due_at", "state", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))  # e.g. "access.expiry_warning"
    subject_id: Mapped[str] = mapped_column(String(64))  # e.g. the grant id
    occurrence_at: Mapped[datetime]  # the nominal time of this occurrence
    due_at: Mapped[datetime] = mapped_column(index=True)  # when to send (may differ after retries)
    recipient: Mapped[str | None] = mapped_column(String(64))  # user or channel id; None = the renderer decides
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Seconds between repeats ("daily until done"); None = once.
    repeat_seconds: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # claims so far (a crash counts too)
    last_error: Mapped[str | None] = mapped_column(Text)  # a Slack error code or exception class, no detail
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None]  # the lease: after it another scheduler may take the row over
    sent_at: Mapped[datetime | None]
    late_by_seconds: Mapped[int | None] = mapped_column(Integer)
    coalesced: Mapped[int] = mapped_column(Integer, default=0)  # how many missed repeats this one stands for
    # Indexes of the renderer's messages already sent, so a retry after a partial failure
    # does not send the first ones again.
    parts_done: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SchedulerLock(Base):
    """A named lease. On SQLite one scheduler per database holds `scheduler` and renews it
    every tick; another waits (stand-by) until the holder stops or its lease runs out."""

    __tablename__ = "scheduler_locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    lease_until: Mapped[datetime]
    acquired_at: Mapped[datetime]


class DmChannel(Base):
    """The DM channel `conversations.open` gave for a user, kept so a restarted scheduler
    does not open it again (Tier 3, about 50 a minute). Dropped and reopened when Slack no
    longer accepts the channel (channel_not_found, is_archived…)."""

    __tablename__ = "dm_channels"
    __table_args__ = (PrimaryKeyConstraint("team_id", "user_id"),)

    # Not TeamScoped: the primary key already leads with team_id, a second index would be dead weight.
    team_id: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
