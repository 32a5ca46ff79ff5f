"""Run a use case in one unit of work; audit refusals after the rollback.

A refused attempt is a fact worth keeping (SPEC §0.9), but a user repeating a refused
command must not grow the audit chain without bound. So per (workspace, user, action) the
first refusal in a window is appended as it always was; the repeats within the window are
counted on the `refusal_windows` row, and the count goes into the chain as one entry when
the window has passed (at the next refusal, or by `seal_refusal_repeats` from housekeeping).
The chain stays append-only and hash-linked; only the not-yet-sealed count is mutable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.authz import Actor
from bot.core.context import AppContext
from bot.core.errors import Forbidden
from storage import audit
from storage.models import RefusalWindow
from storage.upsert import insert_ignore

T = TypeVar("T")
log = logging.getLogger("socialops.authz")

REFUSAL_WINDOW = timedelta(minutes=10)
# The outcome of the entry that seals a window's count (the count is in its detail).
REPEATED = "refused"
SEAL_BATCH = 500  # windows per housekeeping transaction


def run(ctx: AppContext, actor: Actor, use_case: Callable[[Session], T], *, read_only: bool = False) -> T:
    """`read_only=True` for a use case that only reads: on SQLite it does not queue behind the writers."""
    try:
        with ctx.db.uow(read_only=read_only) as session:
            return use_case(session)
    except Forbidden as refused:
        now = ctx.clock()  # stamped by the app's clock, like every entry
        with ctx.db.uow() as session:
            audited = record_refusal(session, actor, refused.action, refused.subject, now)
        # Every attempt is logged, audited in the chain or only counted.
        log.warning(
            "refused",
            extra={"team": actor.team_id, "user": actor.user_id, "action": refused.action, "audited": audited},
        )
        raise


def record_refusal(session: Session, actor: Actor, action: str, subject: str, now: datetime) -> bool:
    """Audit one refused attempt; False when it was only counted (a repeat within the window)."""
    key = {"team_id": actor.team_id, "actor": actor.user_id, "action": action}
    for _ in range(3):
        if insert_ignore(session, RefusalWindow, {**key, "opened_at": now, "last_at": now, "repeats": 0}):
            _append(session, actor, action, subject, now)
            return True
        # The row lock serializes the refusals of one key across replicas (SQLite: already serial).
        window = session.scalars(select(RefusalWindow).filter_by(**key).with_for_update()).one_or_none()
        if window is None:
            continue  # housekeeping sealed and removed it in between: open a new one
        if now - window.opened_at < REFUSAL_WINDOW:
            window.repeats += 1
            window.last_at = max(window.last_at, now)
            return False
        _seal(session, window, now)
        window.opened_at = window.last_at = now
        _append(session, actor, action, subject, now)
        return True
    raise RuntimeError("could not lock the refusal window")


def seal_refusal_repeats(session: Session, now: datetime) -> bool:
    """Housekeeping (a `Maintenance` fn): put the count of every passed window into the chain
    and drop the window, so the last repeats of a flood do not wait for the next refusal."""
    windows = list(session.scalars(
        select(RefusalWindow)
        .where(RefusalWindow.opened_at <= now - REFUSAL_WINDOW)
        .order_by(RefusalWindow.id)
        .limit(SEAL_BATCH)
        # All rows locked before any chain head: a refusal takes its row, then the head.
        .with_for_update(skip_locked=True)
    ))
    for window in windows:
        _seal(session, window, now)
        session.delete(window)  # the next refusal opens a new window
    return len(windows) == SEAL_BATCH


def _append(session: Session, actor: Actor, action: str, subject: str, now: datetime) -> None:
    audit.append(session, team_id=actor.team_id, actor=actor.user_id, action=action, subject=subject,
                 outcome="refused", at=now)


def _seal(session: Session, window: RefusalWindow, now: datetime) -> None:
    if window.repeats:
        audit.append(
            session, team_id=window.team_id, actor=window.actor, action=window.action, outcome=REPEATED,
            detail={"repeats": window.repeats, "since": window.opened_at.isoformat(),
                    "last": window.last_at.isoformat()},
            at=now,
        )
        window.repeats = 0
