"""The tick: claim → render → send → record, with a recording notifier and a fake clock."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from scheduler import deliver
from scheduler.alerts import ALERT_KIND
from scheduler.jobs import run_due, tick
from storage.db import Database
from storage.models import AuditEntry, Delivery, RoleAssignment
from tests.conftest import FakeClock
from tests.scheduler.kit import ADMIN, RENDERED, TEAM, FakeNotifier, add, make_ctx, row, rows


def test_due_delivery_is_sent_once_and_not_before_it_is_due(db: Database, clock: FakeClock) -> None:
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    did = add(db, clock.now + timedelta(minutes=10), to="C0GENERAL", text="hello")
    assert run_due(ctx, fake, clock.now, "w1") == 0
    assert fake.sent == []
    assert run_due(ctx, fake, clock.advance(minutes=10), "w1") == 1
    assert run_due(ctx, fake, clock.advance(minutes=1), "w1") == 0
    assert fake.sent == [("C0GENERAL", "hello")]
    d = row(db, did)
    assert (d.state, d.attempts, d.claimed_by, d.late_by_seconds) == ("sent", 1, "w1", 0)
    assert d.sent_at is not None
    assert timedelta(0) <= d.sent_at - (clock.now - timedelta(minutes=1)) < timedelta(seconds=5)


def test_renderer_returning_none_cancels_and_stops_the_repeat(db: Database, clock: FakeClock) -> None:
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    did = add(db, clock.now, repeat=timedelta(hours=1), done=True)
    assert tick(ctx, fake, clock.now) == 1
    assert fake.sent == []
    assert [d.state for d in rows(db, kind="test.ping")] == ["cancelled"]
    assert row(db, did).state == "cancelled"


def test_repeat_creates_the_next_occurrence_after_sending(db: Database, clock: FakeClock) -> None:
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    start = clock.now
    add(db, start, repeat=timedelta(hours=1), text="hourly")
    for _ in range(3):
        tick(ctx, fake, clock.now)
        clock.advance(hours=1)
    assert fake.to("C0GENERAL") == ["hourly"] * 3
    occurrences = [(d.occurrence_at - start, d.state) for d in rows(db, kind="test.ping")]
    assert occurrences == [(timedelta(hours=h), "sent") for h in range(3)] + [(timedelta(hours=3), "pending")]


def test_downtime_coalesces_missed_repeats_into_one_late_delivery(db: Database, clock: FakeClock) -> None:
    """12 hourly occurrences fell due while the app was down; it starts 3 hours after the last."""
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    first = clock.now
    add(db, first, repeat=timedelta(hours=1), subject="status")
    RENDERED.clear()
    clock.set(first + timedelta(hours=11) + timedelta(hours=3))  # 11 h = the 12th occurrence
    assert tick(ctx, fake, clock.now) == 1
    assert len(fake.sent) == 1
    assert "late" in fake.sent[0][1]
    sent = rows(db, kind="test.ping", state="sent")
    assert len(sent) == 1
    # It stands for the 15 occurrences now past (12 + the 3 during the last 3 hours): 14 folded in.
    assert sent[0].coalesced == 14
    assert sent[0].late_by_seconds == 14 * 3600
    assert RENDERED[-1][1:] == (True, 14 * 3600, 14)
    pending = rows(db, kind="test.ping", state="pending")
    assert [p.occurrence_at for p in pending] == [first + timedelta(hours=15)]  # the next, in the future
    assert tick(ctx, fake, clock.advance(minutes=30)) == 0


def test_a_little_late_is_not_late(db: Database, clock: FakeClock) -> None:
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    add(db, clock.now)
    RENDERED.clear()
    tick(ctx, fake, clock.advance(minutes=4))
    assert RENDERED[-1][1:] == (False, 240, 0)
    add(db, clock.now, subject="s2")
    tick(ctx, fake, clock.advance(minutes=6))
    assert RENDERED[-1][1:] == (True, 360, 0)


def test_transient_errors_back_off_then_dead_letter_and_tell_admins_once(db: Database, clock: FakeClock) -> None:
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    fake.fail("C0FLAKY", "internal_error", permanent=False, times=100)
    ids = [add(db, clock.now, to="C0FLAKY", subject=f"s{i}") for i in range(2)]
    delays = []
    for attempt in range(1, deliver.MAX_ATTEMPTS + 1):
        tick(ctx, fake, clock.now)
        d = row(db, ids[0])
        assert d.attempts == attempt
        assert d.last_error == "internal_error"
        if attempt < deliver.MAX_ATTEMPTS:
            assert d.state == "pending"
            delays.append(d.due_at - clock.now)
            due = [row(db, i).due_at for i in ids]
            # Not retried before its backoff is over.
            assert tick(ctx, fake, min(due) - timedelta(seconds=1), "w") == 0
            clock.set(max(due))
    assert [row(db, i).state for i in ids] == ["dead", "dead"]
    assert delays == sorted(delays) and delays[0] >= timedelta(seconds=30) and delays[-1] <= timedelta(hours=1.2)
    alerts = rows(db, kind=ALERT_KIND)
    assert len(alerts) == 1  # two dead deliveries to the same place: one alert
    tick(ctx, fake, clock.advance(seconds=2))
    assert len(fake.to(ADMIN)) == 1
    assert "internal_error" in fake.to(ADMIN)[0]
    with db.uow() as s:
        dead = s.scalars(select(AuditEntry).where(AuditEntry.action == "delivery.dead")).all()
    assert len(dead) == 2


def test_permanent_error_is_not_retried_and_admins_are_told_once(db: Database, clock: FakeClock) -> None:
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    with db.uow() as s:
        s.add(RoleAssignment(team_id=TEAM, user_id="U0ROLEADMIN", role="admin", granted_by=ADMIN))
    fake.fail("C0GONE", "not_in_channel", permanent=True, times=100)
    first = add(db, clock.now, to="C0GONE", subject="a")
    add(db, clock.now, to="C0GONE", subject="b")
    tick(ctx, fake, clock.now)
    d = row(db, first)
    assert (d.state, d.attempts, d.last_error) == ("failed", 1, "not_in_channel")
    assert len(rows(db, kind=ALERT_KIND)) == 1
    tick(ctx, fake, clock.advance(hours=2))
    assert row(db, first).attempts == 1  # never retried by itself
    # A later failure of the same kind to the same place does not alert again.
    add(db, clock.now, to="C0GONE", subject="c")
    tick(ctx, fake, clock.advance(hours=1))
    assert len(fake.failures["C0GONE"]) == 100 - 3
    assert len(fake.to(ADMIN)) == 1 and len(fake.to("U0ROLEADMIN")) == 1
    assert "/invite" in fake.to(ADMIN)[0] and "not_in_channel" in fake.to(ADMIN)[0]
    assert "invite the bot to <#C0GONE> or pick another in `/socialops setup`" in fake.to(ADMIN)[0]


def test_partial_failure_resends_only_the_missing_parts(db: Database, clock: FakeClock) -> None:
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    fake.fail("U0BEA", "service_unavailable", permanent=False)
    did = add(db, clock.now, kind="test.multi", users=["U0ANA", "U0BEA", "U0CARL"])
    tick(ctx, fake, clock.now)
    assert row(db, did).parts_done == [0]
    assert row(db, did).state == "pending"
    tick(ctx, fake, row(db, did).due_at)
    assert row(db, did).state == "sent"
    assert [to for to, _ in fake.sent] == ["U0ANA", "U0BEA", "U0CARL"]


def test_failing_renderer_is_retried_with_backoff(db: Database, clock: FakeClock) -> None:
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    did = add(db, clock.now, kind="test.broken")
    tick(ctx, fake, clock.now)
    d = row(db, did)
    assert (d.state, d.attempts, d.last_error) == ("pending", 1, "render_error:ValueError")
    assert d.due_at > clock.now


def test_unknown_kinds_are_left_for_a_scheduler_that_knows_them(db: Database, clock: FakeClock) -> None:
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    did = add(db, clock.now, kind="feature.from_the_future")
    assert tick(ctx, fake, clock.advance(minutes=1)) == 0
    assert row(db, did).state == "pending"


def test_on_sent_hook_gets_channel_and_ts(db: Database, clock: FakeClock) -> None:
    from bot.core.feature import Feature
    from bot.core.schedule import Outgoing, RenderContext

    seen: list[tuple[str, str]] = []

    def hooked(rc: RenderContext) -> list[Outgoing]:
        return [Outgoing(to="C0GENERAL", text="x", on_sent=lambda s, ch, ts: seen.append((ch, ts)))]

    ctx, fake = make_ctx(db, clock, Feature(name="test.hooked", renderers={"test.hooked": hooked})), FakeNotifier()
    add(db, clock.now, kind="test.hooked")
    tick(ctx, fake, clock.now)
    assert seen == [("C0GENERAL", "1.000")]


def test_concurrent_workers_in_one_process_send_each_once(db: Database, clock: FakeClock) -> None:
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    with db.uow() as s:
        from bot.core.schedule import schedule

        for i in range(60):
            schedule(s, team_id=TEAM, kind="test.ping", subject_id=i, at=clock.now, recipient=f"C{i:04d}")
    total = 0
    while handled := run_due(ctx, fake, clock.now, "w", limit=25, concurrency=6):
        total += handled
    assert total == 60
    assert sorted(to for to, _ in fake.sent) == sorted(f"C{i:04d}" for i in range(60))
    with db.uow() as s:
        assert set(s.scalars(select(Delivery.state))) == {"sent"}


def test_a_delivery_whose_sender_keeps_dying_is_dead_lettered(db: Database, clock: FakeClock) -> None:
    """Each attempt is claimed and rendered, then the worker dies before recording it."""
    from scheduler.claim import claim_due

    ctx, fake = make_ctx(db, clock), FakeNotifier()
    did = add(db, clock.now, to="C0GENERAL")
    lease = timedelta(minutes=5)
    for n in range(deliver.MAX_ATTEMPTS):
        assert claim_due(db, worker_id=f"doomed{n}", now=clock.now, limit=1, lease=lease) == [did]
        assert deliver.render(ctx, did, f"doomed{n}", clock.now, lease) is not None
        clock.advance(minutes=6)  # ...and the process is gone; its lease runs out
    tick(ctx, fake, clock.now)
    d = row(db, did)
    assert (d.state, d.last_error, d.attempts) == ("dead", "crashed_while_sending", deliver.MAX_ATTEMPTS + 1)
    assert fake.to("C0GENERAL") == []
    tick(ctx, fake, clock.advance(seconds=2))
    assert len(fake.to(ADMIN)) == 1


def test_a_renderer_that_writes_then_raises_leaves_nothing_and_costs_only_its_delivery(
    db: Database, clock: FakeClock
) -> None:
    """Rendered in one transaction with its neighbours: its writes roll back, theirs go out once."""
    from bot.core.feature import Feature
    from bot.core.schedule import RenderContext

    def writes_then_raises(rc: RenderContext) -> None:
        rc.session.add(RoleAssignment(team_id=TEAM, user_id="U0HALFWAY", role="admin", granted_by=ADMIN))
        rc.session.flush()
        raise RuntimeError("bug after a write")

    ctx = make_ctx(db, clock, Feature(name="test.halfway", renderers={"test.halfway": writes_then_raises}))
    fake = FakeNotifier()
    before = [add(db, clock.now, subject=f"a{i}", to=f"C0A{i}") for i in range(3)]
    broken = add(db, clock.now, kind="test.halfway")
    after = [add(db, clock.now, subject=f"b{i}", to=f"C0B{i}") for i in range(3)]
    assert run_due(ctx, fake, clock.now, "w") == 7
    assert sorted(to for to, _ in fake.sent) == sorted([f"C0A{i}" for i in range(3)] + [f"C0B{i}" for i in range(3)])
    assert [(row(db, i).state, row(db, i).attempts) for i in before + after] == [("sent", 1)] * 6
    d = row(db, broken)
    assert (d.state, d.attempts, d.last_error) == ("pending", 1, "render_error:RuntimeError")
    with db.uow() as s:
        assert s.scalars(select(RoleAssignment).where(RoleAssignment.user_id == "U0HALFWAY")).all() == []
