"""Periodic access review (SPEC §3): every `review_days` each custodian keeps or revokes
the active grants on their accounts; unanswered reviews are reminded weekly and reported
to the admins."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.access import grants
from bot.access.views import (
    KIND_REVIEW,
    KIND_REVIEW_REPORT,
    WEEKLY,
    GrantView,
    get_account,
    get_grant,
    grant_view,
    limits,
)
from bot.core.authz import Actor, Role, admin_ids, require_role
from bot.core.errors import Conflict, NotFound
from bot.core.schedule import schedule
from storage import audit
from storage.models import AccessReview, AccessReviewCycle, Grant, Workspace
from storage.upsert import insert_ignore


def start_review(session: Session, team_id: str, now: datetime) -> int:
    """Open a review cycle: one row per active grant, a message per custodian (repeated
    weekly while unanswered) and a weekly report to each admin. Returns how many grants.

    Idempotent per day: a second call the same (UTC) day changes nothing.
    """
    cycle = now.date().isoformat()
    if not insert_ignore(session, AccessReviewCycle,
                         {"team_id": team_id, "cycle": cycle, "started_at": now, "grants": 0}):
        return 0
    custodians: set[str] = set()
    count = 0
    for grant in session.scalars(select(Grant).where(Grant.team_id == team_id, Grant.status == "active")
                                 .order_by(Grant.id)):
        custodian = get_account(session, grant.account_id).custodian_id
        insert_ignore(session, AccessReview, {"team_id": team_id, "cycle": cycle, "grant_id": grant.id,
                                              "custodian_id": custodian, "status": "pending",
                                              "created_at": now})
        custodians.add(custodian)
        count += 1
    payload = {"cycle": cycle, "started_at": now.isoformat()}
    for custodian in sorted(custodians):
        schedule(session, team_id=team_id, kind=KIND_REVIEW, subject_id=f"{cycle}:{custodian}", at=now,
                 recipient=custodian, repeat=WEEKLY, payload=payload)
    if count:
        for admin in admin_ids(session, team_id):
            schedule(session, team_id=team_id, kind=KIND_REVIEW_REPORT, subject_id=f"{cycle}:{admin}",
                     at=now + WEEKLY, recipient=admin, repeat=WEEKLY, payload=payload)
    session.execute(update(AccessReviewCycle).where(AccessReviewCycle.team_id == team_id,
                                                    AccessReviewCycle.cycle == cycle).values(grants=count))
    audit.append(session, team_id=team_id, actor=grants.SYSTEM, action="access.review_started",
                 subject=f"review:{cycle}", at=now, detail={"grants": count, "custodians": sorted(custodians)})
    return count


def next_review_at(session: Session, team_id: str) -> datetime | None:
    """When the next cycle is due: `review_days` after the last one (or after first contact)."""
    last = session.scalar(select(func.max(AccessReviewCycle.started_at))
                          .where(AccessReviewCycle.team_id == team_id))
    if last is None:
        ws = session.get(Workspace, team_id)
        last = ws.created_at if ws is not None else None
    if last is None:
        return None
    return last + timedelta(days=limits(session, team_id).review_days)


def review_producer(session: Session, team_id: str, now: datetime) -> None:
    """Run by the scheduler for every workspace about hourly; starts a cycle when due."""
    due = next_review_at(session, team_id)
    if due is not None and due <= now:
        start_review(session, team_id, now)


@dataclass(frozen=True)
class ReviewItem:
    review_id: int
    status: str
    grant: GrantView


def pending_items(session: Session, team_id: str, cycle: str, custodian_id: str | None = None) -> list[ReviewItem]:
    query = select(AccessReview).where(AccessReview.team_id == team_id, AccessReview.cycle == cycle,
                                       AccessReview.status == "pending")
    if custodian_id is not None:
        query = query.where(AccessReview.custodian_id == custodian_id)
    return [ReviewItem(r.id, r.status, grant_view(session, get_grant(session, team_id, r.grant_id)))
            for r in session.scalars(query.order_by(AccessReview.id))]


def unanswered_by_custodian(session: Session, team_id: str, cycle: str) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in session.scalars(select(AccessReview).where(
            AccessReview.team_id == team_id, AccessReview.cycle == cycle, AccessReview.status == "pending")):
        counts[row.custodian_id] += 1
    return dict(sorted(counts.items()))


def decide(session: Session, actor: Actor, review_id: int, *, keep: bool,
           now: datetime) -> ReviewItem:
    """Keep or Revoke one grant under review (its custodian, another custodian, or an admin)."""
    row = session.get(AccessReview, review_id)
    if row is None or row.team_id != actor.team_id:
        raise NotFound("access.error.review_not_found", id=review_id)
    action = "access.review_keep" if keep else "access.review_revoke"
    require_role(session, actor, Role.CUSTODIAN, action=action, subject=f"grant:{row.grant_id}")
    result = session.execute(
        update(AccessReview).where(AccessReview.id == row.id, AccessReview.status == "pending")
        .values(status="kept" if keep else "revoked", decided_by=actor.user_id, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    if not getattr(result, "rowcount", 0):
        raise Conflict("access.error.review_decided", id=row.grant_id, status=row.status)
    grant = get_grant(session, actor.team_id, row.grant_id)
    if not keep:
        grants.begin_revocation(session, grant, actor_id=actor.user_id, reason="review", now=now)
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action=action,
                 subject=f"grant:{grant.id}", at=now, detail={"cycle": row.cycle})
    return ReviewItem(row.id, row.status, grant_view(session, grant, actor=actor.user_id, at=now))
