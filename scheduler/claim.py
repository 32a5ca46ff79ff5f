"""Claiming due deliveries with a lease, and the single-scheduler lock for SQLite.

A claim marks a due row `claimed` by one worker until `claimed_until`. If that worker
dies, the lease runs out and the row becomes claimable again, so nothing is lost; while
the lease holds, nobody else touches it, so nothing is sent twice.

PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED` lets several replicas claim disjoint
batches at the same time without waiting on each other. SQLite: write transactions are
already serial (BEGIN IMMEDIATE), and the claim is one conditional UPDATE … RETURNING;
only one scheduler may run per SQLite database (see `acquire_lock`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, delete, or_, select, update

from storage.db import Database
from storage.models import Delivery, SchedulerLock, Workspace
from storage.upsert import insert_ignore

SCHEDULER_LOCK = "scheduler"


def _claimable(now: datetime, kinds: Collection[str] | None) -> list[list[ColumnElement[bool]]]:
    """Two searches, each an ordered walk of the (state, due_at) index with no sort:
    expired claims first (the worker that claimed them died, or stalled past its lease;
    usually none), then pending rows that are due."""
    # An uninstalled workspace's rows are not claimed: its pending ones were suspended at the
    # uninstall (bot/oauth/lifecycle.py), and one a renderer in flight scheduled just after
    # waits for a re-install rather than failing against a revoked token. (A hashed subplan
    # over the few uninstalled workspaces: the index walk is unchanged.)
    active = Delivery.team_id.not_in(select(Workspace.team_id).where(Workspace.uninstalled_at.is_not(None)))
    searches = [
        [Delivery.state == "claimed", Delivery.claimed_until < now, active],
        [Delivery.state == "pending", Delivery.due_at <= now, active],
    ]
    if kinds is not None:
        # A replica only claims kinds it can render (a newer replica may know more kinds).
        for conditions in searches:
            conditions.append(Delivery.kind.in_(list(kinds)))
    return searches


def claim_due(
    db: Database,
    *,
    worker_id: str,
    now: datetime,
    limit: int,
    lease: timedelta,
    kinds: Collection[str] | None = None,
) -> list[int]:
    """Claim up to `limit` due deliveries for `worker_id`, oldest due first; their ids.

    The claim is also the attempt: it counts it and sets the lease in the same statement,
    so rendering needs no write of its own (a row claimed and never started is given back
    by `release`, which takes the count back).
    """
    values: dict[str, Any] = {"state": "claimed", "claimed_by": worker_id, "claimed_until": now + lease,
                              "attempts": Delivery.attempts + 1}
    claimed: list[int] = []
    with db.uow() as session:
        for conditions in _claimable(now, kinds):
            room = limit - len(claimed)
            if room <= 0:
                break
            pick = select(Delivery.id).where(*conditions).order_by(Delivery.due_at, Delivery.id).limit(room)
            if db.dialect == "postgresql":
                ids = list(session.scalars(pick.with_for_update(skip_locked=True)))
                if ids:
                    session.execute(update(Delivery).where(Delivery.id.in_(ids)).values(**values))
            else:
                # The write transaction (BEGIN IMMEDIATE) is exclusive; the UPDATE re-checks anyway.
                ids = list(session.scalars(
                    update(Delivery)
                    .where(Delivery.id.in_(pick.scalar_subquery()), *conditions)
                    .values(**values)
                    .returning(Delivery.id)
                ))
            claimed.extend(sorted(ids))
    return claimed


def claim_subject(
    db: Database,
    *,
    worker_id: str,
    now: datetime,
    lease: timedelta,
    team_id: str,
    kind: str,
    subject_id: str,
) -> list[int]:
    """Claim the due, pending deliveries of one (workspace, kind, subject) for `worker_id`: the
    after-ack send of a notice a decision scheduled in its own transaction (jobs.deliver_subject).

    Only pending rows: one the scheduler already claimed is its to send, and an expired claim is
    left to the scheduler's own search. The claim is the attempt, as in claim_due."""
    values: dict[str, Any] = {"state": "claimed", "claimed_by": worker_id, "claimed_until": now + lease,
                              "attempts": Delivery.attempts + 1}
    pending = _claimable(now, [kind])[1]
    conditions = [*pending, Delivery.team_id == team_id, Delivery.subject_id == subject_id]
    with db.uow() as session:
        pick = select(Delivery.id).where(*conditions).order_by(Delivery.due_at, Delivery.id)
        if db.dialect == "postgresql":
            ids = list(session.scalars(pick.with_for_update(skip_locked=True)))
            if ids:
                session.execute(update(Delivery).where(Delivery.id.in_(ids)).values(**values))
        else:
            ids = list(session.scalars(
                update(Delivery).where(Delivery.id.in_(pick.scalar_subquery()), *conditions)
                .values(**values).returning(Delivery.id)))
    return sorted(ids)


def release(db: Database, ids: Sequence[int], worker_id: str) -> int:
    """Give back claimed rows not yet sent (graceful stop): due again at once, elsewhere."""
    if not ids:
        return 0
    with db.uow() as session:
        result = session.execute(
            update(Delivery)
            .where(Delivery.id.in_(list(ids)), Delivery.claimed_by == worker_id, Delivery.state == "claimed")
            # Never started: the claim's attempt did not happen.
            .values(state="pending", claimed_by=None, claimed_until=None, attempts=Delivery.attempts - 1)
        )
        return int(getattr(result, "rowcount", 0) or 0)


def extend(db: Database, ids: Sequence[int], worker_id: str, until: datetime) -> int:
    """Renew the lease of claims still ours (a long batch: nobody may take them over meanwhile)."""
    if not ids:
        return 0
    with db.uow() as session:
        result = session.execute(
            update(Delivery)
            .where(Delivery.id.in_(list(ids)), Delivery.claimed_by == worker_id, Delivery.state == "claimed")
            .values(claimed_until=until)
        )
        return int(getattr(result, "rowcount", 0) or 0)


def acquire_lock(
    db: Database, *, holder: str, now: datetime, lease: timedelta, name: str = SCHEDULER_LOCK
) -> bool:
    """Take or renew the named lease; False while someone else holds it unexpired.

    Used on SQLite, where exactly one scheduler per database may run: a second one waits
    (stand-by) and takes over when the first stops or dies (its lease runs out).
    """
    with db.uow() as session:
        insert_ignore(session, SchedulerLock,
                      {"name": name, "holder": holder, "lease_until": now + lease, "acquired_at": now})
        row = session.execute(
            update(SchedulerLock)
            .where(SchedulerLock.name == name,
                   or_(SchedulerLock.holder == holder, SchedulerLock.lease_until < now))
            .values(
                holder=holder, lease_until=now + lease,
                acquired_at=case((SchedulerLock.holder == holder, SchedulerLock.acquired_at), else_=now),
            )
            .returning(SchedulerLock.holder)
        ).first()
    return row is not None


def lock_holder(db: Database, name: str = SCHEDULER_LOCK) -> tuple[str, datetime] | None:
    with db.uow() as session:
        lock = session.get(SchedulerLock, name)
        return (lock.holder, lock.lease_until) if lock is not None else None


def release_lock(db: Database, *, holder: str, name: str = SCHEDULER_LOCK) -> None:
    with db.uow() as session:
        session.execute(delete(SchedulerLock).where(SchedulerLock.name == name, SchedulerLock.holder == holder))
