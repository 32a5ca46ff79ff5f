"""Resolving a crisis (issue 13 §5): one unit of work that closes it, stops the paging, seals the
post-mortem (Markdown stored, its sha256 in the audit chain), tells the posts feature which posts
are still held (`crisis.resolved`) and schedules the post-mortem message and the channel topic."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.core.authz import Actor, Role, has_role
from bot.core.deployment import deployment_of
from bot.core.errors import Conflict, Forbidden, UsageError
from bot.core.events import emit
from bot.core.i18n import Translator
from bot.core.schedule import schedule
from bot.crisis import lookup, paging, postmortem, timeline
from bot.crisis.views import CrisisView, crisis_view
from storage import audit
from storage.models import Crisis, CrisisPage, CrisisStatement, Post, Workspace

KIND_POSTMORTEM = "crisis.postmortem"  # the post-mortem in the channel, then the topic
USAGE_RESOLVE = "usage.crisis.resolve"
RESOLUTION_MAX = 1000


@dataclass(frozen=True)
class ResolveView:
    crisis: CrisisView
    postmortem_hash: str


def split_resolve(text: str) -> tuple[str | None, str]:
    stripped = text.strip()
    first, _, rest = stripped.partition(" ")
    if first and lookup.looks_like_reference(first):
        return first, rest.strip()
    return None, stripped


def workspace_tz_lang(session: Session, team_id: str) -> tuple[str, str]:
    ws = session.get(Workspace, team_id)
    return (ws.timezone, ws.language) if ws is not None else ("UTC", "en")


def gather(session: Session, crisis: Crisis) -> postmortem.PostMortem:
    """The rows the post-mortem reads, in the workspace's time zone."""
    pages = list(session.scalars(select(CrisisPage).where(CrisisPage.crisis_id == crisis.id)))
    statements = list(session.scalars(select(CrisisStatement).where(CrisisStatement.crisis_id == crisis.id)))
    ids = [int(i) for i in crisis.held_posts or []]
    status: dict[int, str | None] = dict.fromkeys(ids)
    if ids:  # what became of each held post: its status now (the posts feature owns the rest)
        for post_id, post_status in session.execute(select(Post.id, Post.status).where(
                Post.team_id == crisis.team_id, Post.id.in_(ids))):
            status[int(post_id)] = str(post_status)
    tz, _ = workspace_tz_lang(session, crisis.team_id)
    return postmortem.compute(crisis, timeline.events(session, crisis), pages, statements, status, tz)


def markdown_of(session: Session, crisis: Crisis) -> str:
    _, lang = workspace_tz_lang(session, crisis.team_id)
    tr = Translator(lang, deployment_of(session).registries.catalog)
    return postmortem.to_markdown(tr, gather(session, crisis))


def may_resolve(session: Session, actor: Actor, crisis: Crisis) -> bool:
    """A crisis lead (the role, or named on this crisis's chain, or the one who acknowledged) or an admin."""
    if has_role(session, actor, Role.CRISIS_LEAD):
        return True
    named = {str(u) for level in crisis.chain or [] for u in level.get("users", [])}
    return actor.user_id in named or actor.user_id == crisis.acknowledged_by


def resolve(session: Session, actor: Actor, channel_id: str | None, text: str, now: datetime) -> ResolveView:
    ref, summary = split_resolve(text)
    if not summary:
        raise UsageError("crisis.resolve.error.summary", usage_key=USAGE_RESOLVE)
    if len(summary) > RESOLUTION_MAX:
        raise UsageError("crisis.resolve.error.long", usage_key=USAGE_RESOLVE, max=RESOLUTION_MAX,
                         length=len(summary))
    crisis = lookup.target(session, actor.team_id, channel_id, ref, usage_key=USAGE_RESOLVE, lock=True)
    if not may_resolve(session, actor, crisis):
        raise Forbidden("error.forbidden_role", action="crisis.resolve", subject=f"crisis:{crisis.id}",
                        roles=f"{Role.CRISIS_LEAD.value}, {Role.ADMIN.value}")
    if crisis.status != "open":
        raise Conflict("crisis.resolve.error.resolved", number=crisis.number)
    done = session.execute(
        update(Crisis).where(Crisis.id == crisis.id, Crisis.status == "open")
        .values(status="resolved", resolved_at=now, resolved_by=actor.user_id, resolution=summary)
        .execution_options(synchronize_session=False))
    if not getattr(done, "rowcount", 0):
        raise Conflict("crisis.resolve.error.resolved", number=crisis.number)
    session.refresh(crisis)
    paging.stop_paging(session, crisis, now, reason="resolved")
    timeline.record(session, crisis, timeline.RESOLVED, actor=actor.user_id, at=now, text=summary)
    text_md = markdown_of(session, crisis)
    digest = hashlib.sha256(text_md.encode("utf-8")).hexdigest()
    crisis.postmortem, crisis.postmortem_hash = text_md, digest
    audit.append(session, team_id=crisis.team_id, actor=actor.user_id, action="crisis.resolved",
                 subject=f"crisis:{crisis.id}", at=now,
                 detail={"number": crisis.number, "postmortem_hash": digest})
    emit(session, "crisis.resolved", now=now, team_id=crisis.team_id, crisis_id=crisis.id, number=crisis.number,
         brand=crisis.brand, channel_id=crisis.channel_id, posts=[int(i) for i in crisis.held_posts or []])
    if crisis.channel_id:
        schedule(session, team_id=crisis.team_id, kind=KIND_POSTMORTEM, subject_id=crisis.id, at=now)
    session.flush()
    return ResolveView(crisis_view(crisis), digest)

