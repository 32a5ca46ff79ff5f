"""Shared pieces of the posts feature: the status emoji, delivery kinds, lookups and views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.errors import NotFound
from bot.core.parsing import parse_id
from storage.models import Account, Post, PostReview, PostSettings, PostVariant, Workspace

# One emoji per state, the same in the approvals message, the DMs and the calendar.
STATUS_EMOJI: dict[str, str] = {
    "draft": ":memo:",
    "pending": ":hourglass_flowing_sand:",
    "changes_requested": ":pencil2:",
    "approved": ":white_check_mark:",
    "rejected": ":no_entry:",
    "published": ":mega:",
    "overdue": ":warning:",
    "expired": ":x:",
    "held": ":double_vertical_bar:",
    "cancelled": ":heavy_multiplication_x:",
}

# Delivery kinds owned by the core of this feature (handlers/posts/notices.py renders them). Their
# subject is `<post id>:<revision>`: an edit makes new ones, and the old ones find a newer revision.
KIND_ESCALATION = "posts.escalation"
KIND_EXPIRY = "posts.expiry"
ESCALATE_BEFORE = timedelta(hours=2)
# Publication (the bot holds no keys): the publisher's reminders before its time, then overdue.
KIND_REMINDER = "posts.reminder"
KIND_OVERDUE = "posts.overdue"
KIND_WEBHOOK = "posts.webhook"  # the optional publishing webhook (bot/posts/webhook.py)
POST_REASSIGN = "post.reassign"  # the handover act's item for a post the leaver writes or publishes
REMINDERS = (("24h", timedelta(hours=24)), ("15m", timedelta(minutes=15)))
OVERDUE_AFTER = timedelta(minutes=30)
PUBLISHABLE = ("approved", "overdue")
# Undecided states: an edit sends them back to approval; at its time such a post expires.
UNDECIDED = ("pending", "changes_requested")
EDITABLE = ("pending", "changes_requested", "approved", "rejected")
CANCELLABLE = ("draft", "pending", "changes_requested", "approved", "rejected", "overdue", "held")


@dataclass(frozen=True)
class WorkspaceFacts:
    approvals_channel: str | None
    timezone: str


def workspace_of(session: Session, team_id: str) -> WorkspaceFacts:
    ws = session.get(Workspace, team_id)
    return WorkspaceFacts(ws.approvals_channel if ws else None, (ws.timezone if ws else None) or "UTC")


def settings_of(session: Session, team_id: str) -> PostSettings | None:
    return session.scalars(select(PostSettings).where(PostSettings.team_id == team_id)).one_or_none()


def get_post(session: Session, team_id: str, post_id: int, *, lock: bool = False) -> Post:
    """A post of this workspace; another workspace's is "no such post", as an unknown one."""
    if parse_id(post_id) is None:
        raise NotFound("post.error.not_found", id="—")
    query = select(Post).where(Post.id == post_id, Post.team_id == team_id)
    if lock:  # decisions on one post queue here (PostgreSQL); SQLite writers are serial anyway
        query = query.with_for_update()
    post = session.scalars(query).one_or_none()
    if post is None:
        raise NotFound("post.error.not_found", id=post_id)
    return post


@dataclass(frozen=True)
class VariantView:
    account_id: int
    network: str
    handle: str
    text: str
    override: str | None
    tagged_link: str | None
    count: int
    limit: int


@dataclass(frozen=True)
class ReviewView:
    revision: int
    reviewer_id: str
    decision: str
    comment: str | None
    at: datetime


@dataclass(frozen=True)
class PostView:
    id: int
    team_id: str
    author_id: str
    publisher_id: str
    brand: str | None
    scheduled_at: datetime
    copy: str
    link: str | None
    media_url: str | None
    campaign: str | None
    topic: str | None
    status: str
    revision: int
    approvals_required: int
    approved_by: tuple[str, ...]  # of the current revision
    variants: tuple[VariantView, ...]
    warnings: tuple[tuple[str, dict[str, Any]], ...]
    reviews: tuple[ReviewView, ...]
    message_channel: str | None
    message_ts: str | None
    timezone: str
    approvals_channel: str | None
    cancelled_by: str | None = None
    cancel_reason: str | None = None
    published_by: str | None = None
    published_url: str | None = None
    diff: tuple[tuple[str, str, str], ...] = ()  # (field, old, new) of the last edit, when just edited

    @property
    def overrides(self) -> dict[str, str]:
        return {v.network: v.override for v in self.variants if v.override}


def variants_of(session: Session, post: Post) -> list[tuple[PostVariant, Account]]:
    return [(v, a) for v, a in session.execute(
        select(PostVariant, Account).join(Account, Account.id == PostVariant.account_id)
        .where(PostVariant.post_id == post.id).order_by(PostVariant.network, Account.handle)).tuples()]


def reviews_of(session: Session, post: Post) -> list[PostReview]:
    return list(session.scalars(select(PostReview).where(PostReview.post_id == post.id)
                                .order_by(PostReview.revision, PostReview.id)))
