"""The response protocol (SPEC §7): reply templates, their versions, search terms and usage.

A template is the stable thing people search for and count; its words live in versions. An
edit adds a pending version while the approved one (`served_version_id`) keeps being served;
approving the new one moves the pointer and re-indexes the terms. Only a served version has
terms, so a search never meets a pending, rejected or retired text.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TeamScoped, utcnow

REPLY_CATEGORIES = ("question", "complaint", "praise", "troll", "crisis")
REPLY_LANGUAGES = ("es", "en")
# pending → approved (served) → superseded (a newer version approved);  pending → rejected
REPLY_VERSION_STATES = ("pending", "approved", "rejected", "superseded")


class ReplyTemplate(TeamScoped, Base):
    __tablename__ = "reply_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[str] = mapped_column(String(32))
    # The approved version people are served; None until the first approval.
    served_version_id: Mapped[int | None] = mapped_column(Integer)
    # Copied from the served version: the list and the crisis hook filter on it without a join.
    category: Mapped[str | None] = mapped_column(String(16))
    last_version: Mapped[int] = mapped_column(Integer, default=1)
    usage_count: Mapped[int] = mapped_column(Integer, default=0)
    retired_at: Mapped[dt.datetime | None]
    retired_by: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReplyTemplateVersion(TeamScoped, Base):
    __tablename__ = "reply_template_versions"
    __table_args__ = (UniqueConstraint("template_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("reply_templates.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    # As typed: neutralised when rendered, never when stored.
    title: Mapped[str] = mapped_column(String(150))
    category: Mapped[str] = mapped_column(String(16))
    tone: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    placeholders: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    author_id: Mapped[str] = mapped_column(String(32))
    decided_by: Mapped[str | None] = mapped_column(String(32))
    decided_at: Mapped[dt.datetime | None]
    # The approvals-channel message, updated in place at the decision.
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReplyTerm(TeamScoped, Base):
    """One stemmed word of a served template, with its weight (title words weigh more)."""

    __tablename__ = "reply_terms"
    # The search reads (team, term) → template and weight from the index alone.
    __table_args__ = (
        UniqueConstraint("template_id", "term"),
        Index("ix_reply_terms_team_id_term", "team_id", "term", "template_id", "weight"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("reply_templates.id"))
    term: Mapped[str] = mapped_column(String(64))
    weight: Mapped[int] = mapped_column(Integer)


class ReplyUse(TeamScoped, Base):
    """A *Used it* click: one per person, template and hour, so a double click counts once."""

    __tablename__ = "reply_uses"
    __table_args__ = (UniqueConstraint("template_id", "user_id", "hour"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("reply_templates.id"), index=True)
    user_id: Mapped[str] = mapped_column(String(32))
    hour: Mapped[dt.datetime]  # the click's time truncated to the hour (UTC)
    used_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
