"""Posts, their per-account variants, reviews and the workspace's post settings (SPEC §5).

A post is written once and published on one or more accounts; each account gets a
*variant* (its own copy override and its own UTM-tagged link). Approval is of a *revision*:
editing a post makes a new revision, and the approvals of the old one no longer count.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, TeamScoped, utcnow

# draft → pending → approved → published
#         pending → changes_requested → (edit) pending;  pending → rejected
#         pending → expired (its time came unapproved);    approved → overdue (not marked) → published
#         pending | approved → held (a crisis) → back to its state, or pending if its time passed
#         any state before published → cancelled
POST_STATES = ("draft", "pending", "changes_requested", "approved", "rejected", "published", "overdue",
               "expired", "held", "cancelled")
REVIEW_DECISIONS = ("approve", "changes", "reject")


class Post(TeamScoped, Base):
    __tablename__ = "posts"
    # "A workspace's posts between two instants": the calendar, the lists and the .ics (bot/posts/calendar.py).
    __table_args__ = (Index("ix_posts_team_id_scheduled_at", "team_id", "scheduled_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[str] = mapped_column(String(32), index=True)
    publisher_id: Mapped[str] = mapped_column(String(32), index=True)  # defaults to the author
    brand: Mapped[str | None] = mapped_column(String(100), index=True)  # when all its accounts share one
    scheduled_at: Mapped[dt.datetime] = mapped_column(index=True)  # UTC; shown in the workspace zone
    copy: Mapped[str] = mapped_column(Text)  # as typed: neutralised when rendered, never when stored
    link: Mapped[str | None] = mapped_column(Text)  # as typed; each variant has its tagged copy
    media_url: Mapped[str | None] = mapped_column(Text)
    campaign: Mapped[str | None] = mapped_column(String(100))
    topic: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)  # +1 on every edit
    approvals_required: Mapped[int] = mapped_column(Integer, default=1)  # the setting when submitted
    # The approvals-channel message, updated in place at each decision.
    message_channel: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    published_url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[dt.datetime | None]
    published_by: Mapped[str | None] = mapped_column(String(32))
    # A crisis hold remembers the state to return to.
    held_from: Mapped[str | None] = mapped_column(String(24))
    held_at: Mapped[dt.datetime | None]
    held_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_by: Mapped[str | None] = mapped_column(String(32))
    cancelled_at: Mapped[dt.datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PostVariant(TeamScoped, Base):
    """The post as one account publishes it."""

    __tablename__ = "post_variants"
    __table_args__ = (UniqueConstraint("post_id", "account_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    network: Mapped[str] = mapped_column(String(24))  # the account's, when the post was written
    copy_override: Mapped[str | None] = mapped_column(Text)  # None: the post's copy
    tagged_link: Mapped[str | None] = mapped_column(Text)  # the link with this network's UTM parameters
    published_url: Mapped[str | None] = mapped_column(Text)


class PostReview(TeamScoped, Base):
    """One reviewer's decision on one revision (a second click of the same person is the same row)."""

    __tablename__ = "post_reviews"
    __table_args__ = (UniqueConstraint("post_id", "revision", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    reviewer_id: Mapped[str] = mapped_column(String(32))
    decision: Mapped[str] = mapped_column(String(16))  # approve | changes | reject
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PostSettings(TeamScoped, Base):
    """A workspace's post rules; a missing row means the defaults (bot/posts/text.py)."""

    __tablename__ = "post_settings"
    __table_args__ = (UniqueConstraint("team_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    approvals_required: Mapped[int] = mapped_column(Integer, default=1)  # 1 or 2 different approvers
    # {"instagram": 2200, ...} and {"instagram": 30, ...}: overrides of the defaults, since networks change them.
    text_limits: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    hashtag_limits: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    webhook_url: Mapped[str | None] = mapped_column(Text)  # the optional publishing webhook
    # Its signing secret, sealed with the vault's key (bot/posts/webhook.py): "<key id>:<base64 nonce+ciphertext>".
    webhook_secret: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
