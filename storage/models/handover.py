"""Handover acts (SPEC §4): the act, its checklist items, and the per-year numbering."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TeamScoped, utcnow

ACT_STATUSES = ("open", "closed", "cancelled")
ITEM_STATUSES = ("open", "requested", "done")


class ActCounter(TeamScoped, Base):
    """The last act number handed out per workspace and year; writers lock the row."""

    __tablename__ = "handover_counters"
    __table_args__ = (UniqueConstraint("team_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer, default=0)


class HandoverAct(TeamScoped, Base):
    __tablename__ = "handover_acts"
    __table_args__ = (
        UniqueConstraint("team_id", "number"),
        # One open act per leaving person: set while open, NULL once closed (NULLs never clash).
        UniqueConstraint("team_id", "open_for"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24))  # ACT-2026-0007
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    leaving_id: Mapped[str] = mapped_column(String(32), index=True)
    receiver_id: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | closed | cancelled
    open_for: Mapped[str | None] = mapped_column(String(32))
    started_by: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime]
    # Where the checklist lives (a message in the approvals channel; its thread holds the rest).
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    message_page: Mapped[int] = mapped_column(Integer, default=0)  # presentation only, not sealed
    delivered_by: Mapped[str | None] = mapped_column(String(32))
    delivered_at: Mapped[datetime | None]
    received_by: Mapped[str | None] = mapped_column(String(32))
    received_at: Mapped[datetime | None]
    # When the leaving person is gone from Slack, the witness records that instead of "I deliver".
    leaver_unavailable_by: Mapped[str | None] = mapped_column(String(32))
    leaver_unavailable_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(32))
    closed_at: Mapped[datetime | None]
    content_hash: Mapped[str | None] = mapped_column(String(64))
    # The people named in the act as Slack knew them at the time (users.info when drawn up,
    # signed, closed): {user_id: {"name": …, "email": …}}. Sealed with the rest, so the document
    # reads the same years later, whatever the profiles say by then.
    people: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Drawn up by mistake: cancelled by its starter or an admin, with a reason (never sealed).
    cancelled_by: Mapped[str | None] = mapped_column(String(32))
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class HandoverItem(TeamScoped, Base):
    """One checklist line: revoke a grant, transfer custody, rotate a password, reassign…"""

    __tablename__ = "handover_items"
    __table_args__ = (UniqueConstraint("act_id", "kind", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("handover_acts.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))  # grant.revoke | account.custody | account.rotate | …
    subject_id: Mapped[str] = mapped_column(String(64))  # the grant id, account id, post id…
    label: Mapped[str] = mapped_column(String(500))  # frozen at compile time, language-neutral
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | requested | done
    requested_by: Mapped[str | None] = mapped_column(String(32))
    requested_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(32))
    done_at: Mapped[datetime | None]
