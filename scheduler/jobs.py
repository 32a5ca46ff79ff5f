"""The scheduler's tick, as plain functions of (context, notifier, now).

`run_due` claims due deliveries, sends each through its kind's renderer and records the
outcome; `run_periodic` runs the calendar producers and housekeeping; `tick` does both
until nothing is due (what tests call with a fake clock). The APScheduler runner
(scheduler/runner.py) only calls these on an interval.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import select

from bot.core.context import AppContext
from scheduler import deliver, dm_channels
from scheduler.claim import claim_due, claim_subject, extend, release
from scheduler.dm_channels import DmCache, DmChanges
from scheduler.notifier import Notifier, SlackNotifier
from storage.models import Workspace

log = logging.getLogger("socialops.scheduler")

DEFAULT_LEASE = timedelta(minutes=5)
# Batches one housekeeping job may do per run (each in its own transaction).
MAINTENANCE_ROUNDS = 10
# Deliveries sent in full are recorded together: at most this many, or after this many
# seconds (the window in which a crash makes them go again after their lease).
RECORD_BATCH = 50
RECORD_WAIT = 0.5
# A batch renews its leases once this fraction of the lease has gone by.
LEASE_RENEW_AFTER = 0.2
# Deliveries rendered per transaction (one query loads them; on SQLite the write lock is
# held for those few renderers, a millisecond or so, never across a send).
RENDER_CHUNK = 10


def worker_identity() -> str:
    """Who holds a claim: host, process and a random tag (pids are reused across restarts)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _context(target: Any) -> AppContext:
    """Accept an AppContext or a Runtime (which has .ctx)."""
    ctx = getattr(target, "ctx", target)
    assert isinstance(ctx, AppContext)
    return ctx


def _notifier(notifier: Notifier | WebClient | None, target: Any) -> Notifier:
    if notifier is None:
        notifier = getattr(target, "client", None)
        if notifier is None:
            raise TypeError("pass a notifier (or a Runtime, whose client is used)")
    if not isinstance(notifier, WebClient):
        return notifier
    # A Runtime's own client: with each workspace's token (OAuth installs), as `socialops run` sends.
    return SlackNotifier(notifier, client_for=getattr(target, "client_for", None))


def deliver_one(
    ctx: AppContext, notifier: Notifier, delivery_id: int, worker_id: str, now: datetime,
    lease: timedelta = DEFAULT_LEASE, languages: dict[str, str] | None = None,
) -> str:
    """Render, send and record one claimed delivery; its new state."""
    rendered = deliver.render(ctx, delivery_id, worker_id, now, lease, languages)
    if rendered is None:
        return "not_sent"
    result = deliver.send(notifier, rendered, deliver.progress_recorder(ctx, worker_id))
    if result.clean:
        return deliver.record_sent(ctx, [(rendered, result)], worker_id, now)[delivery_id]
    return deliver.record(ctx, rendered, result, worker_id, now)


def deliver_subject(
    ctx: AppContext, notifier: Notifier, *, team_id: str, kind: str, subject_id: str, worker_id: str,
    now: datetime, lease: timedelta = DEFAULT_LEASE,
) -> list[str]:
    """Send now the due deliveries of one (workspace, kind, subject); their new states.

    The transactional outbox's fast path: a decision schedules its notices (chat.update of the
    approvals message, the requester's DM) as deliveries in its own transaction, and the request's
    after-ack work sends them at once through here. Killed before or during the send, the rows
    are still there: the scheduler's tick sends them (a claimed one once its lease runs out).
    A transient Slack failure is retried by the scheduler with its backoff, not here."""
    ids = claim_subject(ctx.db, worker_id=worker_id, now=now, lease=lease, team_id=team_id, kind=kind,
                        subject_id=subject_id)
    return [deliver_one(ctx, notifier, delivery_id, worker_id, now, lease) for delivery_id in ids]


class _Recorder:
    """Deliveries sent in full, recorded together: one transaction per RECORD_BATCH rows or
    RECORD_WAIT seconds, whichever comes first (a crash in between sends those again when
    their lease runs out, so the wait is kept short). The DM channels the notifier opened
    are written in the same transaction."""

    def __init__(self, ctx: AppContext, notifier: Notifier, worker_id: str, clock: Callable[[], datetime]) -> None:
        self.ctx, self.notifier, self.worker_id, self.clock = ctx, notifier, worker_id, clock
        self.pending: list[tuple[deliver.Rendered, deliver.SendResult]] = []
        self.since = 0.0
        self.lock = threading.Lock()

    def add(self, rendered: deliver.Rendered, result: deliver.SendResult) -> None:
        with self.lock:
            if not self.pending:
                self.since = time.monotonic()
            self.pending.append((rendered, result))
            if len(self.pending) >= RECORD_BATCH or time.monotonic() - self.since >= RECORD_WAIT:
                self._flush()

    def flush(self) -> None:
        with self.lock:
            self._flush()

    def _flush(self) -> None:
        batch, self.pending = self.pending, []
        changes = self.notifier.take_dm_changes() if isinstance(self.notifier, DmCache) else DmChanges()
        if not batch and not changes:
            return
        now = self.clock()
        deliver.record_sent(self.ctx, batch, self.worker_id, now,
                            also=(lambda session: dm_channels.save(session, changes, now)) if changes else None)


def run_due(
    ctx: AppContext | Any,
    notifier: Notifier | WebClient | None = None,
    now: datetime | None = None,
    worker_id: str | None = None,
    limit: int = 100,
    *,
    lease: timedelta = DEFAULT_LEASE,
    concurrency: int = 1,
    stop: threading.Event | None = None,
    after_claim: Callable[[list[int]], None] | None = None,
) -> int:
    """Claim up to `limit` due deliveries and bring each to an outcome; how many were handled.

    `now` is the tick's time (a fake clock in tests); time spent sending is added to it for
    the outcome and the lease renewals, so a long batch never outlives its leases.
    `stop` set: deliveries not started yet are released for another worker at once.
    `after_claim` is a test hook (e.g. to kill the process between claim and send).
    """
    target = ctx
    ctx = _context(target)
    sender = _notifier(notifier, target)
    now = now or ctx.clock()
    worker_id = worker_id or worker_identity()
    started = time.monotonic()

    def current() -> datetime:
        return now + timedelta(seconds=time.monotonic() - started)

    kinds = ctx.registries.renderers.keys()
    ids = claim_due(ctx.db, worker_id=worker_id, now=now, limit=limit, lease=lease, kinds=kinds)
    if not ids:
        return 0
    if after_claim is not None:
        after_claim(ids)
    if isinstance(sender, DmCache):
        try:
            for team_id, channels in dm_channels.known_for(ctx.db, ids).items():
                sender.remember_dms(team_id, channels)
        except Exception:
            # Only an optimisation: without it the sends open the DMs they need.
            log.exception("reading the stored DM channels failed", extra={"worker": worker_id})
    handled: set[int] = set()
    guard = threading.Lock()
    languages: dict[str, str] = {}
    recorder = _Recorder(ctx, sender, worker_id, current)
    progress = deliver.progress_recorder(ctx, worker_id)
    renewed = [time.monotonic()]

    def renew_leases() -> None:
        # The claim set every lease; a batch slowed down (rate limits) renews them well
        # before they run out, so no other worker takes over a row still being sent.
        with guard:
            if time.monotonic() - renewed[0] < lease.total_seconds() * LEASE_RENEW_AFTER:
                return
            renewed[0] = time.monotonic()
        extend(ctx.db, ids, worker_id, current() + lease)

    def finish(rendered: deliver.Rendered, at: datetime) -> None:
        try:
            renew_leases()  # also from here: the pool's sends may outlast the rendering
            # Not checking `stop` here: a delivery whose rendering began goes out.
            result = deliver.send(sender, rendered, progress)
            if result.clean:
                recorder.add(rendered, result)
            else:
                deliver.record(ctx, rendered, result, worker_id, at)
        except Exception:
            # The database went away mid-way: keep the claim; its lease expiry retries it.
            log.exception("delivery crashed", extra={"delivery": rendered.delivery_id})
        with guard:
            handled.add(rendered.delivery_id)

    def stopping() -> bool:
        return stop is not None and stop.is_set()

    def deliver_chunks(submit: Callable[[deliver.Rendered, datetime], object]) -> None:
        for start in range(0, len(ids), RENDER_CHUNK):
            if stopping():
                return
            chunk = ids[start:start + RENDER_CHUNK]
            at = current()
            try:
                renew_leases()
                rendered = deliver.render_many(ctx, chunk, worker_id, at, languages, stop=stopping)
            except Exception:
                log.exception("rendering crashed", extra={"deliveries": chunk})
                with guard:
                    handled.update(chunk)  # claims kept, as above
                continue
            with guard:
                # Nothing to send (cancelled, lost, failed to render); the ones not started are released.
                handled.update(i for i, one in rendered.items() if one is None)
            for delivery_id in chunk:
                one = rendered.get(delivery_id)
                if one is not None:
                    submit(one, at)

    try:
        if concurrency <= 1:
            deliver_chunks(finish)
        else:
            # Rendering (short transactions) stays on this thread; the sends go to the pool. It
            # renders only a little ahead of the sends: what it renders is sent soon after.
            ahead = threading.Semaphore(concurrency + RENDER_CHUNK)

            def queued(rendered: deliver.Rendered, at: datetime) -> None:
                try:
                    finish(rendered, at)
                finally:
                    ahead.release()

            def submit(rendered: deliver.Rendered, at: datetime) -> None:
                ahead.acquire()
                pool.submit(queued, rendered, at)

            with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="deliver") as pool:
                deliver_chunks(submit)
    finally:
        try:
            recorder.flush()
        except Exception:
            log.exception("recording sent deliveries failed; their leases will retry them",
                          extra={"worker": worker_id})
        unsent = [i for i in ids if i not in handled]
        if unsent:
            release(ctx.db, unsent, worker_id)
    return len(handled)


def run_periodic(
    ctx: AppContext | Any, now: datetime | None = None, *, last_run: MutableMapping[str, datetime] | None = None
) -> int:
    """Run the producers (per workspace) and housekeeping that are due; how many calls ran.

    `last_run` remembers when each last ran (the runner keeps one per process); without
    it everything runs. Producers are idempotent, so replicas running them too is harmless.
    """
    ctx = _context(ctx)
    now = now or ctx.clock()
    memory: MutableMapping[str, datetime] = last_run if last_run is not None else {}

    def due(name: str, every: timedelta) -> bool:
        last = memory.get(name)
        if last is not None and now - last < every:
            return False
        memory[name] = now
        return True

    calls = 0
    producers = [p for p in ctx.registries.producers.values() if due(f"producer:{p.name}", p.every)]
    if producers:
        with ctx.db.uow() as session:
            # An uninstalled workspace gets nothing new until it installs the app again.
            teams = list(session.scalars(select(Workspace.team_id).where(Workspace.uninstalled_at.is_(None))))
        for producer in producers:
            for team_id in teams:
                try:
                    with ctx.db.uow() as session:
                        producer.fn(session, team_id, now)
                    calls += 1
                except Exception:
                    log.exception("periodic producer failed", extra={"job": producer.name, "team": team_id})
    for job in ctx.registries.maintenance.values():
        if due(f"maintenance:{job.name}", job.every):
            try:
                # One short transaction per batch (SQLite has one writer: a long delete would
                # stall every delivery); a backlog is worked off over several runs.
                for _ in range(MAINTENANCE_ROUNDS):
                    with ctx.db.uow() as session:
                        more = job.fn(session, now)
                    calls += 1
                    if not more:
                        break
            except Exception:
                log.exception("housekeeping failed", extra={"job": job.name})
    return calls


def tick(
    ctx: AppContext | Any,
    notifier: Notifier | WebClient | None = None,
    now: datetime | None = None,
    worker_id: str = "tick",
    *,
    periodic: bool = True,
) -> int:
    """Producers, then every due delivery until none is left; how many were handled.

    For tests: `tick(rt)` (uses rt.client and rt.ctx.clock), or
    `tick(rt, now=clock.advance(hours=1))`.
    """
    ctx_ = _context(ctx)
    sender = _notifier(notifier, ctx)
    now = now or ctx_.clock()
    if periodic:
        run_periodic(ctx_, now)
    total = 0
    while True:
        handled = run_due(ctx_, sender, now, worker_id)
        total += handled
        if handled == 0:
            return total
