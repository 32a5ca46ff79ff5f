"""What a posts decision owes the people it concerns, scheduled in the decision's own transaction
(the transactional outbox, issue 16): the approvals message redrawn, its thread told, the author's
and the actor's DMs. The row exists iff the decision committed; the request's after-ack work sends
it at once (handlers Call.send_notices) and, should the process die first, the scheduler does.

One delivery kind, `posts.notice`, rendered by handlers/posts/notices.py (render_notice) from the
post's row when sent; the payload carries only the decision's own facts (who, the comment, the
count) that the row does not keep. The subject is `<post id>:<revision>:<event>`, unique per
decision: a revision is approved, rejected or edited once; an event that can repeat on the same
revision at the same instant (approvals counted, hold and release cycles on a frozen test clock)
takes the next free `:<n>` suffix.

(Not `posts.…`: that prefix is the post's own timeline, the escalation, expiry and reminders.)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.core.schedule import schedule

KIND_NOTICE = "posts.notice"
EVENTS = frozenset({"submitted", "edited", "approve", "changes", "reject", "cancelled", "published",
                    "reassigned", "released", "rescheduled", "held"})
_SUFFIXES = 50  # far more decisions on one revision at one instant than anyone makes


def schedule_notice(session: Session, *, team_id: str, post_id: int, revision: int, event: str,
                    now: datetime, **facts: Any) -> str:
    """Schedule the notices of one decision, due now; the subject to send (Call.send_notices)."""
    if event not in EVENTS:
        raise ValueError(f"unknown posts notice event {event!r}")
    base = f"{post_id}:{revision}:{event}"
    payload = {"event": event, **facts}
    for n in range(1, _SUFFIXES + 1):
        subject = base if n == 1 else f"{base}:{n}"
        if schedule(session, team_id=team_id, kind=KIND_NOTICE, subject_id=subject, at=now, payload=payload):
            return subject
    raise RuntimeError(f"no free subject for {base}")
