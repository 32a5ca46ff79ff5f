"""Local-time occurrences across DST, periodic producers, housekeeping."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from bot.core.feature import Feature
from bot.core.periodic import LocalSlot, Producer, local_producer, next_local_occurrence, schedule_next_local
from bot.core.schedule import Outgoing, RenderContext
from scheduler.jobs import run_periodic, tick
from storage.db import Database
from storage.models import InboundRequest, Workspace
from tests.conftest import FakeClock
from tests.scheduler.kit import TEAM, FakeNotifier, make_ctx, rows

MADRID, NEW_YORK = ZoneInfo("Europe/Madrid"), ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_next_local_occurrence_basics() -> None:
    # 2026-03-02 is a Monday; Madrid is UTC+1 in winter.
    assert next_local_occurrence(utc(2026, 3, 2, 7, 0), MADRID, 9) == utc(2026, 3, 2, 8, 0)
    assert next_local_occurrence(utc(2026, 3, 2, 8, 0), MADRID, 9) == utc(2026, 3, 3, 8, 0)  # strictly after
    assert next_local_occurrence(utc(2026, 3, 2, 8, 0), "Europe/Madrid", 9, 0, weekday=0) == utc(2026, 3, 9, 8, 0)
    assert next_local_occurrence(utc(2026, 3, 2, 8, 0), MADRID, 9, 30, weekday=4) == utc(2026, 3, 6, 8, 30)
    with pytest.raises(ValueError):
        next_local_occurrence(utc(2026, 3, 2), MADRID, 24)
    with pytest.raises(ValueError):
        next_local_occurrence(datetime(2026, 3, 2), MADRID, 9)


def test_next_local_occurrence_on_dst_nights() -> None:
    # Madrid springs forward 2026-03-29 02:00 → 03:00 and falls back 2026-10-25 03:00 → 02:00.
    assert next_local_occurrence(utc(2026, 3, 28, 9), MADRID, 9) == utc(2026, 3, 29, 7)  # 09:00 CEST
    assert next_local_occurrence(utc(2026, 10, 24, 9), MADRID, 9) == utc(2026, 10, 25, 8)  # 09:00 CET
    # 02:30 does not exist on the spring-forward night: it fires at 03:30 CEST, once.
    assert next_local_occurrence(utc(2026, 3, 28, 12), MADRID, 2, 30) == utc(2026, 3, 29, 1, 30)
    # 02:30 happens twice on the fall-back night: it fires at the first, and not at the second.
    first = next_local_occurrence(utc(2026, 10, 24, 12), MADRID, 2, 30)
    assert first == utc(2026, 10, 25, 0, 30)
    assert next_local_occurrence(first, MADRID, 2, 30) == utc(2026, 10, 26, 1, 30)


_FIRED: list[datetime] = []


def _render_daily(rc: RenderContext) -> list[Outgoing]:
    _FIRED.append(rc.now)
    return [Outgoing(to="C0GENERAL", text=f"good morning {rc.delivery.occurrence_at.isoformat()}")]


def _produce_daily(session: Session, team_id: str, now: datetime) -> None:
    ws = session.get(Workspace, team_id)
    assert ws is not None
    schedule_next_local(session, team_id=team_id, kind="test.daily_nine", subject_id=team_id, now=now,
                        tz=ws.timezone, hour=9, recipient="C0GENERAL")


@pytest.fixture
def daily_nine() -> Feature:
    """A test feature: the 09:00 local job, declared only for the tests that use it."""
    return Feature(name="test.daily_nine", renderers={"test.daily_nine": _render_daily},
                   producers=(Producer("test.daily_nine", _produce_daily),))


@pytest.mark.parametrize(
    ("tz", "start"),
    [
        ("Europe/Madrid", utc(2026, 3, 27, 12)),  # spring forward 2026-03-29
        ("Europe/Madrid", utc(2026, 10, 23, 12)),  # fall back 2026-10-25
        ("America/New_York", utc(2026, 3, 6, 12)),  # spring forward 2026-03-08
        ("America/New_York", utc(2026, 10, 30, 12)),  # fall back 2026-11-01
    ],
)
def test_daily_nine_local_fires_once_a_day_at_nine_across_dst(
    db: Database, clock: FakeClock, tz: str, start: datetime, daily_nine: Feature
) -> None:
    zone = ZoneInfo(tz)
    with db.uow() as s:
        s.add(Workspace(team_id=TEAM, timezone=tz, language="en"))
    ctx, fake = make_ctx(db, clock, daily_nine), FakeNotifier()
    _FIRED.clear()
    clock.set(start)
    last_run: dict[str, datetime] = {}
    # A tick every 10 minutes for three days (the runner ticks every 2 s; producers once a minute).
    while clock.now < start + timedelta(days=3):
        run_periodic(ctx, clock.now, last_run=last_run)
        tick(ctx, fake, clock.now, periodic=False)
        clock.advance(minutes=10)
    mine = [t.astimezone(zone) for t in _FIRED]
    assert len(fake.to("C0GENERAL")) == len(mine) == 3
    assert Counter(t.date() for t in mine) == {d: 1 for d in {t.date() for t in mine}}
    assert all((t.hour, t.minute) == (9, 0) for t in mine), mine
    assert len({t.utcoffset() for t in mine}) == 2  # the offsets show the DST change was crossed


def test_periodic_local_follows_the_workspace_settings(db: Database, clock: FakeClock) -> None:
    def slot(ws: Workspace) -> LocalSlot | None:
        if not ws.digest_channel:
            return None
        return LocalSlot(hour=ws.digest_hour, weekday=ws.digest_weekday, recipient=ws.digest_channel)

    digest = Feature(name="test.weekly_digest", producers=(local_producer("test.weekly_digest", slot),))
    with db.uow() as s:
        s.add(Workspace(team_id=TEAM, timezone="Europe/Madrid", language="es",
                        digest_channel="C0DIGEST", digest_weekday=0, digest_hour=9))
    ctx = make_ctx(db, clock, digest)
    run_periodic(ctx, clock.now)  # Monday 2026-03-02 09:00 UTC = 10:00 Madrid: next Monday
    [first] = rows(db, kind="test.weekly_digest")
    assert (first.occurrence_at, first.recipient) == (utc(2026, 3, 9, 8), "C0DIGEST")
    with db.uow() as s:
        ws = s.get(Workspace, TEAM)
        assert ws is not None
        ws.digest_weekday, ws.digest_hour = 4, 17  # Friday 17:00
    run_periodic(ctx, clock.now)
    states = {(d.occurrence_at, d.state) for d in rows(db, kind="test.weekly_digest")}
    assert states == {(utc(2026, 3, 9, 8), "cancelled"), (utc(2026, 3, 6, 16), "pending")}
    with db.uow() as s:
        ws = s.get(Workspace, TEAM)
        assert ws is not None
        ws.digest_channel = None  # digest off
    run_periodic(ctx, clock.now)
    assert {d.state for d in rows(db, kind="test.weekly_digest")} == {"cancelled"}


def test_a_missed_local_occurrence_is_still_sent_late_after_downtime(
    db: Database, clock: FakeClock, daily_nine: Feature
) -> None:
    with db.uow() as s:
        s.add(Workspace(team_id=TEAM, timezone="Europe/Madrid", language="en"))
    ctx, fake = make_ctx(db, clock, daily_nine), FakeNotifier()
    clock.set(utc(2026, 3, 2, 7))  # 08:00 Madrid: today's 09:00 is created
    run_periodic(ctx, clock.now)
    clock.set(utc(2026, 3, 2, 11))  # down from 07:00 to 11:00 UTC: 09:00 local was missed
    assert tick(ctx, fake, clock.now) == 1
    assert len(fake.to("C0GENERAL")) == 1
    sent = rows(db, kind="test.daily_nine", state="sent")
    assert sent[0].late_by_seconds == 3 * 3600


def test_producer_errors_do_not_stop_the_others(db: Database, clock: FakeClock) -> None:
    calls: list[str] = []

    def boom(session: Session, team_id: str, now: datetime) -> None:
        calls.append(team_id)
        raise RuntimeError("bug")

    with db.uow() as s:
        s.add_all([Workspace(team_id=t) for t in ("T1", "T2")])
    ctx = make_ctx(db, clock, Feature(name="test.boom", producers=(Producer("test.boom", boom),)))
    assert run_periodic(ctx, clock.now) >= 1  # housekeeping still ran
    assert sorted(calls) == ["T1", "T2"]


def test_inbound_request_fingerprints_older_than_a_day_are_pruned(db: Database, clock: FakeClock) -> None:
    with db.uow() as s:
        s.add(InboundRequest(key="old", team_id=TEAM, received_at=clock.now - timedelta(hours=25)))
        s.add(InboundRequest(key="new", team_id=TEAM, received_at=clock.now - timedelta(hours=23)))
    last: dict[str, datetime] = {}
    run_periodic(make_ctx(db, clock), clock.now, last_run=last)
    with db.uow() as s:
        assert [r.key for r in s.query(InboundRequest).all()] == ["new"]
    assert "maintenance:inbound_requests.prune" in last
