"""The notices an access decision owes people, scheduled in the decision's own transaction.

The transactional outbox (docs/scheduling.md, issue 16): a decision writes the messages it owes
as delivery rows in the unit of work that takes it, so they exist iff it committed; the listener
then sends them at once after the ack (handlers/access/flows.send_now) and, should this process
die first, the scheduler sends them on a later tick. handlers/access/notices.py renders them from
the state as it is when sent.

One row per Slack effect group, each recorded as sent right after it goes out: the approvals
message redrawn, then the requester's DM (a crash in between repeats only the redraw, never
both). Subjects name the decision, never just the request or grant: a request is decided once
(approved, denied or withdrawn) and a grant's task is closed once (done, can't, revoked), so
`<id>:<event>` is unique even when a frozen clock gives two decisions the same time.

Scheduled by the listeners' use cases (handlers/access), not inside `approve`, `deny`, `fulfil`…
themselves: those are also run alone (other features' events, unit tests that play every due
delivery), where nobody is owed a Slack message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.access.views import RequestView
from bot.core.schedule import schedule

KIND_REQUEST_POST = "access.request_post"  # the request posted in the approvals channel
KIND_REQUEST_REDRAW = "access.request_redraw"  # that message drawn again once decided or withdrawn
KIND_REQUESTER_DM = "access.requester_dm"  # the requester told: approved, extended or denied
KIND_TASKS_CLOSED = "access.tasks_closed"  # the custodian's task messages: buttons give way to who answered
KIND_HOLDER_DM = "access.holder_dm"  # the holder told: active, can't be granted, removed
KIND_REVIEW_ANSWERED = "access.review_answered"  # the review message: the answered grant's buttons replaced

NOTICE_KINDS = (KIND_REQUEST_POST, KIND_REQUEST_REDRAW, KIND_REQUESTER_DM, KIND_TASKS_CLOSED, KIND_HOLDER_DM,
                KIND_REVIEW_ANSWERED)

REQUEST_EVENTS = ("approved", "extended", "denied", "withdrawn")
GRANT_EVENTS = ("fulfilled", "unfulfillable", "revoked")

Notice = tuple[str, str]  # (kind, subject id): what the listener sends at once after the ack


def _at(session: Session, team_id: str, kind: str, subject: str, now: datetime,
        payload: dict[str, Any] | None = None) -> Notice:
    schedule(session, team_id=team_id, kind=kind, subject_id=subject, at=now, payload=payload)
    return kind, subject


def request_posted(session: Session, view: RequestView, now: datetime) -> list[Notice]:
    """A new request: post it for approval (the requester is looked up when it is sent)."""
    return [_at(session, view.team_id, KIND_REQUEST_POST, str(view.id), now)]


def request_decided(session: Session, view: RequestView, event: str, now: datetime, *,
                    grant_id: int | None = None) -> list[Notice]:
    """Approved, extended, denied or withdrawn: the approvals message redrawn, and (unless the
    requester withdrew it themselves) the requester told."""
    assert event in REQUEST_EVENTS
    subject = f"{view.id}:{event}"
    notices = [_at(session, view.team_id, KIND_REQUEST_REDRAW, subject, now)]
    if event != "withdrawn":
        notices.append(_at(session, view.team_id, KIND_REQUESTER_DM, subject, now,
                           {"event": event, "grant": grant_id}))
    return notices


def task_closed(session: Session, team_id: str, grant_id: int, event: str, *, by: str, now: datetime,
                reason: str | None = None) -> list[Notice]:
    """Done, can't be done, or revoked: the custodian's task messages closed, then the holder told.
    Who answered and when go in the payload: the closing line says so, whenever it is sent."""
    assert event in GRANT_EVENTS
    subject = f"{grant_id}:{event}"
    closed = {"event": event, "by": by, "at": now.isoformat()}
    told: dict[str, Any] = {"event": event}
    if reason is not None:
        told["reason"] = reason
    return [_at(session, team_id, KIND_TASKS_CLOSED, subject, now, closed),
            _at(session, team_id, KIND_HOLDER_DM, subject, now, told)]


def review_answered(session: Session, team_id: str, review_id: int, *, channel: str, ts: str, text: str,
                    blocks: list[dict[str, Any]], now: datetime) -> list[Notice]:
    """The review message the custodian answered from, drawn with that grant's buttons replaced.

    Its place is the pressed message's own (Slack's signed payload; a press from the App Home names
    none, and then nothing is owed). A user id names no message to update: nothing either."""
    if not channel or not ts or channel[:1] in {"U", "W"}:
        return []
    payload = {"channel": channel, "ts": ts, "text": text, "blocks": blocks}
    return [_at(session, team_id, KIND_REVIEW_ANSWERED, str(review_id), now, payload)]
