"""Approving posts (SPEC §5): four eyes, one or two different approvers, decisions per revision.

A decision is of the revision the approver saw (the button carries it): a post edited since
answers "this message is of an older revision" instead of approving text nobody reviewed. The
post's row is locked for the decision (PostgreSQL; SQLite writers are serial), every approver
has at most one review per revision (its unique key), and the state changes once, by a
conditional update on status and revision, however many approvers press at the same moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.core.authz import Actor, Role, admin_ids, require_role
from bot.core.errors import Conflict, Forbidden
from bot.posts.drafts import cancel_reminders, post_view, schedule_publication
from bot.posts.views import UNDECIDED, PostView, get_post
from storage import audit
from storage.models import Post, PostReview, RoleAssignment
from storage.upsert import insert_ignore

DECISIONS = {"approve": "approved", "changes": "changes_requested", "reject": "rejected"}


@dataclass(frozen=True)
class Decision:
    post: PostView
    decision: str  # approve | changes | reject
    changed: bool  # the post's state changed (False: an approval counted, more needed)
    count: int  # approvals of this revision so far


def _checked(session: Session, actor: Actor, post_id: int, revision: int, decision: str) -> Post:
    post = get_post(session, actor.team_id, post_id, lock=True)
    action = f"posts.{decision}"
    require_role(session, actor, Role.APPROVER, action=action, subject=f"post:{post.id}")
    if actor.user_id == post.author_id:
        raise Forbidden("post.error.own_post", action=action, subject=f"post:{post.id}")
    if post.status != "pending":
        raise Conflict("post.error.state", id=post.id, status=post.status)
    if post.revision != revision:
        raise Conflict("post.error.stale", id=post.id, revision=revision)
    return post


def check_can_decide(session: Session, actor: Actor, post_id: int, revision: int, decision: str) -> None:
    """Before the comment form opens: the author and non-approvers are refused at once."""
    _checked(session, actor, post_id, revision, decision)


def _approvals(session: Session, post: Post) -> int:
    return int(session.scalar(select(func.count()).select_from(PostReview).where(
        PostReview.post_id == post.id, PostReview.revision == post.revision,
        PostReview.decision == "approve")) or 0)


def decide(session: Session, actor: Actor, post_id: int, revision: int, decision: str, comment: str | None,
           now: datetime) -> Decision:
    post = _checked(session, actor, post_id, revision, decision)
    inserted = insert_ignore(session, PostReview, {
        "team_id": post.team_id, "post_id": post.id, "revision": revision, "reviewer_id": actor.user_id,
        "decision": decision, "comment": comment, "created_at": now})
    if not inserted:  # the same person again on the same revision: it does not count twice
        raise Conflict("post.error.already_approved", id=post.id)
    count = _approvals(session, post)
    if decision == "approve" and count < post.approvals_required:
        audit.append(session, team_id=post.team_id, actor=actor.user_id, action="posts.approval_counted",
                     subject=f"post:{post.id}", at=now, detail={"revision": revision, "count": count})
        return Decision(post_view(session, post, now), decision, False, count)
    done = session.execute(
        update(Post).where(Post.id == post.id, Post.status == "pending", Post.revision == revision)
        .values(status=DECISIONS[decision], updated_at=now).execution_options(synchronize_session=False))
    if not getattr(done, "rowcount", 0):
        session.refresh(post)
        raise Conflict("post.error.state", id=post.id, status=post.status)
    session.refresh(post)
    # Approved or rejected: nothing left to escalate or expire. Changes requested: the author may
    # still edit; unedited, it expires at its time like any unapproved post.
    cancel_reminders(session, post, expiry=decision != "changes")
    if decision == "approve":
        schedule_publication(session, post, now)
    audit.append(session, team_id=post.team_id, actor=actor.user_id, action=f"posts.{DECISIONS[decision]}",
                 subject=f"post:{post.id}", at=now, detail={"revision": revision, "comment": comment})
    return Decision(post_view(session, post, now), decision, True, count)


def approvers(session: Session, team_id: str, *, besides: str) -> list[str]:
    """Who may approve here (approvers and admins), the author left out."""
    held = set(session.scalars(select(RoleAssignment.user_id).where(
        RoleAssignment.team_id == team_id, RoleAssignment.role == Role.APPROVER.value)))
    return sorted((held | set(admin_ids(session, team_id))) - {besides})


def escalation_due(session: Session, team_id: str, post_id: int, revision: int) -> Post | None:
    """The post an escalation is about, if it still needs one (pending, the same revision)."""
    post = session.get(Post, post_id)
    if post is None or post.team_id != team_id or post.revision != revision or post.status != "pending":
        return None
    return post


def expire_if_due(session: Session, team_id: str, post_id: int, revision: int, now: datetime) -> Post | None:
    """At its time an undecided post expires, once (a conditional update); None when it no longer
    applies (approved, edited since, cancelled, already expired)."""
    post = session.get(Post, post_id)
    if post is None or post.team_id != team_id or post.revision != revision or post.status not in UNDECIDED:
        return None
    done = session.execute(
        update(Post).where(Post.id == post.id, Post.revision == revision, Post.status.in_(UNDECIDED))
        .values(status="expired", updated_at=now).execution_options(synchronize_session=False))
    if not getattr(done, "rowcount", 0):
        return None
    session.refresh(post)
    cancel_reminders(session, post)
    audit.append(session, team_id=team_id, actor="system", action="posts.expired", subject=f"post:{post.id}",
                 at=now, detail={"revision": revision})
    return post
