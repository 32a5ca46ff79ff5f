"""Publication (SPEC §5, issue 12 §6): the company keeps the keys, so by default a person publishes.

The publisher is reminded 24 h and 15 min before with the final text per network and the tagged
links, and marks the post published with its live URL (a button, or `/post published <id> <url>`).
Not marked 30 min after its time, the post is *overdue*: the publisher and the approvals channel
are told. Each reminder is of one approved revision and re-checks it when due.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.core.authz import Actor, has_role
from bot.core.errors import Conflict, Forbidden
from bot.posts.drafts import cancel_reminders, post_view
from bot.posts.views import PUBLISHABLE, PostView, get_post
from storage import audit
from storage.models import Post


def _current(session: Session, team_id: str, post_id: int, revision: int, states: tuple[str, ...]) -> Post | None:
    post = session.get(Post, post_id)
    if post is None or post.team_id != team_id or post.revision != revision or post.status not in states:
        return None
    return post


def reminder_due(session: Session, team_id: str, post_id: int, revision: int, now: datetime) -> PostView | None:
    """The post a reminder is about, if it is still waiting to be published (approved, same revision)."""
    post = _current(session, team_id, post_id, revision, ("approved",))
    return post_view(session, post, now) if post is not None else None


def mark_overdue(session: Session, team_id: str, post_id: int, revision: int, now: datetime) -> PostView | None:
    """30 min after its time and still not marked: overdue, once (a conditional update)."""
    post = _current(session, team_id, post_id, revision, ("approved",))
    if post is None:
        return None
    done = session.execute(update(Post).where(Post.id == post.id, Post.revision == revision,
                                              Post.status == "approved")
                           .values(status="overdue", updated_at=now).execution_options(synchronize_session=False))
    if not getattr(done, "rowcount", 0):
        return None
    session.refresh(post)
    audit.append(session, team_id=team_id, actor="system", action="posts.overdue", subject=f"post:{post.id}",
                 at=now, detail={"revision": revision})
    return post_view(session, post, now)


def check_can_publish(session: Session, actor: Actor, post_id: int, now: datetime) -> PostView:
    """The publisher (or an admin) of an approved or overdue post; refused and audited otherwise."""
    post = get_post(session, actor.team_id, post_id)
    if actor.user_id != post.publisher_id and not has_role(session, actor):
        raise Forbidden("post.error.not_publisher", action="posts.publish", subject=f"post:{post.id}",
                        id=post.id, user=post.publisher_id)
    if post.status not in PUBLISHABLE:
        raise Conflict("post.error.state", id=post.id, status=post.status)
    return post_view(session, post, now)


def mark_published(session: Session, actor: Actor, post_id: int, url: str, now: datetime) -> PostView:
    check_can_publish(session, actor, post_id, now)
    post = get_post(session, actor.team_id, post_id, lock=True)
    done = session.execute(update(Post).where(Post.id == post.id, Post.status.in_(PUBLISHABLE))
                           .values(status="published", published_url=url, published_at=now,
                                   published_by=actor.user_id, updated_at=now)
                           .execution_options(synchronize_session=False))
    if not getattr(done, "rowcount", 0):
        session.refresh(post)
        raise Conflict("post.error.state", id=post.id, status=post.status)
    session.refresh(post)
    cancel_reminders(session, post)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="posts.published",
                 subject=f"post:{post.id}", at=now, detail={"url": url, "revision": post.revision})
    return post_view(session, post, now)
