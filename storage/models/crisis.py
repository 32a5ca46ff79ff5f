"""Crises (SPEC §6, issue 13): per-severity settings, the crisis, its pages, timeline, checklist and
holding statements.

Paging is rows, not memory: every page is a `deliveries` row (kind `crisis.page`) whose renderer
records a `CrisisPage` per person paged and schedules the next step, so a restart or a second
replica continues the sequence from the database. A severity change bumps `Crisis.generation`;
a page scheduled under an older generation renders to nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TeamScoped, utcnow

SEVERITIES = ("sev1", "sev2", "sev3")
CRISIS_STATUSES = ("open", "resolved")
PAGE_STATES = ("open", "acknowledged", "closed")  # closed: superseded by a severity change or resolved
STATEMENT_STATES = ("pending", "approved", "rejected", "superseded")


class CrisisSettings(TeamScoped, Base):
    """One severity's escalation chain, status-update interval and playbook; a missing row means the
    defaults (no chain: the admins are paged, and told so)."""

    __tablename__ = "crisis_settings"
    __table_args__ = (UniqueConstraint("team_id", "severity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    severity: Mapped[str] = mapped_column(String(8))
    # [{"users": ["U1", "U2"], "ack_minutes": 5}, ...]: ordered levels.
    levels: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    repeats: Mapped[int] = mapped_column(Integer, default=3)  # times the whole chain runs (1..3)
    status_minutes: Mapped[int | None] = mapped_column(Integer)  # None: no status-update reminders
    # Ordered checklist lines as the team wrote them; None: the catalog's default in the workspace language.
    playbook: Mapped[list[str] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CrisisCounter(TeamScoped, Base):
    """The last crisis number handed out per workspace and year (CRI-YYYY-NNNN); writers lock the row."""

    __tablename__ = "crisis_counters"
    __table_args__ = (UniqueConstraint("team_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Crisis(TeamScoped, Base):
    __tablename__ = "crises"
    __table_args__ = (UniqueConstraint("team_id", "number"), Index("ix_crises_team_id_status", "team_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(24))  # CRI-2026-0001
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    severity: Mapped[str] = mapped_column(String(8))
    summary: Mapped[str] = mapped_column(Text)  # as typed: neutralised when rendered
    link: Mapped[str | None] = mapped_column(Text)
    brand: Mapped[str | None] = mapped_column(String(100))
    reporter_id: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | resolved
    opened_at: Mapped[datetime]
    # The crisis channel (conversations.create after the ack); None until it exists.
    channel_id: Mapped[str | None] = mapped_column(String(32), index=True)
    channel_name: Mapped[str | None] = mapped_column(String(80))
    # The chain as it was when paging (re)started: [{"users": [...], "ack_minutes": n}], repeats.
    chain: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    repeats: Mapped[int] = mapped_column(Integer, default=3)
    chain_configured: Mapped[bool] = mapped_column(default=True)  # False: the admins were paged instead
    generation: Mapped[int] = mapped_column(Integer, default=1)  # +1 on a severity change
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(32))
    # The posts the hold stopped when the crisis opened (bot.posts.holds.hold_brand): ids.
    held_posts: Mapped[list[int]] = mapped_column(JSON, default=list)
    # The checklist as opened (the playbook of its severity): [{"text": …, "done_by": …, "done_at": …}].
    checklist: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    checklist_ts: Mapped[str | None] = mapped_column(String(32))  # the checklist message in the channel
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(32))
    resolution: Mapped[str | None] = mapped_column(Text)
    # The post-mortem as posted (Markdown) and its hash, also in the audit chain.
    postmortem: Mapped[str | None] = mapped_column(Text)
    postmortem_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CrisisPage(TeamScoped, Base):
    """One person paged at one step of the chain (a DM with Acknowledge)."""

    __tablename__ = "crisis_pages"
    __table_args__ = (UniqueConstraint("crisis_id", "generation", "step", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    crisis_id: Mapped[int] = mapped_column(ForeignKey("crises.id"), index=True)
    generation: Mapped[int] = mapped_column(Integer)
    step: Mapped[int] = mapped_column(Integer)  # cycle * levels + level, from 0
    cycle: Mapped[int] = mapped_column(Integer)  # from 0
    level: Mapped[int] = mapped_column(Integer)  # from 0
    user_id: Mapped[str] = mapped_column(String(32))
    paged_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16), default="open")  # open | acknowledged | closed
    # The DM, once sent (on_sent), so the acknowledgement can edit it in place.
    channel_id: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))


class CrisisEvent(TeamScoped, Base):
    """The timeline: opened, paged, acknowledged, note, severity, statement…, resolved."""

    __tablename__ = "crisis_events"
    # A message added twice (the ✍️ reaction and the shortcut, or Slack retrying) is one entry.
    __table_args__ = (UniqueConstraint("crisis_id", "source_ts"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    crisis_id: Mapped[int] = mapped_column(ForeignKey("crises.id"), index=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")  # as typed: neutralised when rendered
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source_ts: Mapped[str | None] = mapped_column(String(32))  # the Slack message a note came from


class CrisisStatement(TeamScoped, Base):
    """A draft of the public holding statement (CDC CERC first message); approved by someone else."""

    __tablename__ = "crisis_statements"
    __table_args__ = (UniqueConstraint("crisis_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    crisis_id: Mapped[int] = mapped_column(ForeignKey("crises.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[str] = mapped_column(String(32))
    empathy: Mapped[str] = mapped_column(Text)
    facts: Mapped[str] = mapped_column(Text)
    unknowns: Mapped[str] = mapped_column(Text)
    actions: Mapped[str] = mapped_column(Text)
    next_update: Mapped[str] = mapped_column(Text)
    more_info: Mapped[str | None] = mapped_column(Text)  # where to learn more
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime]
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[datetime | None]
    decision_comment: Mapped[str | None] = mapped_column(Text)
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
