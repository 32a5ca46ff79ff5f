"""In-process domain events, delivered inside the emitter's unit of work.

Features react to each other without importing each other: accounts emits
"account.rotated", access emits "grant.revoked", and the handover feature ticks
its checklist items. A subscriber that needs Slack schedules a delivery.

Every event carries the emitter's `now` (the app's clock, as the service saw it): a
subscriber stamps what it records with the event's time and never reads a clock of its
own, so a fake clock in tests and several apps in one process stay consistent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

Subscriber = Callable[[Session, dict[str, Any]], None]
# Where a session carries the deployment's subscribers (set by bot/core/deployment.bind).
SUBSCRIBERS_KEY = "socialops.subscribers"


class NoDeployment(RuntimeError):
    """A unit of work opened outside the app: an event would be lost, so it is refused."""


def emit(session: Session, event: str, *, now: datetime, **data: Any) -> None:
    """Deliver `data` plus `now` (timezone-aware UTC, required) to the event's subscribers."""
    if not isinstance(now, datetime) or now.utcoffset() != timedelta(0):
        raise ValueError(f"event {event!r}: now must be a timezone-aware UTC datetime")
    subscribers: Mapping[str, tuple[Subscriber, ...]] | None = session.info.get(SUBSCRIBERS_KEY)
    if subscribers is None:
        raise NoDeployment(f"event {event!r} emitted in a session with no deployment bound")
    for fn in subscribers.get(event, ()):
        fn(session, {**data, "now": now})  # a copy each: one subscriber cannot change another's view
