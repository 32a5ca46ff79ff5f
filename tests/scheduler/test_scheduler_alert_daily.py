"""Admin alerts: once per problem per workspace-local day, again when it comes back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scheduler.alerts import ALERT_KIND
from scheduler.jobs import tick
from storage.db import Database
from storage.models import Workspace
from tests.conftest import FakeClock
from tests.scheduler.kit import ADMIN, TEAM, FakeNotifier, add, make_ctx, rows


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_same_problem_alerts_once_per_local_day(db: Database, clock: FakeClock) -> None:
    with db.uow() as s:
        s.add(Workspace(team_id=TEAM, timezone="America/New_York", language="en"))
    ctx, fake = make_ctx(db, clock), FakeNotifier()
    fake.fail("C0GONE", "channel_not_found", permanent=True, times=100)

    def fail_at(when: datetime, subject: str) -> int:
        clock.set(when)
        add(db, when, to="C0GONE", subject=subject)
        tick(ctx, fake, when)
        tick(ctx, fake, when + timedelta(seconds=2))  # the alert is due from the failure on
        return len(fake.to(ADMIN))

    assert fail_at(utc(2026, 3, 2, 14), "a") == 1  # 09:00 in New York: the admins are told
    assert fail_at(utc(2026, 3, 2, 20), "b") == 1  # 15:00, same problem, same day: not again
    assert fail_at(utc(2026, 3, 3, 3), "c") == 1  # 22:00 on the 2nd locally (the 3rd in UTC)
    assert fail_at(utc(2026, 3, 3, 6), "d") == 2  # 01:00 on the 3rd locally: a new day, told again
    assert fail_at(utc(2026, 3, 3, 7), "e") == 2
    alerts = rows(db, kind=ALERT_KIND)
    # One alert row per local day, keyed by the local midnight (05:00 UTC in winter).
    assert [(a.subject_id, a.occurrence_at, a.state) for a in alerts] == [
        ("channel_not_found:C0GONE", utc(2026, 3, 2, 5), "sent"),
        ("channel_not_found:C0GONE", utc(2026, 3, 3, 5), "sent"),
    ]
    assert "channel_not_found" in fake.to(ADMIN)[1]


def test_a_problem_that_comes_back_weeks_after_the_fix_alerts_again(db: Database, clock: FakeClock) -> None:
    ctx, fake = make_ctx(db, clock), FakeNotifier()  # no workspace row: UTC days
    fake.fail("C0DIGEST", "channel_not_found", permanent=True, times=2)
    add(db, clock.now, to="C0DIGEST", subject="week1", repeat=timedelta(days=7))
    add(db, clock.now, to="C0DIGEST", subject="other")
    tick(ctx, fake, clock.now)
    tick(ctx, fake, clock.advance(seconds=2))
    assert len(fake.to(ADMIN)) == 1  # two failures, one problem, one alert
    for _ in range(3):  # fixed: the weekly message goes through
        tick(ctx, fake, clock.advance(days=7))
    assert len(fake.to("C0DIGEST")) == 3 and len(fake.to(ADMIN)) == 1
    fake.fail("C0DIGEST", "channel_not_found", permanent=True, times=1)  # broken again
    tick(ctx, fake, clock.advance(days=7))
    tick(ctx, fake, clock.advance(seconds=2))
    assert len(fake.to(ADMIN)) == 2
    assert len(rows(db, kind=ALERT_KIND)) == 2
