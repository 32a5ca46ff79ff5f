"""`/socialops jobs`: what the scheduler has pending, late, failed or dead-lettered; retry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.core.authz import Actor, Role, require_role
from bot.core.errors import Conflict, NotFound
from storage import audit
from storage.models import Delivery

LATE_AFTER = timedelta(minutes=5)
RETRYABLE = ("failed", "dead")


@dataclass(frozen=True)
class JobRow:
    id: int
    kind: str
    subject_id: str
    recipient: str | None
    state: str
    due_at: datetime
    attempts: int
    last_error: str | None


@dataclass(frozen=True)
class JobsOverview:
    pending: int
    late: int
    claimed: int
    failed: int
    dead: int
    late_rows: list[JobRow]
    failed_rows: list[JobRow]  # failed and dead, newest first
    next_rows: list[JobRow]  # the next pending ones


def _row(d: Delivery) -> JobRow:
    return JobRow(d.id, d.kind, d.subject_id, d.recipient, d.state, d.due_at, d.attempts, d.last_error)


def overview(session: Session, actor: Actor, now: datetime, *, limit: int = 10) -> JobsOverview:
    require_role(session, actor, Role.ADMIN, action="jobs.list")
    team = Delivery.team_id == actor.team_id
    counts = dict(
        session.execute(select(Delivery.state, func.count()).where(team).group_by(Delivery.state)).tuples().all()
    )
    late_cond = (team, Delivery.state == "pending", Delivery.due_at < now - LATE_AFTER)
    late = session.scalar(select(func.count()).select_from(Delivery).where(*late_cond)) or 0
    late_rows = session.scalars(select(Delivery).where(*late_cond).order_by(Delivery.due_at).limit(limit))
    failed_rows = session.scalars(
        select(Delivery).where(team, Delivery.state.in_(RETRYABLE)).order_by(Delivery.id.desc()).limit(limit)
    )
    next_rows = session.scalars(
        select(Delivery).where(team, Delivery.state == "pending", Delivery.due_at >= now - LATE_AFTER)
        .order_by(Delivery.due_at).limit(limit)
    )
    return JobsOverview(
        pending=counts.get("pending", 0), late=late, claimed=counts.get("claimed", 0),
        failed=counts.get("failed", 0), dead=counts.get("dead", 0),
        late_rows=[_row(d) for d in late_rows], failed_rows=[_row(d) for d in failed_rows],
        next_rows=[_row(d) for d in next_rows],
    )


def retry(session: Session, actor: Actor, delivery_id: int, now: datetime) -> JobRow:
    """Put a failed or dead-lettered delivery back in the queue, due now, with fresh attempts."""
    require_role(session, actor, Role.ADMIN, action="jobs.retry", subject=str(delivery_id))
    d = session.scalars(
        select(Delivery).where(Delivery.id == delivery_id, Delivery.team_id == actor.team_id).with_for_update()
    ).one_or_none()
    if d is None:
        raise NotFound("jobs.error.not_found", id=delivery_id)
    previous, error = d.state, d.last_error
    # Conditional on the state: two admins pressing retry at once re-queue it once.
    changed = session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.state.in_(RETRYABLE))
        .values(state="pending", due_at=now, attempts=0, claimed_by=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    if not getattr(changed, "rowcount", 0):
        raise Conflict("jobs.error.not_retryable", id=delivery_id, state=previous)
    audit.append(
        session, team_id=actor.team_id, actor=actor.user_id, action="jobs.retry", subject=str(delivery_id),
        at=now, detail={"kind": d.kind, "previous_state": previous, "last_error": error},
    )
    session.refresh(d)
    return _row(d)
