"""The transactional outbox's fast path: a request's after-ack work sends at once the deliveries
its use case scheduled (scheduler.jobs.deliver_subject); the scheduler sends what it did not."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bot.core.feature import Feature
from bot.core.schedule import Outgoing, RenderContext
from scheduler.claim import claim_due, claim_subject
from scheduler.jobs import deliver_subject, run_due
from storage.db import Database
from tests.conftest import FakeClock
from tests.scheduler.kit import TEAM, FakeNotifier, add, make_ctx, row

LEASE = timedelta(minutes=5)


def test_the_subjects_due_rows_are_sent_at_once_and_recorded(db: Database, clock: FakeClock) -> None:
    ctx, notifier = make_ctx(db, clock), FakeNotifier()
    first = add(db, clock.now, subject="7", to="U0CARL", text="approved")
    other = add(db, clock.now, subject="8", to="U0CARL", text="someone else's")
    later = add(db, clock.now + timedelta(hours=1), subject="7", to="U0CARL", text="a reminder")
    states = deliver_subject(ctx, notifier, team_id=TEAM, kind="test.ping", subject_id="7", worker_id="w",
                             now=clock.now)
    assert states == ["sent"]
    assert notifier.sent == [("U0CARL", "approved")]
    assert row(db, first).state == "sent"
    assert (row(db, other).state, row(db, later).state) == ("pending", "pending")


def test_a_row_the_scheduler_claimed_is_its_to_send(db: Database, clock: FakeClock) -> None:
    ctx, notifier = make_ctx(db, clock), FakeNotifier()
    did = add(db, clock.now, subject="7", to="U0CARL", text="approved")
    assert claim_due(db, worker_id="scheduler", now=clock.now, limit=10, lease=LEASE) == [did]
    assert deliver_subject(ctx, notifier, team_id=TEAM, kind="test.ping", subject_id="7", worker_id="w",
                           now=clock.now) == []
    assert notifier.sent == []
    assert row(db, did).claimed_by == "scheduler"


def test_only_the_named_workspace_and_kind(db: Database, clock: FakeClock) -> None:
    theirs = add(db, clock.now, subject="7", team="T0OTHER", to="U0X", text="x")
    multi = add(db, clock.now, subject="7", kind="test.multi", users=["U0CARL"])
    assert claim_subject(db, worker_id="w", now=clock.now, lease=LEASE, team_id=TEAM, kind="test.ping",
                         subject_id="7") == []
    assert (row(db, theirs).state, row(db, multi).state) == ("pending", "pending")


def test_killed_after_the_claim_the_scheduler_sends_it_once_the_lease_runs_out(db: Database, clock: FakeClock) -> None:
    """The process claimed the row for its after-ack send and died: nothing is lost."""
    ctx, notifier = make_ctx(db, clock), FakeNotifier()
    did = add(db, clock.now, subject="7", to="U0CARL", text="approved")
    assert claim_subject(db, worker_id="dead", now=clock.now, lease=LEASE, team_id=TEAM, kind="test.ping",
                         subject_id="7") == [did]
    run_due(ctx, notifier, worker_id="scheduler", now=clock.now + timedelta(minutes=1))
    assert notifier.sent == []
    run_due(ctx, notifier, worker_id="scheduler", now=clock.now + LEASE + timedelta(seconds=1))
    [(to, text)] = notifier.sent
    assert to == "U0CARL" and text.startswith("approved")  # said to be late: it is, by the lease
    assert row(db, did).state == "sent"


def test_a_transient_failure_is_left_to_the_schedulers_backoff(db: Database, clock: FakeClock) -> None:
    ctx, notifier = make_ctx(db, clock), FakeNotifier()
    did = add(db, clock.now, subject="7", to="U0CARL", text="approved")
    notifier.fail("U0CARL", "ratelimited", permanent=False)
    assert deliver_subject(ctx, notifier, team_id=TEAM, kind="test.ping", subject_id="7", worker_id="w",
                           now=clock.now) == ["pending"]
    d = row(db, did)
    assert d.due_at > clock.now
    run_due(ctx, notifier, worker_id="scheduler", now=d.due_at)
    assert notifier.sent == [("U0CARL", "approved")]


class _Killed(BaseException):
    """Stands for SIGKILL inside a send: nothing after it in this process runs."""


def test_killed_between_two_parts_only_the_part_in_flight_goes_again(db: Database, clock: FakeClock) -> None:
    """A notice of several messages (the approvals message, then the author's DM) records each as
    it goes: killed while sending the second, the scheduler sends that one again, not the first."""
    ctx, notifier = make_ctx(db, clock), FakeNotifier()
    did = add(db, clock.now, kind="test.multi", subject="7", users=["U0ANA", "U0CARL", "U0DAN"])

    class DiesOnCarl(FakeNotifier):
        def send(self, out: Any, *, team_id: str) -> tuple[str, str]:
            if out.to == "U0CARL":
                raise _Killed
            return super().send(out, team_id=team_id)

    dying = DiesOnCarl()
    with pytest.raises(_Killed):
        deliver_subject(ctx, dying, team_id=TEAM, kind="test.multi", subject_id="7", worker_id="dead", now=clock.now)
    assert dying.sent == [("U0ANA", f"multi #{did}")]
    d = row(db, did)
    assert (d.state, d.parts_done) == ("claimed", [0])
    run_due(ctx, notifier, worker_id="scheduler", now=clock.now + LEASE + timedelta(seconds=1))
    assert notifier.sent == [("U0CARL", f"multi #{did}"), ("U0DAN", f"multi #{did}")]
    assert (row(db, did).state, row(db, did).parts_done) == ("sent", [0, 1, 2])


def test_a_part_recorded_on_its_way_has_had_its_on_sent_hook(db: Database, clock: FakeClock) -> None:
    """The place of a posted message is remembered with the part's record: a kill after it can
    never leave a message sent (not to be sent again) whose place nobody knows."""
    seen: list[tuple[str, str]] = []

    def remember(_session: Session, channel: str, ts: str) -> None:
        seen.append((channel, ts))

    def render(rc: RenderContext) -> list[Outgoing]:
        return [Outgoing(to="C0APPROVALS", text="the post", on_sent=remember), Outgoing(to="U0ANA", text="told")]

    ctx = make_ctx(db, clock, Feature(name="test.hooked", renderers={"test.hooked": render}))
    did = add(db, clock.now, kind="test.hooked", subject="7")

    class DiesOnAna(FakeNotifier):
        def send(self, out: Any, *, team_id: str) -> tuple[str, str]:
            if out.to == "U0ANA":
                raise _Killed
            return super().send(out, team_id=team_id)

    with pytest.raises(_Killed):
        deliver_subject(ctx, DiesOnAna(), team_id=TEAM, kind="test.hooked", subject_id="7", worker_id="dead",
                        now=clock.now)
    assert seen == [("C0APPROVALS", "1.000")]
    assert row(db, did).parts_done == [0]
    notifier = FakeNotifier()
    run_due(ctx, notifier, worker_id="scheduler", now=clock.now + LEASE + timedelta(seconds=1))
    assert notifier.sent == [("U0ANA", "told")]
    assert seen == [("C0APPROVALS", "1.000")]  # not run again for a part not sent again


def test_a_delivery_is_recorded_sent_only_with_its_on_sent_hook(db: Database, clock: FakeClock) -> None:
    """The record and the hook are one transaction: killed inside the hook, the delivery is not
    recorded as sent either, so it goes again (hook and all) once the lease runs out — never a
    message recorded as sent whose place nobody wrote down."""
    seen: list[str] = []

    def remember(_session: Session, channel: str, ts: str) -> None:
        if not seen:
            seen.append("died")
            raise _Killed
        seen.append(ts)

    def render(rc: RenderContext) -> list[Outgoing]:
        return [Outgoing(to="C0APPROVALS", text="the post", on_sent=remember)]

    ctx = make_ctx(db, clock, Feature(name="test.hooked", renderers={"test.hooked": render}))
    did = add(db, clock.now, kind="test.hooked", subject="7")
    with pytest.raises(_Killed):
        deliver_subject(ctx, FakeNotifier(), team_id=TEAM, kind="test.hooked", subject_id="7", worker_id="dead",
                        now=clock.now)
    assert row(db, did).state == "claimed"
    notifier = FakeNotifier()
    run_due(ctx, notifier, worker_id="scheduler", now=clock.now + LEASE + timedelta(seconds=1))
    assert notifier.sent == [("C0APPROVALS", "the post")]
    assert seen == ["died", "1.000"] and row(db, did).state == "sent"
