"""Status-update reminders (issue 13 §4): while a crisis is open, at its severity's interval (sev1
30 min, sev2 2 h, sev3 none by default), the crisis channel is asked for an update.

One repeating delivery per crisis generation (`crisis.status`, subject `<crisis>:<generation>`,
first at the start + the interval): a severity change restarts it at the new interval, a resolve
stops it (the renderer also answers None once the crisis is resolved, which ends the repeats).

Until the crisis channel exists (Slack refused it, or it is still being made) the reminder goes to
the reporter by DM rather than being skipped: the cadence of updates matters more than where it is
asked for, and the repeats carry on into the channel once it is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.authz import SYSTEM
from bot.core.schedule import cancel, schedule
from bot.crisis import timeline
from bot.crisis.settings import chain_for
from bot.crisis.views import CrisisView, crisis_view
from storage.models import Crisis, CrisisEvent, Workspace

KIND_STATUS = "crisis.status"


def _subject(crisis: Crisis) -> str:
    return f"{crisis.id}:{crisis.generation}"


def start_status_reminders(session: Session, crisis: Crisis, now: datetime) -> bool:
    """The reminders of the crisis's current severity, the first one interval after `now`; False
    when the severity has none."""
    minutes = chain_for(session, crisis.team_id, crisis.severity).status_minutes
    if not minutes or minutes <= 0:
        return False
    every = timedelta(minutes=minutes)
    return schedule(session, team_id=crisis.team_id, kind=KIND_STATUS, subject_id=_subject(crisis), at=now + every,
                    repeat=every)


def stop_status_reminders(session: Session, crisis: Crisis) -> None:
    cancel(session, team_id=crisis.team_id, kind=KIND_STATUS, subject_id=_subject(crisis))


@dataclass(frozen=True)
class StatusDue:
    crisis: CrisisView
    to: str  # the crisis channel, or the reporter while there is none
    in_channel: bool
    next_at: datetime | None
    timezone: str


def status_due(session: Session, team_id: str, subject: str, occurrence: datetime,
               every_seconds: int | None, now: datetime) -> StatusDue | None:
    crisis_part, _, gen_part = subject.partition(":")
    if not (crisis_part.isascii() and crisis_part.isdigit() and gen_part.isascii() and gen_part.isdigit()):
        return None
    crisis = session.scalars(select(Crisis).where(Crisis.id == int(crisis_part),
                                                  Crisis.team_id == team_id)).one_or_none()
    if crisis is None or crisis.status != "open" or crisis.generation != int(gen_part):
        return None
    done = session.scalars(select(CrisisEvent.id).where(
        CrisisEvent.crisis_id == crisis.id, CrisisEvent.kind == timeline.STATUS_REMINDER,
        CrisisEvent.at == occurrence).limit(1)).first()
    if done is None:  # a re-render after a crash sends again but records once
        timeline.record(session, crisis, timeline.STATUS_REMINDER, actor=SYSTEM, at=occurrence,
                        detail={"generation": crisis.generation})
    ws = session.get(Workspace, team_id)
    tz = (ws.timezone if ws is not None else None) or "UTC"
    next_at = None
    if every_seconds:  # after downtime the missed ones are folded into this one: the next is ahead
        every = timedelta(seconds=every_seconds)
        next_at = occurrence + every
        if next_at <= now:
            next_at += every * ((now - next_at) // every + 1)
    to = crisis.channel_id or crisis.reporter_id
    return StatusDue(crisis_view(crisis), to, crisis.channel_id is not None, next_at, tz)
