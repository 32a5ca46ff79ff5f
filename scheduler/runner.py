"""APScheduler wiring: a short interval tick that calls the plain job functions.

APScheduler only provides the heartbeat; what is due lives in the database. Each tick:
(SQLite) renew the single-scheduler lock or stand by; run the periodic producers when
their interval has passed; drain due deliveries in batches.

Stopping: no new claims, the deliveries already being sent finish, claimed ones not yet
started are released (due again at once for another scheduler), the lock is given up.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from bot.core.context import AppContext
from scheduler.claim import acquire_lock, lock_holder, release_lock
from scheduler.jobs import DEFAULT_LEASE, run_due, run_periodic, worker_identity
from scheduler.notifier import Notifier, SlackNotifier

log = logging.getLogger("socialops.scheduler")

LOCK_LEASE = timedelta(seconds=30)


class SchedulerRunner:
    def __init__(
        self,
        ctx: AppContext,
        notifier: Notifier,
        *,
        interval: float = 2.0,
        batch: int = 100,
        concurrency: int = 4,
        lease: timedelta = DEFAULT_LEASE,
        lock_lease: timedelta = LOCK_LEASE,
        worker_id: str | None = None,
    ) -> None:
        self.ctx = ctx
        self.notifier = notifier
        self.interval = interval
        self.batch = batch
        self.concurrency = concurrency
        self.lease = lease
        self.lock_lease = lock_lease
        self.worker_id = worker_id or worker_identity()
        self.single = ctx.db.dialect == "sqlite"  # one scheduler per SQLite database
        self._stop = threading.Event()
        self._last_run: dict[str, datetime] = {}
        self._leader = False
        self._aps: BackgroundScheduler | None = None

    @property
    def active(self) -> bool:
        """False while standing by behind another scheduler holding the SQLite lock."""
        return self._leader or not self.single

    def start(self) -> SchedulerRunner:
        self._aps = BackgroundScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        self._aps.add_job(self.tick, "interval", seconds=self.interval, id="socialops-deliveries",
                          next_run_time=datetime.now(UTC))
        self._aps.start()
        log.info("scheduler started", extra={"worker": self.worker_id, "interval_s": self.interval})
        return self

    def _hold_lock(self, now: datetime) -> bool:
        held = acquire_lock(self.ctx.db, holder=self.worker_id, now=now, lease=self.lock_lease)
        if held != self._leader:
            if held:
                log.info("scheduler lock taken", extra={"worker": self.worker_id})
            else:
                holder = lock_holder(self.ctx.db)
                log.warning("another scheduler holds this SQLite database; standing by",
                            extra={"worker": self.worker_id, "holder": holder[0] if holder else "?"})
        self._leader = held
        return held

    def tick(self) -> int:
        """One heartbeat; how many deliveries were handled."""
        if self._stop.is_set():
            return 0
        try:
            now = self.ctx.clock()
            if self.single and not self._hold_lock(now):
                return 0
            run_periodic(self.ctx, now, last_run=self._last_run)
            total = 0
            while not self._stop.is_set():
                if total and self.single and not self._hold_lock(self.ctx.clock()):
                    break  # a long drain must keep renewing the lock, or give way
                handled = run_due(self.ctx, self.notifier, self.ctx.clock(), self.worker_id, self.batch,
                                  lease=self.lease, concurrency=self.concurrency, stop=self._stop)
                total += handled
                if handled < self.batch:
                    break
            if total:
                log.info("deliveries handled", extra={"worker": self.worker_id, "count": total})
            return total
        except Exception:
            # A database outage must not kill the heartbeat: the next tick tries again.
            log.exception("scheduler tick failed", extra={"worker": self.worker_id})
            return 0

    def stop(self, timeout: float = 30.0) -> None:
        """Graceful: finish what is being sent, release the rest, give up the lock."""
        self._stop.set()
        if self._aps is not None and self._aps.running:
            done = threading.Event()

            def shutdown() -> None:
                assert self._aps is not None
                self._aps.shutdown(wait=True)
                done.set()

            threading.Thread(target=shutdown, daemon=True).start()
            if not done.wait(timeout):
                log.error("scheduler did not stop in time; leases will expire", extra={"worker": self.worker_id})
        if self.single and self._leader:
            release_lock(self.ctx.db, holder=self.worker_id)
            self._leader = False
        log.info("scheduler stopped", extra={"worker": self.worker_id})


def start_for_runtime(rt: Any, **options: Any) -> SchedulerRunner:
    """`socialops run` starts this beside the web part; `.stop()` at exit."""
    runner = SchedulerRunner(rt.ctx, SlackNotifier(rt.client, client_for=rt.client_for), **options)
    rt.ctx.extras["scheduler"] = runner
    return runner.start()
