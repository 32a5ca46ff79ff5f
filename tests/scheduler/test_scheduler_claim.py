"""Claims, leases, take-over, release and the SQLite single-scheduler lock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scheduler.claim import acquire_lock, claim_due, lock_holder, release, release_lock
from scheduler.jobs import run_due
from storage.db import Database
from tests.conftest import FakeClock
from tests.scheduler.kit import FakeNotifier, add, make_ctx, row

LEASE = timedelta(minutes=5)


def test_claim_takes_due_rows_once_oldest_first(db: Database, clock: FakeClock) -> None:
    late = add(db, clock.now - timedelta(hours=1), subject="late")
    due = add(db, clock.now, subject="due")
    add(db, clock.now + timedelta(seconds=1), subject="future")
    assert claim_due(db, worker_id="a", now=clock.now, limit=1, lease=LEASE) == [late]
    assert claim_due(db, worker_id="b", now=clock.now, limit=10, lease=LEASE) == [due]
    assert claim_due(db, worker_id="c", now=clock.now, limit=10, lease=LEASE) == []
    d = row(db, late)
    assert (d.state, d.claimed_by, d.claimed_until) == ("claimed", "a", clock.now + LEASE)


def test_expired_lease_is_taken_over_but_not_before(db: Database, clock: FakeClock) -> None:
    did = add(db, clock.now)
    assert claim_due(db, worker_id="dead", now=clock.now, limit=10, lease=LEASE) == [did]
    assert claim_due(db, worker_id="b", now=clock.now + LEASE, limit=10, lease=LEASE) == []
    assert claim_due(db, worker_id="b", now=clock.now + LEASE + timedelta(seconds=1), limit=10, lease=LEASE) == [did]
    assert row(db, did).claimed_by == "b"


def test_release_gives_back_only_my_unsent_claims(db: Database, clock: FakeClock) -> None:
    mine, theirs = add(db, clock.now, subject="m"), add(db, clock.now, subject="t")
    claim_due(db, worker_id="me", now=clock.now, limit=1, lease=LEASE)
    claim_due(db, worker_id="other", now=clock.now, limit=1, lease=LEASE)
    assert release(db, [mine, theirs], "me") == 1
    assert (row(db, mine).state, row(db, mine).claimed_by) == ("pending", None)
    assert row(db, theirs).claimed_by == "other"


def test_claim_only_kinds_this_worker_can_render(db: Database, clock: FakeClock) -> None:
    known = add(db, clock.now, kind="test.ping")
    add(db, clock.now, kind="other.kind")
    assert claim_due(db, worker_id="w", now=clock.now, limit=10, lease=LEASE, kinds=["test.ping"]) == [known]


def test_a_worker_that_lost_its_claim_does_not_send(db: Database, clock: FakeClock) -> None:
    """A stalled worker whose lease was taken over must not send the row as well."""
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    did = add(db, clock.now)
    stalled_at = clock.now

    def stall(ids: list[int]) -> None:
        # While "stalled", the lease expires and another worker sends the row.
        assert run_due(ctx, fake, stalled_at + LEASE + timedelta(seconds=1), "fast") == 1

    assert run_due(ctx, fake, stalled_at, "slow", after_claim=stall) == 1
    assert len(fake.sent) == 1
    assert (row(db, did).state, row(db, did).claimed_by) == ("sent", "fast")


def test_stop_releases_claims_not_started(db: Database, clock: FakeClock) -> None:
    import threading

    ctx, fake = make_ctx(db, clock), FakeNotifier()
    ids = [add(db, clock.now, subject=i) for i in range(3)]
    stop = threading.Event()
    assert run_due(ctx, fake, clock.now, "w", stop=stop, after_claim=lambda _ids: stop.set()) == 0
    assert [row(db, i).state for i in ids] == ["pending"] * 3
    assert fake.sent == []


def test_sqlite_lock_one_holder_standby_takes_over_after_lease(db: Database, clock: FakeClock) -> None:
    if db.dialect != "sqlite":
        pytest.skip("the single-scheduler lock is for SQLite")
    lease = timedelta(seconds=30)
    assert acquire_lock(db, holder="a", now=clock.now, lease=lease)
    assert not acquire_lock(db, holder="b", now=clock.now, lease=lease)
    assert acquire_lock(db, holder="a", now=clock.advance(seconds=20), lease=lease)  # heartbeat renews
    assert not acquire_lock(db, holder="b", now=clock.advance(seconds=20), lease=lease)
    assert lock_holder(db) == ("a", clock.now + timedelta(seconds=10))
    assert acquire_lock(db, holder="b", now=clock.advance(seconds=11), lease=lease)  # "a" died
    assert not acquire_lock(db, holder="a", now=clock.now, lease=lease)
    release_lock(db, holder="b")
    assert acquire_lock(db, holder="a", now=clock.now, lease=lease)


@pytest.mark.parametrize("concurrency", [1, 3])
def test_a_slow_batch_renews_its_leases_so_nobody_takes_over_a_row_not_yet_sent(
    db: Database, clock: FakeClock, concurrency: int
) -> None:
    import time

    from bot.core.schedule import Outgoing

    ctx = make_ctx(db, clock)
    lease = timedelta(seconds=1)
    ids = [add(db, clock.now, subject=i, to=f"C{i:04d}") for i in range(9)]
    started = time.monotonic()
    rival: list[int] = []

    class Slow(FakeNotifier):
        def send(self, out: Outgoing, *, team_id: str) -> tuple[str, str]:
            time.sleep(0.25)  # 9 sends: well past the one-second lease in all
            elapsed = timedelta(seconds=time.monotonic() - started)
            rival.extend(claim_due(db, worker_id="rival", now=clock.now + elapsed, limit=10, lease=lease))
            return super().send(out, team_id=team_id)

    slow = Slow()
    assert run_due(ctx, slow, clock.now, "slow", lease=lease, concurrency=concurrency) == 9
    assert rival == []
    assert sorted(to for to, _ in slow.sent) == sorted(f"C{i:04d}" for i in range(9))
    assert {(row(db, i).state, row(db, i).claimed_by) for i in ids} == {("sent", "slow")}
