"""In-process domain events, delivered inside the emitter's unit of work.

Features react to each other without importing each other: accounts emits
"account.rotated", access emits "grant.revoked", and the handover feature ticks
its checklist items. A subscriber that needs Slack schedules a delivery.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
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


def emit(session: Session, event: str, **data: Any) -> None:
    for fn in list(_subscribers.get(event, ())):
        fn(session, data)
