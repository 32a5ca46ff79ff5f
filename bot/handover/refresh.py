"""Keep an act's Slack message in step with its records, after each commit.

Services (and the event subscribers, which run inside another feature's unit of work) only
mark an act as changed on the session. Marking also schedules a redraw delivery (kind
REFRESH_KIND) in that same transaction, so the redraw exists iff the change committed and a
process killed before sending it leaves it to the scheduler (the transactional outbox). Once
the transaction commits, the refresher the Slack adapter registered for this database is called
with (team_id, act_id); it sends the act's pending redraws at once. Nothing is sent for a
rolled-back change, and the service layer never touches Slack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from bot.core.schedule import schedule
from storage.models import Delivery, HandoverAct

log = logging.getLogger("socialops.handover")
Refresher = Callable[[str, int], None]
_KEY = "handover.refresh"
_refreshers: WeakKeyDictionary[Engine, Refresher] = WeakKeyDictionary()

# The redraw of an act's checklist message (rendered by handlers/handover/notices.py).
REFRESH_KIND = "handover.refresh"


def register_refresher(engine: Engine, fn: Refresher) -> None:
    _refreshers[engine] = fn


def _seq(subject: str) -> int:
    tail = subject.rpartition(":")[2]
    return int(tail) if tail.isascii() and tail.isdigit() else 0


def refresh_subjects(session: Session, team_id: str, act_id: int, *, pending_only: bool = True) -> list[str]:
    """The subject ids of the act's redraw deliveries ("<act id>:<n>"), oldest first."""
    query = select(Delivery.subject_id).where(
        Delivery.team_id == team_id, Delivery.kind == REFRESH_KIND, Delivery.subject_id.startswith(f"{act_id}:"))
    if pending_only:
        query = query.where(Delivery.state == "pending")
    return sorted(session.scalars(query), key=_seq)


def _schedule_redraw(session: Session, team_id: str, act_id: int) -> None:
    """One redraw per changing transaction, keyed "<act id>:<n>" with n one past the act's last.

    Not keyed by the time: the tests' clocks stand still, and two changes at the same `now`
    must still each get their own redraw. Due at the act's start (a time both runs of the
    crash suite agree on), i.e. at once. The key is unique: an insert that meets an existing
    row (a concurrent change on PostgreSQL took that number) tries the next number."""
    started = session.scalar(select(HandoverAct.started_at).where(HandoverAct.id == act_id))
    if started is None:
        return
    seq = max((_seq(s) for s in refresh_subjects(session, team_id, act_id, pending_only=False)), default=0)
    while True:
        seq += 1
        if schedule(session, team_id=team_id, kind=REFRESH_KIND, subject_id=f"{act_id}:{seq}", at=started):
            return


def mark_changed(session: Session, team_id: str, act_id: int) -> None:
    pending: set[tuple[str, int]] = session.info.setdefault(_KEY, set())
    if (team_id, act_id) in pending:
        return
    _schedule_redraw(session, team_id, act_id)
    pending.add((team_id, act_id))


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending: set[tuple[str, int]] = session.info.pop(_KEY, set())
    if not pending:
        return
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    fn = _refreshers.get(engine)
    if fn is None:
        return  # no app in this process: the scheduler sends the redraws
    for team_id, act_id in sorted(pending):
        try:
            fn(team_id, act_id)
        except Exception:  # the commit stands; the scheduler sends the redraw
            log.exception("handover message refresh failed", extra={"team": team_id, "act": act_id})


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
