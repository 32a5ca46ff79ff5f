"""Calendar-driven work: periodic producers and local-time ("cron-style") occurrences.

A feature declares what recurs on the calendar (the weekly digest on the workspace's
digest day and hour, a periodic access review) as a *producer*: a function
`(session, team_id, now)` that makes sure the next occurrence exists as a `Delivery` row,
by calling `schedule()`. The scheduler runs every producer for every workspace about once
a minute; the rows' unique key makes that idempotent, and the row — not the scheduler's
memory — is what gets sent, so a restart loses nothing.

Local times are computed with zoneinfo in the workspace's time zone and stored in UTC:
"09:00 local" stays 09:00 on both sides of a daylight-saving change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.core.schedule import schedule
from storage.models import Delivery, Workspace

ProducerFn = Callable[[Session, str, datetime], object]  # what it returns is ignored
# A housekeeping job may return True for "more to do": it is called again, in a fresh
# transaction, in the same tick (bounded), so each transaction stays short.
MaintenanceFn = Callable[[Session, datetime], bool | None]


@dataclass(frozen=True)
class Producer:
    """`fn(session, team_id, now)`, run for each workspace about every `every`."""

    name: str
    fn: ProducerFn
    every: timedelta = timedelta(minutes=1)


@dataclass(frozen=True)
class Maintenance:
    """`fn(session, now)`: deployment-wide housekeeping (not per workspace). `fn` returning True
    means "a batch was done and more is left": the scheduler calls it again in a new
    transaction, at most MAINTENANCE_ROUNDS times per run."""

    name: str
    fn: MaintenanceFn
    every: timedelta = timedelta(hours=1)


def next_local_occurrence(
    after_utc: datetime, tz: str | ZoneInfo, hour: int, minute: int = 0, weekday: int | None = None
) -> datetime:
    """The first instant strictly after `after_utc` that reads hour:minute in `tz` (on
    `weekday`, 0 = Monday, when given), in UTC.

    Daylight saving: a wall time skipped by spring-forward (02:30 on the last Sunday of
    March in Madrid) fires at the same distance from midnight as the clock reads it
    afterwards (03:30 CEST, PEP 495 fold=0); a wall time that happens twice at fall-back
    fires once, at its first occurrence. Either way: once per local day.
    """
    if not (0 <= hour <= 23 and 0 <= minute <= 59) or (weekday is not None and not 0 <= weekday <= 6):
        raise ValueError("hour 0-23, minute 0-59, weekday 0-6 (Monday = 0)")
    if after_utc.tzinfo is None:
        raise ValueError("naive datetime")
    zone = tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)
    today: date = after_utc.astimezone(zone).date()
    for offset in range(9):
        day = today + timedelta(days=offset)
        if weekday is not None and day.weekday() != weekday:
            continue
        candidate = datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)
        if candidate > after_utc:
            return candidate
    raise AssertionError("unreachable: a matching day is at most 8 days away")


def schedule_next_local(
    session: Session,
    *,
    team_id: str,
    kind: str,
    subject_id: str | int,
    now: datetime,
    tz: str,
    hour: int,
    minute: int = 0,
    weekday: int | None = None,
    recipient: str | None = None,
    payload: dict[str, Any] | None = None,
) -> datetime:
    """Make sure the next local-time occurrence of (kind, subject) exists; returns it (UTC).

    A settings change (another digest hour) would leave the old *future* occurrence
    behind, so it is cancelled. Occurrences already due are kept: they are late, not
    stale, and the scheduler will still send them.
    """
    at = next_local_occurrence(now, tz, hour, minute, weekday)
    _cancel_future(session, team_id, kind, str(subject_id), now, keep=at)
    schedule(session, team_id=team_id, kind=kind, subject_id=subject_id, at=at, recipient=recipient,
             payload=payload)
    return at


def _cancel_future(
    session: Session, team_id: str, kind: str, subject_id: str, now: datetime, keep: datetime | None
) -> None:
    conditions = [
        Delivery.team_id == team_id, Delivery.kind == kind, Delivery.subject_id == subject_id,
        Delivery.state == "pending", Delivery.occurrence_at > now,
    ]
    if keep is not None:
        conditions.append(Delivery.occurrence_at != keep)
    session.execute(update(Delivery).where(*conditions).values(state="cancelled"))


@dataclass(frozen=True)
class LocalSlot:
    """When (in the workspace's time zone) and to whom a local-time job goes."""

    hour: int
    minute: int = 0
    weekday: int | None = None  # None = every day
    recipient: str | None = None
    subject_id: str | None = None  # default: the team id (one series per workspace)
    payload: dict[str, Any] | None = None


def local_producer(
    kind: str, slot_of: Callable[[Workspace], LocalSlot | None], *, every: timedelta = timedelta(minutes=1)
) -> Producer:
    """A producer for a job at a local time read from the workspace settings, e.g. the weekly
    digest on the workspace's digest day and hour, for a feature's record:

        def digest_slot(ws: Workspace) -> LocalSlot | None:
            if not ws.digest_channel:
                return None  # off: future occurrences are cancelled
            return LocalSlot(hour=ws.digest_hour, weekday=ws.digest_weekday, recipient=ws.digest_channel)

        Feature(..., producers=(local_producer("kpi.digest", digest_slot),),
                renderers={"kpi.digest": render_digest})
    """

    def produce(session: Session, team_id: str, now: datetime) -> None:
        ws = session.get(Workspace, team_id)
        slot = slot_of(ws) if ws is not None else None
        if slot is None:
            _cancel_future(session, team_id, kind, team_id, now, keep=None)
            return
        schedule_next_local(
            session, team_id=team_id, kind=kind, subject_id=slot.subject_id or team_id, now=now,
            tz=ws.timezone if ws is not None else "UTC", hour=slot.hour, minute=slot.minute,
            weekday=slot.weekday, recipient=slot.recipient, payload=slot.payload,
        )

    return Producer(kind, produce, every)
