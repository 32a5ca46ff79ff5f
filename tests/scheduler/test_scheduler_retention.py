"""Pruning old deliveries: what is kept, in bounded batches, and never a second send."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import scheduler.jobs
import scheduler.maintenance
from bot.core.authz import Actor
from bot.core.feature import Feature
from bot.core.periodic import Producer, schedule_next_local
from bot.core.schedule import Outgoing, RenderContext
from bot.jobs import service as jobs_service
from scheduler.jobs import run_periodic, tick
from scheduler.maintenance import DONE_KEEP, prune_deliveries
from storage.db import Database
from storage.models import Delivery, Workspace
from tests.conftest import FakeClock
from tests.scheduler.kit import ADMIN, TEAM, FakeNotifier, add, make_ctx, rows

DAY = timedelta(days=1)
# Occurrences the retention kinds were rendered for, in order.
_rendered: list[datetime] = []


def _render(rc: RenderContext) -> list[Outgoing]:
    _rendered.append(rc.delivery.occurrence_at)
    return [Outgoing(to=rc.delivery.recipient or "C0GENERAL", text=f"#{rc.delivery.occurrence_at.isoformat()}")]


RETENTION = Feature(name="test.retention", renderers={"test.retention": _render})


def _row(session: Session, subject: str, state: str, at: datetime, *, due: datetime | None = None,
         sent: datetime | None = None) -> None:
    session.add(Delivery(team_id=TEAM, kind="test.retention", subject_id=subject, occurrence_at=at,
                         due_at=due or at, state=state, sent_at=sent, payload={}, parts_done=[]))


def _subjects(db: Database) -> set[str]:
    return {d.subject_id for d in rows(db, kind="test.retention")}


def test_prune_removes_old_finished_rows_and_keeps_the_rest(db: Database, clock: FakeClock) -> None:
    now = clock.now
    with db.uow() as s:
        _row(s, "sent_91d", "sent", now - 91 * DAY, sent=now - 91 * DAY)
        _row(s, "sent_89d", "sent", now - 89 * DAY, sent=now - 89 * DAY)
        _row(s, "cancelled_91d", "cancelled", now - 91 * DAY)
        _row(s, "cancelled_89d", "cancelled", now - 89 * DAY)
        # Retried by an admin 5 days ago: its occurrence is old, but it was just sent.
        _row(s, "retried_sent", "sent", now - 200 * DAY, due=now - 5 * DAY, sent=now - 5 * DAY)
        _row(s, "failed_200d", "failed", now - 200 * DAY)
        _row(s, "failed_370d", "failed", now - 370 * DAY)
        _row(s, "dead_200d", "dead", now - 200 * DAY)
        _row(s, "dead_370d", "dead", now - 370 * DAY)
        _row(s, "pending_400d", "pending", now - 400 * DAY)  # never finished: never pruned
        _row(s, "claimed_400d", "claimed", now - 400 * DAY)
    last: dict[str, datetime] = {}
    run_periodic(make_ctx(db, clock, RETENTION), now, last_run=last)
    assert "maintenance:deliveries.prune" in last
    assert _subjects(db) == {"sent_89d", "cancelled_89d", "retried_sent", "failed_200d", "dead_200d",
                             "pending_400d", "claimed_400d"}


def test_prune_deletes_in_bounded_batches_each_in_its_own_transaction(
    db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler.maintenance, "PRUNE_BATCH", 3)
    monkeypatch.setattr(scheduler.jobs, "MAINTENANCE_ROUNDS", 2)
    with db.uow() as s:
        for i in range(11):
            _row(s, f"old{i}", "sent", clock.now - 100 * DAY, sent=clock.now - 100 * DAY)
        _row(s, "recent", "sent", clock.now - DAY, sent=clock.now - DAY)
    with db.uow() as s:
        assert prune_deliveries(s, clock.now) is True  # a full batch: more may be left
    assert len(_subjects(db)) == 12 - 3
    ctx, last = make_ctx(db, clock, RETENTION), {}
    run_periodic(ctx, clock.now, last_run=last)  # two rounds of three: eight old → two old
    assert len(_subjects(db)) == 3
    run_periodic(ctx, clock.advance(minutes=5), last_run=last)  # not due again yet
    assert len(_subjects(db)) == 3
    run_periodic(ctx, clock.advance(minutes=5), last_run=last)
    assert _subjects(db) == {"recent"}
    with db.uow() as s:
        assert prune_deliveries(s, clock.now) is False


def test_a_pruned_repeat_occurrence_is_never_sent_again_even_after_an_admin_retry(
    db: Database, clock: FakeClock
) -> None:
    """A daily repeat for 120 days with pruning on every tick; day 0 failed permanently and
    is retried by an admin on day 120, after its successor (day 1) was long pruned."""
    ctx, fake = make_ctx(db, clock, RETENTION), FakeNotifier()
    start = clock.now
    _rendered.clear()
    fake.fail("C0REPEAT", "channel_not_found", permanent=True, times=1)
    first = add(db, start, kind="test.retention", to="C0REPEAT", repeat=DAY)
    for _ in range(120):
        tick(ctx, fake, clock.now)  # producers + housekeeping + due deliveries
        clock.advance(days=1)
    assert _rendered == [start + k * DAY for k in range(120)]  # each occurrence rendered once
    assert len(fake.to("C0REPEAT")) == 119  # day 0 failed
    kept = rows(db, kind="test.retention")
    # The last tick (a day ago) pruned everything older than 90 days before it.
    assert min(d.occurrence_at for d in kept if d.id != first) == clock.now - DAY - DONE_KEEP
    assert [d.state for d in kept if d.id == first] == ["failed"]  # a failure waits for the admin

    # Day 120, 12:00: the admin retries day 0. It is sent once, late; the next occurrence it
    # would create is the first one after now (day 121), which already exists.
    tick(ctx, fake, clock.now)  # day 120's own occurrence
    clock.advance(hours=3)
    with db.uow() as s:
        jobs_service.retry(s, Actor(TEAM, ADMIN), first, clock.now)
    _rendered.clear()
    tick(ctx, fake, clock.now)
    assert _rendered == [start]
    for _ in range(3):
        tick(ctx, fake, clock.advance(days=1))
    assert _rendered == [start] + [start + k * DAY for k in (121, 122, 123)]
    assert len(fake.to("C0REPEAT")) == 119 + 1 + 1 + 3
    with db.uow() as s:
        per_occurrence = s.execute(
            select(Delivery.occurrence_at, func.count()).where(Delivery.kind == "test.retention")
            .group_by(Delivery.occurrence_at).having(func.count() > 1)
        ).all()
    assert per_occurrence == []
    # Nothing older than the retry's own occurrence was re-created.
    assert not [d for d in rows(db, kind="test.retention") if start < d.occurrence_at < start + 30 * DAY]


def _produce(session: Session, team_id: str, now: datetime) -> None:
    schedule_next_local(session, team_id=team_id, kind="test.retention", subject_id=team_id, now=now,
                        tz="Europe/Madrid", hour=9, recipient="C0DAILY")


DAILY_PRODUCER = Feature(name="test.retention_daily", producers=(Producer("test.retention_daily", _produce),))


def test_a_producer_never_recreates_a_pruned_occurrence(db: Database, clock: FakeClock) -> None:
    with db.uow() as s:
        s.add(Workspace(team_id=TEAM, timezone="Europe/Madrid", language="en"))
    ctx, fake = make_ctx(db, clock, RETENTION, DAILY_PRODUCER), FakeNotifier()
    _rendered.clear()
    day0 = datetime(2026, 3, 2, 6, tzinfo=UTC)
    for k in range(100):
        # Before 09:00 local the producer makes today's occurrence; the afternoon tick sends it
        # (and runs the producer and housekeeping again).
        clock.set(day0 + k * DAY)
        tick(ctx, fake, clock.now)
        clock.set(day0 + k * DAY + timedelta(hours=8))
        tick(ctx, fake, clock.now)
    sent_days = [t.date() for t in _rendered]
    assert len(fake.to("C0DAILY")) == len(_rendered) == 100
    assert sent_days == sorted(set(sent_days))  # one per day, none twice
    kept = rows(db, kind="test.retention")
    assert min(d.occurrence_at for d in kept) > clock.now - DONE_KEEP - DAY
    assert len(kept) <= 92  # pruning kept the table bounded
