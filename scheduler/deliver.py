"""One claimed delivery, from render to outcome, in three short steps.

The claim (scheduler/claim.py) already counted the attempt and set the lease.

1. Render (one transaction that writes nothing of ours): check we still hold the claim, work
   out lateness and coalesced repeats, ask the kind's renderer what to send.
2. Send (no transaction open: a slow Slack never holds a database lock).
3. Record, conditional on still holding the claim. The common outcome, everything sent, is
   recorded for a batch of deliveries at once (`record_sent`: one UPDATE … RETURNING and one
   executemany); the others one by one (`record`): failed (permanent error: the admins are
   told once), back to pending with backoff (transient error), or dead after MAX_ATTEMPTS.
   Either way the next occurrence of a repeating delivery is created in that transaction.

Exactly once: the claim makes sure nobody else sends the row while we do. The one window
left is a crash between Slack's answer and step 3 (for a batch, at most about half a second:
scheduler.jobs.RECORD_WAIT), after which the row is sent again when the lease runs out — at
least once, never lost.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from bot.core.context import AppContext
from bot.core.i18n import Translator
from bot.core.schedule import DeliveryFailed, Outgoing, RenderContext
from bot.core.workspace import language_of
from scheduler.alerts import alert_admins
from scheduler.notifier import Notifier, PermanentSendError, TransientSendError
from storage import audit
from storage.models import Delivery
from storage.upsert import insert_ignore

log = logging.getLogger("socialops.scheduler")

LATE_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 5
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
SYSTEM_ACTOR = "socialops"


def backoff(attempts: int, retry_after: float | None = None) -> timedelta:
    """30 s, 2 min, 8 min, 32 min, then hourly (+ up to 10 % jitter); at least Retry-After."""
    factor: int = 4 ** min(max(attempts - 1, 0), 10)
    delay = min(BACKOFF_BASE * factor, BACKOFF_CAP)
    delay *= 1 + random.random() / 10
    return max(delay, timedelta(seconds=retry_after or 0))


@dataclass
class Rendered:
    delivery_id: int
    team_id: str
    outgoing: list[Outgoing]
    done: set[int]
    # Worked out at render time, written with the outcome.
    late_by_seconds: int = 0
    coalesced: int = 0
    # The claimed row as rendered (detached): what the batch record needs for the next repeat.
    delivery: Delivery | None = None


@dataclass
class SendResult:
    sent: list[tuple[int, str, str]] = field(default_factory=list)  # (part, channel, ts)
    permanent: list[PermanentSendError] = field(default_factory=list)
    transient: TransientSendError | None = None
    # Parts already recorded as done, with their on_sent hook, before the outcome (`Progress`).
    recorded: set[int] = field(default_factory=set)

    @property
    def clean(self) -> bool:
        """Every part went out: recorded in a batch (`record_sent`)."""
        return self.transient is None and not self.permanent


class _RendererFailed(Exception):
    """Carries a renderer's exception out of the unit of work, so its writes roll back."""

    def __init__(self, exc: Exception, d: Delivery) -> None:
        super().__init__(type(exc).__name__)
        self.exc, self.team_id, self.kind = exc, d.team_id, d.kind


def _mine(session: Session, delivery_id: int, worker_id: str) -> Delivery | None:
    return session.scalars(
        select(Delivery)
        .where(Delivery.id == delivery_id, Delivery.claimed_by == worker_id, Delivery.state == "claimed")
        .with_for_update()
    ).one_or_none()


def render(
    ctx: AppContext, delivery_id: int, worker_id: str, now: datetime, lease: timedelta | None = None,
    languages: dict[str, str] | None = None,
) -> Rendered | None:
    """Step 1. None when there is nothing to send (lease lost, cancelled, render failed).

    `languages` caches each workspace's language for one batch (one query, not one per message).
    `lease` is unused (the claim sets it, scheduler.claim.extend renews it); kept for callers.
    """
    try:
        with ctx.db.uow() as session:
            return _render(ctx, session, _mine(session, delivery_id, worker_id), delivery_id, worker_id, now,
                           languages)
    except _RendererFailed as failed:
        # The renderer's writes are rolled back with the unit of work; the bookkeeping is not.
        log.error("renderer failed", exc_info=failed.exc,
                  extra={"team": failed.team_id, "kind": failed.kind, "delivery": delivery_id})
        with ctx.db.uow() as session:
            d = _mine(session, delivery_id, worker_id)
            if d is not None:
                _transient(ctx, session, d, f"render_error:{type(failed.exc).__name__}", None, now)
        return None


def render_many(
    ctx: AppContext, delivery_ids: list[int], worker_id: str, now: datetime,
    languages: dict[str, str] | None = None, *, stop: Callable[[], bool] = lambda: False,
) -> dict[int, Rendered | None]:
    """Step 1 for a few deliveries in one transaction (one query loads them all).

    Should a renderer raise, that transaction is rolled back and each is rendered again
    in its own (`render`), so one broken renderer costs only its own delivery an attempt.
    Once `stop()` is true no further one is started: those are missing from the answer.
    """
    done: dict[int, Rendered | None] = {}
    try:
        with ctx.db.uow() as session:
            found = {d.id: d for d in session.scalars(
                select(Delivery)
                .where(Delivery.id.in_(delivery_ids), Delivery.claimed_by == worker_id, Delivery.state == "claimed")
                .with_for_update()
            )}
            for i in delivery_ids:
                if stop():
                    break
                done[i] = _render(ctx, session, found.get(i), i, worker_id, now, languages)
        return done
    except _RendererFailed:
        done = {}
        for i in delivery_ids:
            if stop():
                break
            done[i] = render(ctx, i, worker_id, now, None, languages)
        return done


def _render(
    ctx: AppContext, session: Session, d: Delivery | None, delivery_id: int, worker_id: str, now: datetime,
    languages: dict[str, str] | None,
) -> Rendered | None:
    if d is None:
        log.warning("claim lost before sending", extra={"delivery": delivery_id, "worker": worker_id})
        return None
    if d.attempts > MAX_ATTEMPTS:
        # Every earlier attempt died between render and record (the worker crashed or was
        # killed each time): a poison message. Set it aside instead of crashing again.
        _transient(ctx, session, d, "crashed_while_sending", None, now)
        return None
    late_by = max(0, int((now - d.occurrence_at).total_seconds()))
    # Downtime: every repeat that fell due meanwhile is folded into this one message.
    coalesced = late_by // d.repeat_seconds if d.repeat_seconds else 0
    # Seen by the renderer but not written now: the outcome's statement writes them.
    set_committed_value(d, "late_by_seconds", late_by)
    set_committed_value(d, "coalesced", coalesced)
    renderer = ctx.registries.renderers.get(d.kind)
    assert renderer is not None  # claim_due only claims kinds with a renderer
    tr = Translator(_language(session, ctx, d.team_id, languages), ctx.registries.catalog)
    rc = RenderContext(
        session=session, delivery=d, tr=tr,
        now=now, late=late_by > LATE_AFTER.total_seconds(), late_by_seconds=late_by, coalesced=coalesced, app=ctx,
    )
    try:
        outgoing = renderer(rc)
    except Exception as exc:
        raise _RendererFailed(exc, d) from exc
    if outgoing is None:
        # No longer needed (the task was done meanwhile): the series ends here too.
        session.execute(
            update(Delivery).where(Delivery.id == d.id)
            .values(state="cancelled", claimed_until=None, late_by_seconds=late_by, coalesced=coalesced)
            .execution_options(synchronize_session=False)
        )
        return None
    return Rendered(d.id, d.team_id, list(outgoing), set(d.parts_done or []), late_by, coalesced, d)


def _language(session: Session, ctx: AppContext, team_id: str, cache: dict[str, str] | None) -> str:
    if cache is None:
        return language_of(session, ctx.settings, team_id)
    if team_id not in cache:
        cache[team_id] = language_of(session, ctx.settings, team_id)
    return cache[team_id]


Progress = Callable[[Rendered, SendResult, int, str, str], None]


def send(notifier: Notifier, rendered: Rendered, progress: Progress | None = None) -> SendResult:
    """Step 2. Every part not sent before; a transient error stops (the rest goes on retry).

    With `progress`, each part that went out while others are still to go is recorded at once
    (see `Progress`), so a crash mid-way repeats only the part in flight, never the ones before."""
    result = SendResult()
    todo = [part for part in range(len(rendered.outgoing)) if part not in rendered.done]
    for part in todo:
        out = rendered.outgoing[part]
        try:
            channel, ts = notifier.send(out, team_id=rendered.team_id) if out.deliver is None else _own(out)
        except PermanentSendError as exc:
            result.permanent.append(exc)  # other recipients still get theirs
        except TransientSendError as exc:
            result.transient = exc
            break
        else:
            result.sent.append((part, channel, ts))
            if progress is not None and part != todo[-1]:
                progress(rendered, result, part, channel, ts)
    return result


def progress_recorder(ctx: AppContext, worker_id: str) -> Progress:
    """Record a part of a delivery as done the moment it went out, with its on_sent hook, in one
    transaction (conditional on the claim still being ours).

    A delivery of several messages (an approvals message redrawn, then the author's DM) is
    otherwise recorded when its last part is sent: a process killed in between sends every part
    again after the lease. Recorded part by part, a kill repeats at most the one message in flight.
    The part's on_sent hook runs in the same transaction (`_run_hooks`)."""

    def record_part(rendered: Rendered, result: SendResult, part: int, channel: str, ts: str) -> None:
        parts = sorted(rendered.done | {p for p, _, _ in result.sent})
        try:
            with ctx.db.uow() as session:
                ours = session.execute(
                    update(Delivery)
                    .where(Delivery.id == rendered.delivery_id, Delivery.claimed_by == worker_id,
                           Delivery.state == "claimed")
                    .values(parts_done=parts).execution_options(synchronize_session=False))
                if getattr(ours, "rowcount", 0):
                    _run_hooks(session, rendered, result, {part})
        except Exception:
            # The outcome records it (or the part goes again after the lease, hooks and all).
            log.exception("recording a sent part failed", extra={"delivery": rendered.delivery_id, "part": part})

    return record_part


def _own(out: Outgoing) -> tuple[str, str]:
    """An Outgoing that delivers itself (not a Slack message): its failures sorted like Slack's."""
    assert out.deliver is not None
    try:
        return out.deliver()
    except DeliveryFailed as exc:
        if exc.transient:
            raise TransientSendError(exc.code, to=out.to, retry_after=exc.retry_after) from None
        raise PermanentSendError(exc.code, to=out.to) from None


def record(
    ctx: AppContext, rendered: Rendered, result: SendResult, worker_id: str, now: datetime
) -> str:
    """Step 3. The delivery's new state ("lost" if our claim was taken over meanwhile)."""
    with ctx.db.uow() as session:
        d = _mine(session, rendered.delivery_id, worker_id)
        if d is None:
            log.error("claim lost while sending", extra={"delivery": rendered.delivery_id, "worker": worker_id})
            return "lost"
        d.late_by_seconds, d.coalesced = rendered.late_by_seconds, rendered.coalesced
        d.parts_done = sorted(rendered.done | {part for part, _, _ in result.sent})
        if result.transient is not None:
            _transient(ctx, session, d, result.transient.code, result.transient.retry_after, now)
        elif result.permanent:
            d.state, d.claimed_until = "failed", None
            d.last_error = ",".join(sorted({e.code for e in result.permanent}))
            audit.append(session, team_id=d.team_id, actor=SYSTEM_ACTOR, action="delivery.failed",
                         subject=str(d.id), outcome="error", at=now,
                         detail={"kind": d.kind, "error": d.last_error, "to": sorted({e.to for e in result.permanent})})
            for exc in result.permanent:
                alert_admins(session, team_id=d.team_id, problem=exc.code, recipient=exc.to, delivery=d, now=now,
                             env_admins=ctx.settings.socialops_admins)
        else:
            d.state, d.sent_at, d.claimed_until, d.last_error = "sent", now, None, None
        if d.state in ("sent", "failed"):  # (dead: done in _transient)
            _next_repeat(session, d)
        state = d.state
        _run_hooks(session, rendered, result)
    return state


_TABLE = cast(Table, Delivery.__table__)
# The per-row part of a batch record, one execution per row (executemany).
_SENT_DETAIL = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("b_id"))
    .values(late_by_seconds=bindparam("b_late"), coalesced=bindparam("b_coalesced"), parts_done=bindparam("b_parts"))
)


def record_sent(
    ctx: AppContext, batch: list[tuple[Rendered, SendResult]], worker_id: str, now: datetime,
    *, also: Callable[[Session], None] | None = None,
) -> dict[int, str]:
    """Step 3 for deliveries whose every part went out: one transaction for the batch.

    Conditional, like `record`: a row whose claim was taken over meanwhile is "lost" (logged),
    the others "sent". `also(session)` adds writes to the same transaction (the DM channels
    the sends opened). Each delivery's on_sent hooks run afterwards.
    """
    by_id = {rendered.delivery_id: (rendered, result) for rendered, result in batch}
    states: dict[int, str] = {}
    with ctx.db.uow() as session:
        ours: set[int] = set()
        if by_id:
            ours = set(session.scalars(
                update(Delivery)
                .where(Delivery.id.in_(list(by_id)), Delivery.claimed_by == worker_id, Delivery.state == "claimed")
                .values(state="sent", sent_at=now, claimed_until=None, last_error=None)
                .returning(Delivery.id)
                .execution_options(synchronize_session=False)
            ))
        if ours:
            session.execute(_SENT_DETAIL, [
                {"b_id": i, "b_late": by_id[i][0].late_by_seconds, "b_coalesced": by_id[i][0].coalesced,
                 "b_parts": sorted(by_id[i][0].done | {part for part, _, _ in by_id[i][1].sent})}
                for i in sorted(ours)
            ])
        for delivery_id, (rendered, _) in by_id.items():
            if delivery_id not in ours:
                log.error("claim lost while sending", extra={"delivery": delivery_id, "worker": worker_id})
                states[delivery_id] = "lost"
                continue
            states[delivery_id] = "sent"
            if rendered.delivery is not None and rendered.delivery.repeat_seconds:
                _next_repeat(session, rendered.delivery)
        for delivery_id in sorted(ours):
            _run_hooks(session, *by_id[delivery_id])
        if also is not None:
            also(session)
    return states


def _transient(
    ctx: AppContext, session: Session, d: Delivery, code: str, retry_after: float | None, now: datetime
) -> None:
    d.last_error = code
    d.claimed_until = None
    if code == "ratelimited":
        # Slack asking us to slow down is not the delivery failing: it does not count
        # towards dead-lettering (a burst of 10,000 reminders must not lose any).
        d.attempts = max(d.attempts - 1, 0)
        d.state, d.claimed_by = "pending", None
        d.due_at = now + timedelta(seconds=max(retry_after or 1.0, 1.0))
        return
    if d.attempts < MAX_ATTEMPTS:
        d.state, d.claimed_by = "pending", None
        d.due_at = now + backoff(d.attempts, retry_after)
        return
    d.state = "dead"
    audit.append(session, team_id=d.team_id, actor=SYSTEM_ACTOR, action="delivery.dead", subject=str(d.id),
                 outcome="error", at=now, detail={"kind": d.kind, "error": code, "attempts": d.attempts})
    alert_admins(session, team_id=d.team_id, problem="dead", recipient=d.recipient or d.kind, delivery=d, now=now,
                 env_admins=ctx.settings.socialops_admins)
    _next_repeat(session, d)


def _next_repeat(session: Session, d: Delivery) -> None:
    if not d.repeat_seconds:
        return
    step = timedelta(seconds=d.repeat_seconds)
    insert_ignore(
        session,
        Delivery,
        {
            "team_id": d.team_id, "kind": d.kind, "subject_id": d.subject_id,
            "occurrence_at": d.occurrence_at + step * (d.coalesced + 1),
            "due_at": d.occurrence_at + step * (d.coalesced + 1), "recipient": d.recipient,
            "payload": d.payload, "repeat_seconds": d.repeat_seconds, "state": "pending", "attempts": 0,
            "coalesced": 0, "parts_done": [],
        },
    )


def _run_hooks(session: Session, rendered: Rendered, result: SendResult, parts: set[int] | None = None) -> None:
    """The sent parts' on_sent hooks, in the transaction that records them as sent: a delivery
    recorded as sent has always had its hooks (a posted message's place remembered), and one
    never recorded is sent again with them. Each in a savepoint: a failing hook cannot undo the
    record of a send (it is logged; the message went)."""
    for part, channel, ts in result.sent:
        hook: Callable[[Session, str, str], None] | None = rendered.outgoing[part].on_sent
        if hook is None or part in result.recorded or (parts is not None and part not in parts):
            continue
        try:
            with session.begin_nested():
                hook(session, channel, ts)
        except Exception:
            log.exception("on_sent hook failed", extra={"delivery": rendered.delivery_id, "part": part})
        result.recorded.add(part)
