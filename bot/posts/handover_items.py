"""What the posts feature adds to a handover act (SPEC §4, issue 12 §10): the posts a leaving
person authors or publishes that are still to go out join the act as "reassign" items, ticked
when the records show neither the author nor the publisher is the leaver any more (a
`/post reassign`), or when the post is finished (published, cancelled, rejected, expired).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bot.core.authz import Actor, Role, has_role
from bot.core.errors import Conflict, Forbidden, UsageError
from bot.handover.items import Done, ItemKind, ItemSpec
from bot.handover.sync import sync_subject
from bot.posts.drafts import AUTHORS, post_view
from bot.posts.views import POST_REASSIGN, PostView, get_post
from storage import audit
from storage.models import HandoverAct, HandoverItem, Post

FINISHED = ("published", "cancelled", "rejected", "expired")


def posts_of(session: Session, team_id: str, user_id: str) -> list[ItemSpec]:
    """Each post still to go out that `user_id` authors or publishes."""
    rows = session.scalars(select(Post).where(
        Post.team_id == team_id, Post.status.not_in(FINISHED),
        or_(Post.author_id == user_id, Post.publisher_id == user_id)).order_by(Post.scheduled_at, Post.id))
    return [ItemSpec(POST_REASSIGN, str(p.id), f"#{p.id} {p.scheduled_at:%Y-%m-%d %H:%M} UTC",
                     {"post_id": p.id, "as": [r for r, u in (("author", p.author_id), ("publisher", p.publisher_id))
                                              if u == user_id]})
            for p in rows]


def _post(session: Session, act: HandoverAct, item: HandoverItem) -> Post | None:
    post = session.get(Post, int(item.subject_id))
    return post if post is not None and post.team_id == act.team_id else None


def _reassigned(session: Session, act: HandoverAct, item: HandoverItem) -> Done | None:
    post = _post(session, act, item)
    if post is None or post.status in FINISHED:  # nothing left for anyone to publish
        return Done(None, post.updated_at if post else None)
    if act.leaving_id in (post.author_id, post.publisher_id):
        return None
    return Done(None, post.updated_at)


def _owner(session: Session, act: HandoverAct, item: HandoverItem) -> str | None:
    """Who is reminded: the receiver, or whoever runs the act; never the leaver."""
    return next((c for c in (act.receiver_id, act.started_by) if c and c != act.leaving_id), None)


REASSIGN_KIND = ItemKind(POST_REASSIGN, "posts.handover.reassign", _reassigned, _owner, order=60)


def reassign(session: Session, actor: Actor, post_id: int, user_id: str, now: datetime) -> PostView:
    """`/post reassign <id> @user`: the publisher becomes `user_id`, who must be allowed to write
    posts; so does the author of a draft, or of a post its author would publish (the default):
    the person who wrote it and would publish it hands the whole post over. The author, an
    approver or an admin; never a finished post."""
    post = get_post(session, actor.team_id, post_id, lock=True)
    if actor.user_id != post.author_id and not has_role(session, actor, Role.APPROVER):
        raise Forbidden("post.error.cannot_reassign", action="posts.reassign", subject=f"post:{post.id}", id=post.id)
    if post.status in FINISHED:
        raise Conflict("post.error.state", id=post.id, status=post.status)
    if not has_role(session, Actor(actor.team_id, user_id), *AUTHORS):
        raise UsageError("post.error.publisher_role", usage_key="usage.post.reassign", user=user_id)
    before = {"author": post.author_id, "publisher": post.publisher_id}
    if post.status == "draft" or post.author_id == post.publisher_id:
        post.author_id = user_id
    post.publisher_id = user_id
    post.updated_at = now
    session.flush()
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="posts.reassigned",
                 subject=f"post:{post.id}", at=now, detail={"from": before, "to": user_id})
    sync_subject(session, actor.team_id, POST_REASSIGN, post.id, actor=actor.user_id, now=now)
    return post_view(session, post, now)

