"""In-process domain events, delivered inside the emitter's unit of work.

Features react to each other without importing each other: accounts emits
"account.rotated", access emits "grant.revoked", and the handover feature ticks
its checklist items. A subscriber that needs Slack schedules a delivery.

Every event carries the emitter's `now` (the app's clock, as the service saw it): a
subscriber stamps what it records with the event's time and never reads a clock of its
own, so a fake clock in tests and several apps in one process stay consistent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

Subscriber = Callable[[Session, dict[str, Any]], None]
_subscribers: dict[str, list[Subscriber]] = defaultdict(list)


def subscribe(event: str) -> Callable[[Subscriber], Subscriber]:
    def decorate(fn: Subscriber) -> Subscriber:
        if fn not in _subscribers[event]:
            _subscribers[event].append(fn)
        return fn

    return decorate


def emit(session: Session, event: str, *, now: datetime, **data: Any) -> None:
    """Deliver `data` plus `now` (timezone-aware UTC, required) to the event's subscribers."""
    if not isinstance(now, datetime) or now.utcoffset() != timedelta(0):
        raise ValueError(f"event {event!r}: now must be a timezone-aware UTC datetime")
    for fn in list(_subscribers.get(event, ())):
        fn(session, {**data, "now": now})  # a copy each: one subscriber cannot change another's view
