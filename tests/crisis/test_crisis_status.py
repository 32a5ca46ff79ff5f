"""Status-update reminders (issue 13 §4): every 30 minutes for sev1 in the crisis channel, none for
sev3, stopped at resolve; before the channel exists the reporter is asked by DM."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.crisis.status import status_due
from scheduler.jobs import tick
from storage.models import Crisis, Delivery
from tests.conftest import ANA, CARL, CRISIS
from tests.crisis.support_crisis import timeline_kinds
from tests.crisis.support_paging import dm_messages, resolve, seed_chain, seed_crisis

pytestmark = pytest.mark.usefixtures("setup_workspace")


def _reminders(slack: Any, channel: str) -> list[str]:
    return [m["text"] for m in slack.messages(channel) if "Time for a status update" in m["text"]]


def test_sev1_reminds_every_30_minutes_until_resolved(rt: Any, slack: Any, clock: Any) -> None:
    seed_chain(rt, "sev1", ((ANA,),), ack_minutes=5)
    cid = seed_crisis(rt, clock())
    seen: list[int] = []
    for minute in range(1, 101):
        tick(rt, now=clock.advance(minutes=1))
        if len(_reminders(slack, CRISIS)) > len(seen):
            seen.append(minute)
    assert seen == [30, 60, 90]
    first = _reminders(slack, CRISIS)[0]
    assert "*CRI-2026-0001* (sev1)" in first and "what do we know, what are we doing" in first
    assert "Next update at 10:00 (UTC)" in first
    resolve(rt, cid, clock())  # minute 100
    for _ in range(90):
        tick(rt, now=clock.advance(minutes=1))
    assert len(_reminders(slack, CRISIS)) == 3
    assert timeline_kinds(rt, cid).count("status_reminder") == 3
    with rt.ctx.db.uow() as s:
        states = [d.state for d in s.scalars(select(Delivery).where(Delivery.kind == "crisis.status")
                                             .order_by(Delivery.occurrence_at))]
    assert states == ["sent", "sent", "sent", "cancelled"]


def test_sev3_has_no_reminders(rt: Any, slack: Any, clock: Any) -> None:
    seed_chain(rt, "sev3", ((ANA,),))
    seed_crisis(rt, clock(), "sev3")
    for _ in range(6):
        tick(rt, now=clock.advance(hours=1))
    assert _reminders(slack, CRISIS) == []
    with rt.ctx.db.uow() as s:
        assert list(s.scalars(select(Delivery).where(Delivery.kind == "crisis.status"))) == []


def test_a_custom_interval_is_used(rt: Any, slack: Any, clock: Any) -> None:
    seed_chain(rt, "sev2", ((ANA,),), status_minutes=45)
    seed_crisis(rt, clock(), "sev2")
    tick(rt, now=clock.advance(minutes=44))
    assert _reminders(slack, CRISIS) == []
    tick(rt, now=clock.advance(minutes=1))
    assert len(_reminders(slack, CRISIS)) == 1


def test_without_a_channel_yet_the_reporter_is_asked_by_dm_and_then_the_channel(
        rt: Any, slack: Any, clock: Any) -> None:
    seed_chain(rt, "sev1", ((ANA,),), ack_minutes=5)
    cid = seed_crisis(rt, clock(), channel=None)
    tick(rt, now=clock.advance(minutes=30))
    dm = [m["text"] for m in dm_messages(slack, CARL) if "status update" in m["text"]]
    assert len(dm) == 1 and "Its channel does not exist yet" in dm[0]
    with rt.ctx.db.uow() as s:  # the channel is made meanwhile (opening's delivery stores it)
        crisis = s.get(Crisis, cid)
        assert crisis is not None
        crisis.channel_id = CRISIS
    tick(rt, now=clock.advance(minutes=30))
    assert len(_reminders(slack, CRISIS)) == 1


def test_status_due_after_downtime_names_the_next_update_ahead(rt: Any, clock: Any) -> None:
    seed_chain(rt, "sev1", ((ANA,),), ack_minutes=5)
    cid = seed_crisis(rt, clock())
    occurrence = clock() + timedelta(minutes=30)
    with rt.ctx.db.uow() as s:
        due = status_due(s, "T00000001", f"{cid}:1", occurrence, 1800, occurrence + timedelta(minutes=75))
        assert due is not None and due.next_at == occurrence + timedelta(minutes=90)
        assert status_due(s, "T00000001", f"{cid}:2", occurrence, 1800, occurrence) is None  # an older generation
        assert status_due(s, "T0OTHER", f"{cid}:1", occurrence, 1800, occurrence) is None
        assert status_due(s, "T00000001", "x:1", occurrence, 1800, occurrence) is None
