"""Housekeeping run by the scheduler (deployment-wide, not per workspace)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, or_, select
from sqlalchemy.orm import Session

from bot.core.periodic import Maintenance
from bot.core.runner import seal_refusal_repeats
from storage.models import Delivery, InboundRequest

# Slack retries a request for at most a few minutes; a day of fingerprints is plenty.
INBOUND_KEEP = timedelta(days=1)

# Deliveries that reached an outcome nobody needs to act on are kept this long (the
# `/socialops jobs` history and the audit trail's delivery ids stay resolvable a quarter).
DONE_KEEP = timedelta(days=90)
DONE_STATES = ("sent", "cancelled")
# Failed and dead-lettered ones wait for an admin's retry (which makes them pending
# again) for up to a year.
PROBLEM_KEEP = timedelta(days=365)
PROBLEM_STATES = ("failed", "dead")
# Rows per delete: a few milliseconds of SQLite's single write lock, not seconds.
PRUNE_BATCH = 500


def prune_inbound_requests(session: Session, now: datetime) -> None:
    session.execute(delete(InboundRequest).where(InboundRequest.received_at < now - INBOUND_KEEP))


def _older_than(cutoff: datetime) -> ColumnElement[bool]:
    """Every time on the row is before `cutoff`: its occurrence, when it was (last) due and
    when it was sent. So a row retried or sent recently is kept for a full period, and a
    cancelled *future* occurrence is kept until well after the time it was meant for.

    Why pruning cannot make an occurrence be sent again: the unique key
    (team, kind, subject, occurrence_at) only stops a re-creation while the row exists, so
    nothing may ever create an occurrence this old. Producers create only future ones
    (`next_local_occurrence` is strictly after now; features schedule at now or later, at
    state changes); a repeat creates its next occurrence in the same transaction that
    records the outcome, and after coalescing that one lies after the time it was sent.
    """
    return and_(
        Delivery.occurrence_at < cutoff, Delivery.due_at < cutoff,
        or_(Delivery.sent_at.is_(None), Delivery.sent_at < cutoff),
    )


def prune_deliveries(session: Session, now: datetime) -> bool:
    """Delete one batch of old finished deliveries; True when a full batch went (more may be left)."""
    expired = or_(
        and_(Delivery.state.in_(DONE_STATES), _older_than(now - DONE_KEEP)),
        and_(Delivery.state.in_(PROBLEM_STATES), _older_than(now - PROBLEM_KEEP)),
    )
    batch = select(Delivery.id).where(expired).order_by(Delivery.id).limit(PRUNE_BATCH)
    ids = list(session.scalars(batch))
    if ids:
        session.execute(delete(Delivery).where(Delivery.id.in_(ids)).execution_options(synchronize_session=False))
    return len(ids) == PRUNE_BATCH


JOBS: tuple[Maintenance, ...] = (
    Maintenance("inbound_requests.prune", prune_inbound_requests, every=timedelta(hours=1)),
    Maintenance("deliveries.prune", prune_deliveries, every=timedelta(minutes=10)),
    # A flood's last repeats reach the audit chain within a window or two, not at the next refusal.
    Maintenance("refusals.seal", seal_refusal_repeats, every=timedelta(minutes=10)),
)
