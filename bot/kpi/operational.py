"""Operational KPIs from the bot's own records (issue 14 §4): nobody logs these, the work leaves them.

- **Planned** posts of an account in the period: its variants scheduled in the period whose post is
  approved, published or overdue (approved and not marked) — what was meant to go out. A pending
  post whose time passed expired and a cancelled one was withdrawn: neither was planned any more.
- **Published**: those marked published. **On time**: marked within ON_TIME of the scheduled time
  (a post marked without its date counts at its scheduled time, as the cadence notice does).
- **Approval lead time**: the median hours from submission to the approving review, for posts
  approved in the period. Only first revisions count: an edit's resubmission time is kept in the
  audit chain, not on the post, and a first revision's submission is the post's creation.
- **Crises**: opened in the period; the median minutes to acknowledge of those; the median hours
  to resolve of those resolved in the period.
- **Grants, rotations, handover acts**: as they stand at `now` (open grants, ending within 7 days,
  rotations requested and not done or past the workspace's rotation period, acts still open).

Counts are SQL aggregates; the medians read one row per post or crisis of the period (a week has
tens), since the difference of two instants is not written the same way on SQLite and PostgreSQL.
"""

from __future__ import annotations

import statistics
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from bot.kpi.views import AccountOps, Operational, Period
from storage.models import Account, Crisis, Grant, HandoverAct, Post, PostReview, PostVariant, Workspace

# Marked published up to an hour after its time is on time: the publisher's reminder comes at the
# time and the post turns overdue after 30 minutes (bot/posts/publishing.py), so an hour leaves room
# for a busy morning without calling a post that went out in the afternoon "on time".
ON_TIME = timedelta(hours=1)
PLANNED_STATUSES = ("approved", "published", "overdue")
EXPIRING_WITHIN = timedelta(days=7)


def bounds(period: Period, tz: str) -> tuple[datetime, datetime]:
    """The period's local days as UTC instants [start, end)."""
    zone = ZoneInfo(tz)
    start = datetime.combine(period.start, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def account_label(account: Account) -> str:
    return f"{account.network} @{account.handle}"


def operational(session: Session, team_id: str, period: Period, *, now: datetime) -> Operational:
    ws = session.get(Workspace, team_id)
    tz = ws.timezone if ws is not None and ws.timezone else "UTC"
    start, end = bounds(period, tz)
    figures = _fill(session, team_id, ws, start, end, now)
    return Operational(accounts=_accounts(session, team_id, ws, start, end),
                       approval_lead_hours=_approval_lead(session, team_id, start, end), **figures)


def _fill(session: Session, team_id: str, ws: Workspace | None, start: datetime, end: datetime,
          now: datetime) -> dict[str, Any]:
    crises = session.execute(select(Crisis.opened_at, Crisis.acknowledged_at).where(
        Crisis.team_id == team_id, Crisis.opened_at >= start, Crisis.opened_at < end)).tuples().all()
    acks = [((_utc(a) or now) - (_utc(o) or now)).total_seconds() / 60 for o, a in crises if a is not None]
    resolved = session.execute(select(Crisis.opened_at, Crisis.resolved_at).where(
        Crisis.team_id == team_id, Crisis.resolved_at >= start, Crisis.resolved_at < end)).tuples().all()
    resolves = [((_utc(r) or now) - (_utc(o) or now)).total_seconds() / 3600 for o, r in resolved]
    open_grants, expiring = session.execute(select(
        func.count(Grant.id),
        func.coalesce(func.sum(case((and_(Grant.expires_at >= now, Grant.expires_at < now + EXPIRING_WITHIN), 1),
                                    else_=0)), 0),
    ).where(Grant.team_id == team_id, Grant.status == "active")).one()
    overdue: list[ColumnElement[bool]] = [Account.rotation_requested_at.is_not(None)]
    if ws is not None and ws.rotation_days:
        cutoff = now - timedelta(days=ws.rotation_days)
        overdue.append(or_(Account.last_rotated_at <= cutoff,
                           and_(Account.last_rotated_at.is_(None), Account.created_at <= cutoff)))
    rotations = session.scalar(select(func.count(Account.id)).where(
        Account.team_id == team_id, Account.status == "active", Account.has_password.is_(True), or_(*overdue)))
    acts = session.scalar(select(func.count(HandoverAct.id)).where(
        HandoverAct.team_id == team_id, HandoverAct.status == "open"))
    on_time = session.execute(select(Post.scheduled_at, Post.published_at).join(
        PostVariant, PostVariant.post_id == Post.id).where(
        Post.team_id == team_id, PostVariant.team_id == team_id, Post.status == "published",
        Post.scheduled_at >= start, Post.scheduled_at < end)).tuples().all()
    hits = sum(1 for s, p in on_time if _on_time(s, p))
    return {
        "on_time_rate": hits / len(on_time) * 100 if on_time else None,
        "crises_opened": len(crises), "ack_minutes": _median(acks), "resolve_hours": _median(resolves),
        "open_grants": int(open_grants or 0), "expiring_grants": int(expiring or 0),
        "overdue_rotations": int(rotations or 0), "open_handover_acts": int(acts or 0),
    }


def _on_time(scheduled: datetime, published: datetime | None) -> bool:
    at, done = _utc(scheduled), _utc(published) or _utc(scheduled)
    assert at is not None and done is not None
    return done <= at + ON_TIME


def _accounts(session: Session, team_id: str, ws: Workspace | None, start: datetime,
              end: datetime) -> tuple[AccountOps, ...]:
    """Per active account: planned, published and on time in the period, and its cadence target."""
    default_target = ws.cadence_target_per_week if ws is not None else 4
    counts = {
        account_id: (int(planned or 0), int(published or 0)) for account_id, planned, published in session.execute(
            select(PostVariant.account_id, func.count(PostVariant.id),
                   func.sum(case((Post.status == "published", 1), else_=0)))
            .join(Post, Post.id == PostVariant.post_id)
            .where(PostVariant.team_id == team_id, Post.team_id == team_id, Post.status.in_(PLANNED_STATUSES),
                   Post.scheduled_at >= start, Post.scheduled_at < end)
            .group_by(PostVariant.account_id)).tuples()
    }
    timely: dict[int, int] = {}
    for account_id, scheduled, published in session.execute(
            select(PostVariant.account_id, Post.scheduled_at, Post.published_at)
            .join(Post, Post.id == PostVariant.post_id)
            .where(PostVariant.team_id == team_id, Post.team_id == team_id, Post.status == "published",
                   Post.scheduled_at >= start, Post.scheduled_at < end)).tuples():
        timely[account_id] = timely.get(account_id, 0) + int(_on_time(scheduled, published))
    accounts = session.scalars(select(Account).where(Account.team_id == team_id, Account.status == "active")
                               .order_by(Account.brand, Account.network, Account.handle)).all()
    return tuple(
        AccountOps(account_id=a.id, label=account_label(a), planned=counts.get(a.id, (0, 0))[0],
                   published=counts.get(a.id, (0, 0))[1], on_time=timely.get(a.id, 0),
                   cadence_target=a.cadence_target_per_week if a.cadence_target_per_week is not None
                   else default_target)
        for a in accounts)


def _approval_lead(session: Session, team_id: str, start: datetime, end: datetime) -> float | None:
    approved_at = func.max(PostReview.created_at)
    rows = session.execute(
        select(Post.created_at, approved_at)
        .join(PostReview, and_(PostReview.post_id == Post.id, PostReview.revision == Post.revision))
        .where(Post.team_id == team_id, PostReview.team_id == team_id, Post.revision == 1,
               PostReview.decision == "approve", Post.status.in_(PLANNED_STATUSES))
        .group_by(Post.id, Post.created_at)
        .having(and_(approved_at >= start, approved_at < end))).tuples().all()
    hours = [((_utc(a) or start) - (_utc(c) or start)).total_seconds() / 3600 for c, a in rows]
    return _median(hours)
