"""Keep an act's Slack message in step with its records, after each commit.

Services (and the event subscribers, which run inside another feature's unit of work) only
mark an act as changed on the session. Once that transaction commits, the refresher the
Slack adapter registered for this database is called with (team_id, act_id); it re-reads
the act and updates the message in place. Nothing is sent for a rolled-back change, and
the service layer never touches Slack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

log = logging.getLogger("socialops.handover")
Refresher = Callable[[str, int], None]
_KEY = "handover.refresh"
_refreshers: WeakKeyDictionary[Engine, Refresher] = WeakKeyDictionary()


def register_refresher(engine: Engine, fn: Refresher) -> None:
    _refreshers[engine] = fn


def mark_changed(session: Session, team_id: str, act_id: int) -> None:
    pending: set[tuple[str, int]] = session.info.setdefault(_KEY, set())
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
        return
    for team_id, act_id in sorted(pending):
        try:
            fn(team_id, act_id)
        except Exception:  # the commit stands; a failed refresh is caught up by the next one
            log.exception("handover message refresh failed", extra={"team": team_id, "act": act_id})


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
