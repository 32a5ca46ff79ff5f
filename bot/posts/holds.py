"""The crisis hold (issue 12 §9): stop a brand's coming posts at once, then release or reschedule each.

`hold_brand` is the entry point the crisis feature calls (issue 13); until then an approver
triggers it by hand. A held post keeps the state it had in `held_from`. Its pending deliveries
(escalation, expiry, reminders, overdue) are cancelled explicitly rather than left to the
renderers' state checks: those would also stay silent while held, but a cancelled row is not
claimed at all, and release must bring the rows back anyway (a delivery's occurrence is unique,
so scheduling the same instant again would be silently ignored).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.brands.parse import brand_key
from bot.brands.profiles import brands
from bot.core.authz import Actor, Role, require_role
from bot.core.errors import Conflict, UsageError
from bot.core.schedule import schedule
from bot.posts.drafts import _schedule_reminders, cancel_reminders, post_view, schedule_publication, subject
from bot.posts.views import (
    KIND_ESCALATION,
    KIND_EXPIRY,
    KIND_OVERDUE,
    KIND_REMINDER,
    KIND_WEBHOOK,
    PostView,
    get_post,
)
from storage import audit
from storage.models import Account, Delivery, Post, PostVariant

HOLDABLE = ("approved", "pending")
MIN_LEAD = timedelta(minutes=15)  # the same margin a new post needs (bot/posts/checks.py)
MAX_HOURS = 24 * 14  # a hold longer than two weeks is a cancellation, not a hold
# The deliveries each state to return to owns (see drafts._schedule_reminders and schedule_publication;
# the webhook's, when the workspace set one, is bot/posts/webhook.py's).
KINDS_OF = {"pending": (KIND_ESCALATION, KIND_EXPIRY), "approved": (KIND_REMINDER, KIND_OVERDUE, KIND_WEBHOOK)}


def hold_brand(session: Session, team_id: str, brand: str, *, hours: int, reason: str, actor: Actor,
               now: datetime) -> list[int]:
    """Hold every approved or pending post with an account of `brand` due within `hours`; the ids held.

    No role check here: the crisis feature calls it on its own authority; `hold_by_hand` is the
    approvers' door."""
    if not 1 <= hours <= MAX_HOURS:
        raise UsageError("post.error.hold_hours", usage_key="usage.post.hold", max=MAX_HOURS)
    key = brand_key(brand)
    rows = session.execute(
        select(Post.id, Account.brand).join(PostVariant, PostVariant.post_id == Post.id)
        .join(Account, Account.id == PostVariant.account_id)
        .where(Post.team_id == team_id, Post.status.in_(HOLDABLE), Post.scheduled_at >= now,
               Post.scheduled_at <= now + timedelta(hours=hours)))
    ids = sorted({post_id for post_id, b in rows if brand_key(b) == key})
    held: list[int] = []
    for post_id in ids:
        post = get_post(session, team_id, post_id, lock=True)
        # A conditional update: a decision or another hold landing meanwhile wins, and is left alone.
        done = session.execute(
            update(Post).where(Post.id == post.id, Post.status == post.status, Post.revision == post.revision)
            .values(status="held", held_from=post.status, held_at=now, held_reason=reason[:500],
                    updated_at=now).execution_options(synchronize_session=False))
        if not getattr(done, "rowcount", 0):
            continue
        session.refresh(post)
        cancel_reminders(session, post)
        held.append(post.id)
    audit.append(session, team_id=team_id, actor=actor.user_id, action="posts.held", subject=f"brand:{brand}",
                 at=now, detail={"hours": hours, "reason": reason, "posts": held})
    return held


DEFAULT_HOURS = 24


def parse_hold(text: str) -> tuple[str, int, str]:
    """`<brand> [hours] <reason…>` → (brand, hours, reason); a missing reason is usage."""
    parts = text.split()
    if not parts:
        raise UsageError("post.error.hold_reason", usage_key="usage.post.hold")
    brand, rest = parts[0], parts[1:]
    hours = DEFAULT_HOURS
    if rest and rest[0].isascii() and rest[0].isdigit():
        hours = int(rest[0][:6])
        rest = rest[1:]
    if not 1 <= hours <= MAX_HOURS:
        raise UsageError("post.error.hold_hours", usage_key="usage.post.hold", max=MAX_HOURS)
    if not rest:
        raise UsageError("post.error.hold_reason", usage_key="usage.post.hold")
    return brand, hours, " ".join(rest)[:500]


def hold_by_hand(session: Session, actor: Actor, brand: str, *, hours: int, reason: str,
                 now: datetime) -> tuple[str, list[int]]:
    """`/post hold`: approvers and admins only (refused and audited otherwise); a brand the
    inventory does not have is usage, nothing held. Returns the inventory's spelling and the ids."""
    require_role(session, actor, Role.APPROVER, action="posts.hold", subject=f"brand:{brand[:100]}")
    known = brands(session, actor.team_id)
    name = next((b for b in known if brand_key(b) == brand_key(brand)), None)
    if name is None:
        shown = ", ".join(known[:20]) + ("…" if len(known) > 20 else "")
        raise UsageError("brands.error.unknown", usage_key="usage.post.hold", brand=brand[:100], brands=shown or "—")
    return name, hold_brand(session, actor.team_id, name, hours=hours, reason=reason, actor=actor, now=now)


def _held(session: Session, actor: Actor, post_id: int, action: str, *, lock: bool = True) -> Post:
    post = get_post(session, actor.team_id, post_id, lock=lock)
    require_role(session, actor, Role.APPROVER, action=action, subject=f"post:{post.id}")
    if post.status != "held":
        raise Conflict("post.error.state", id=post.id, status=post.status)
    return post


def check_can_reschedule(session: Session, actor: Actor, post_id: int, now: datetime) -> PostView:
    """Before the Reschedule form opens: refused or stale at once, not after it is filled in."""
    post = _held(session, actor, post_id, "posts.reschedule", lock=False)
    return post_view(session, post, now)


def _revive(session: Session, post: Post, kinds: tuple[str, ...], now: datetime) -> None:
    """The hold's cancelled deliveries of this revision that are still ahead, pending again
    (scheduling the same occurrence anew is a no-op on the existing cancelled row)."""
    session.execute(
        update(Delivery).where(Delivery.team_id == post.team_id, Delivery.subject_id == subject(post.id, post.revision),
                               Delivery.kind.in_(kinds), Delivery.state == "cancelled",
                               Delivery.occurrence_at >= now)
        .values(state="pending").execution_options(synchronize_session=False))


def _back_to_approval(session: Session, post: Post, when: datetime, now: datetime) -> None:
    """A new revision, pending: the old approvals were of a time that no longer holds."""
    session.execute(
        update(Post).where(Post.id == post.id, Post.status == "held", Post.revision == post.revision)
        .values(status="pending", revision=post.revision + 1, scheduled_at=when, held_from=None, updated_at=now)
        .execution_options(synchronize_session=False))
    session.refresh(post)
    _schedule_reminders(session, post, now)


def release(session: Session, actor: Actor, post_id: int, now: datetime) -> PostView:
    """Back to the state it had, its deliveries at its time again; to approval (a new revision)
    when its time has passed or is under 15 minutes away, too late for anyone to publish it as approved."""
    post = _held(session, actor, post_id, "posts.release")
    back = post.held_from if post.held_from in KINDS_OF else "pending"
    if post.scheduled_at - now < MIN_LEAD:
        _back_to_approval(session, post, post.scheduled_at, now)
        outcome = "approval"
    else:
        session.execute(
            update(Post).where(Post.id == post.id, Post.status == "held")
            .values(status=back, held_from=None, updated_at=now).execution_options(synchronize_session=False))
        session.refresh(post)
        _revive(session, post, KINDS_OF[back], now)
        # Anything not there before (an instant the hold made past is skipped by the schedulers' own rules).
        if back == "approved":
            schedule_publication(session, post, now)
        else:
            _schedule_reminders(session, post, now)
        outcome = back
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="posts.released",
                 subject=f"post:{post.id}", at=now, detail={"to": outcome, "revision": post.revision})
    return post_view(session, post, now)


def reschedule(session: Session, actor: Actor, post_id: int, when: datetime, now: datetime) -> PostView:
    """A new time, back to approval as a new revision (approvers approved the old time, not this one)."""
    post = _held(session, actor, post_id, "posts.reschedule")
    if when - now < MIN_LEAD:
        raise UsageError("post.error.hold_time", usage_key="usage.post.hold")
    before = post.scheduled_at
    _back_to_approval(session, post, when, now)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action="posts.rescheduled",
                 subject=f"post:{post.id}", at=now,
                 detail={"from": before.isoformat(), "to": when.isoformat(), "revision": post.revision})
    return post_view(session, post, now)


# -- the crisis feature's events (issue 13): what a crisis held, listed where it can be released ------
KIND_HOLD_LIST = "posts.hold_list"  # the still-held posts, with Release / Reschedule each

CRISIS_MESSAGES: dict[str, dict[str, str]] = {
    "post.crisis.reason": {
        "en": "crisis {number}: {summary}",
        "es": "crisis {number}: {summary}",
    },
    "post.crisis.resolved": {
        "en": ":white_check_mark: {number} is resolved; these posts are still held. Release each or give it "
              "a new time.",
        "es": ":white_check_mark: {number} está resuelta; estas publicaciones siguen retenidas. Libera cada una o "
              "dale otra hora.",
    },
}


def _hold_list(session: Session, data: dict[str, Any], where: str) -> None:
    posts = [int(p) for p in data.get("posts") or [] if isinstance(p, int) or str(p).isdigit()]
    if not posts:
        return
    schedule(session, team_id=str(data["team_id"]), kind=KIND_HOLD_LIST, subject_id=f"{data['crisis_id']}:{where}",
             at=data["now"], payload={"posts": posts, "brand": data.get("brand") or "", "crisis_id": data["crisis_id"],
                                      "where": where, "channel_id": data.get("channel_id")})


def on_crisis_held(session: Session, data: dict[str, Any]) -> None:
    """`crisis.held`: the approvals channel gets the list of what the crisis stopped."""
    _hold_list(session, data, "held")


def on_crisis_resolved(session: Session, data: dict[str, Any]) -> None:
    """`crisis.resolved`: the crisis channel (and the approvals channel) get what is still held."""
    _hold_list(session, data, "resolved")


def still_held(session: Session, team_id: str, post_ids: list[int], now: datetime) -> list[PostView]:
    rows = session.scalars(select(Post).where(Post.team_id == team_id, Post.id.in_(post_ids), Post.status == "held")
                           .order_by(Post.scheduled_at, Post.id))
    return [post_view(session, post, now) for post in rows]
