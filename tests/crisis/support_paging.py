"""Helpers for the paging tests: a crisis seeded as `/crisis open` leaves it (its chain snapshotted,
paging started in the same unit of work), the scheduler run minute by minute, and the DMs read back.

Seeding the row directly keeps these tests about paging: the opening itself is tested in
test_crisis_open*.py. The seed calls the real `start_paging`, as `open_crisis` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from bot.crisis import timeline
from bot.crisis.paging import start_paging
from bot.crisis.severity import snapshot_chain
from scheduler.jobs import tick
from storage.models import Crisis, CrisisPage
from tests.conftest import CARL, CRISIS, TEAM
from tests.crisis.support_crisis import DANI, EVA, add_leads, seed_chain

__all__ = ["DANI", "EVA", "add_leads", "seed_chain"]


def seed_crisis(rt: Any, now: datetime, severity: str = "sev1", *, reporter: str = CARL,
                channel: str | None = CRISIS, summary: str = "Viral video of a rude employee",
                team: str = TEAM) -> int:
    """A crisis opened at `now` with the severity's saved chain (seed it first), paging started."""
    with rt.ctx.db.uow() as s:
        seq = int(s.scalar(select(func.count()).select_from(Crisis).where(Crisis.team_id == team)) or 0) + 1
        crisis = Crisis(team_id=team, number=f"CRI-{now.year}-{seq:04d}", year=now.year, seq=seq, severity=severity,
                        summary=summary, reporter_id=reporter, status="open", opened_at=now, channel_id=channel,
                        channel_name="crisis-test" if channel else None, generation=1, held_posts=[], checklist=[])
        snapshot_chain(s, crisis, severity)  # as opening snapshots it: no chain configured is the admins
        s.add(crisis)
        s.flush()
        timeline.record(s, crisis, timeline.OPENED, actor=reporter, at=now, text=summary)
        start_paging(s, crisis, now)
        return crisis.id


def resolve(rt: Any, crisis_id: int, now: datetime) -> None:
    """What `/crisis resolve` does to paging (the record part owns the command): stop, then resolved."""
    from bot.crisis.paging import stop_paging

    with rt.ctx.db.uow() as s:
        crisis = s.get(Crisis, crisis_id)
        assert crisis is not None
        stop_paging(s, crisis, now, reason="resolved")
        crisis.status, crisis.resolved_at, crisis.resolved_by = "resolved", now, CARL


class DmLog:
    """Who got a new DM (a chat.postMessage to a DM channel) at which minute since `start`."""

    def __init__(self, slack: Any, start: datetime, users: Sequence[str]) -> None:
        self.slack, self.start = slack, start
        self.seen = len(slack.calls_to("chat.postMessage"))  # from now on
        self.users = {slack.dm_channel(u): u for u in users}
        self.log: list[tuple[int, str]] = []

    def collect(self, now: datetime) -> list[tuple[int, str]]:
        calls = self.slack.calls_to("chat.postMessage")
        new = calls[self.seen:]
        self.seen = len(calls)
        minute = int((now - self.start).total_seconds() // 60)
        found = [(minute, self.users[c.response.get("channel") or c.args.get("channel")]) for c in new
                 if (c.response.get("channel") or c.args.get("channel")) in self.users]
        self.log.extend(found)
        return found


def run_minutes(rt: Any, clock: Any, log: DmLog, minutes: int) -> None:
    """Tick once a minute for `minutes` minutes, logging the DMs."""
    for _ in range(minutes):
        tick(rt, now=clock.advance(minutes=1))
        log.collect(clock())


def pages(rt: Any, crisis_id: int) -> list[tuple[int, int, str, str]]:
    """(generation, step, user, state) of the crisis's pages."""
    with rt.ctx.db.uow() as s:
        return [(p.generation, p.step, p.user_id, p.state) for p in s.scalars(
            select(CrisisPage).where(CrisisPage.crisis_id == crisis_id).order_by(CrisisPage.id))]


def dm_messages(slack: Any, user: str) -> list[dict[str, Any]]:
    try:
        return list(slack.messages(slack.dm_channel(user)))
    except KeyError:
        return []


def has_button(message: dict[str, Any]) -> bool:
    return any(b.get("type") == "actions" for b in message.get("blocks") or [])
