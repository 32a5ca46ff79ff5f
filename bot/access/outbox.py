"""The notices an access decision owes people, scheduled in the decision's own transaction.

The transactional outbox (docs/scheduling.md, issue 16): a decision writes the messages it owes
as delivery rows in the unit of work that takes it, so they exist iff it committed; the listener
then sends them at once after the ack (Call.send_notices_in_order) and, should this process
die first, the scheduler sends them on a later tick. handlers/access/notices.py renders them from
the state as it is when sent.

One row per Slack effect group, each recorded as sent right after it goes out: the approvals
message redrawn, then the requester's DM (a crash in between repeats only the redraw, never
both). Subjects name the decision, never just the request or grant: a request is decided once
(approved, denied or withdrawn) and a grant's task is closed once (done, can't, revoked), so
`<id>:<event>` is unique even when a frozen clock gives two decisions the same time.

A notice Slack refuses for good: the request post tells the requester, as it always did
("access.error.post_failed", in its renderer's own call: handlers/access/notices.render_request_post).
Every other one (a DM to a user who left, an approvals channel the bot was removed from) was an
exception in the after-ack work, apologised for to the actor; it is now a failed delivery, and the
scheduler's dead-letter alert tells the admins, who can fix it (scheduler/alerts.py). An update of a
message Slack no longer has counts as sent (scheduler/notifier.GONE_ERRORS), as nobody can press it.

The listeners run the use cases at the end of this module: each takes the decision (bot/access
requests, grants, review) and schedules its notices in the same session. The decisions themselves
do not schedule them: they are also run alone (other features' events, unit tests that play every
due delivery), where nobody is owed a Slack message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.access import grants
from bot.access import requests as access_requests
from bot.access import review as access_review
from bot.access.parse import RequestDraft
from bot.access.task_messages import task_messages
from bot.access.views import KIND_REVOKE, GrantView, RequestView
from bot.core.authz import Actor
from bot.core.schedule import schedule, schedule_press

KIND_REQUEST_POST = "access.request_post"  # the request posted in the approvals channel
KIND_REQUEST_REDRAW = "access.request_redraw"  # that message drawn again once decided or withdrawn
KIND_REQUESTER_DM = "access.requester_dm"  # the requester told: approved, extended or denied
KIND_TASKS_CLOSED = "access.tasks_closed"  # the custodian's task messages: buttons give way to who answered
KIND_HOLDER_DM = "access.holder_dm"  # the holder told: active, can't be granted, removed
KIND_REVIEW_ANSWERED = "access.review_answered"  # the review message: the answered grant's buttons replaced

# An Approve press: its work (users.info on the requester, then the decision) is a delivery written
# before the ack, so a process killed after the ack still decides (handlers/access/notices.py).
KIND_APPROVAL = "access.approval"

NOTICE_KINDS = (KIND_REQUEST_POST, KIND_REQUEST_REDRAW, KIND_REQUESTER_DM, KIND_TASKS_CLOSED, KIND_HOLDER_DM,
                KIND_REVIEW_ANSWERED)

REQUEST_EVENTS = ("approved", "extended", "denied", "withdrawn")
GRANT_EVENTS = ("fulfilled", "unfulfillable", "revoked")

Notice = tuple[str, str]  # (kind, subject id): what the listener sends at once after the ack


def _at(session: Session, team_id: str, kind: str, subject: str, now: datetime,
        payload: dict[str, Any] | None = None) -> Notice:
    schedule(session, team_id=team_id, kind=kind, subject_id=subject, at=now, payload=payload)
    return kind, subject


def approval_pressed(session: Session, actor: Actor, request_id: int, channel: str, now: datetime) -> list[Notice]:
    """Approve pressed: the decision needs users.info on the requester first, which waits for the
    ack; the press is written now, as a delivery whose work looks the requester up and decides at
    the press's time (`now`, whenever it runs), then tells the approver of a refusal where they
    pressed. Each press its own (`<request id>:<approver>:<n>`): a second approver's is told
    "already decided".
    Returned with the notices an approval or extension schedules, to send in order after it."""
    # Refused at once and nothing written: not an approver, the requester, no such request, decided.
    access_requests.check_can_decide(session, actor, request_id, "access.approve")
    after = [(kind, f"{request_id}:{event}") for event in ("approved", "extended")
             for kind in (KIND_REQUEST_REDRAW, KIND_REQUESTER_DM)]
    # The same approver pressing again before their press was worked (a repeat after Slack showed
    # a timeout, a double click) presses once.
    press = schedule_press(session, team_id=actor.team_id, kind=KIND_APPROVAL, prefix=f"{request_id}:{actor.user_id}:",
                           at=now, payload={"by": actor.user_id, "channel": channel})
    return [(KIND_APPROVAL, press), *after]


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
    """The review message the custodian answered from, to draw again with the answered reviews'
    buttons replaced (handlers/access/notices.render_review_answered).

    Its place is the pressed message's own (Slack's signed payload; a press from the App Home names
    none, and then nothing is owed). A user id names no message to update: nothing either."""
    if not channel or not ts or channel[:1] in {"U", "W"}:
        return []
    payload = {"channel": channel, "ts": ts, "text": text, "blocks": blocks}
    return [_at(session, team_id, KIND_REVIEW_ANSWERED, str(review_id), now, payload)]


# ---- the listeners' use cases: a decision and its notices, in one unit of work ----------------

def request(session: Session, actor: Actor, draft: RequestDraft, now: datetime, *,
            extends_grant_id: int | None = None) -> tuple[RequestView, list[Notice]]:
    view = access_requests.create_request(session, actor, draft, now, extends_grant_id=extends_grant_id)
    return view, request_posted(session, view, now)


def approve(session: Session, actor: Actor, request_id: int, *, external: bool, email: str | None,
            now: datetime) -> list[Notice]:
    decision = access_requests.approve(session, actor, request_id, external=external, email=email, now=now)
    return request_decided(session, decision.request, "extended" if decision.extended else "approved", now,
                           grant_id=decision.grant_id)


def deny(session: Session, actor: Actor, request_id: int, reason: str, now: datetime) -> list[Notice]:
    decision = access_requests.deny(session, actor, request_id, reason, now)
    return request_decided(session, decision.request, "denied", now)


def withdraw(session: Session, actor: Actor, request_id: int, now: datetime) -> tuple[RequestView, list[Notice]]:
    view = access_requests.withdraw(session, actor, request_id, now)
    return view, request_decided(session, view, "withdrawn", now)  # redrawn without its buttons


def fulfilled(session: Session, actor: Actor, grant_id: int, now: datetime) -> tuple[GrantView, bool, list[Notice]]:
    """Done. Also whether any task message was recorded: if not, the listener closes the pressed one."""
    view = grants.fulfil(session, actor, grant_id, now)
    recorded = bool(task_messages(session, actor.team_id, view.id))
    return view, recorded, task_closed(session, actor.team_id, view.id, "fulfilled", by=actor.user_id, now=now)


def unfulfillable(session: Session, actor: Actor, grant_id: int, reason: str, now: datetime) -> list[Notice]:
    view = grants.cannot_fulfil(session, actor, grant_id, reason, now)
    return task_closed(session, actor.team_id, view.id, "unfulfillable", by=actor.user_id, now=now, reason=reason)


def revoked(session: Session, actor: Actor, grant_id: int, now: datetime) -> tuple[GrantView, bool, list[Notice]]:
    """Revoked pressed; as `fulfilled`, with whether any removal task message was recorded."""
    view = grants.confirm_revoked(session, actor, grant_id, now)
    recorded = bool(task_messages(session, actor.team_id, view.id, KIND_REVOKE))
    return view, recorded, task_closed(session, actor.team_id, view.id, "revoked", by=actor.user_id, now=now)


# Where the answered review message is and what it said: (channel, ts, text, blocks) of the pressed
# message, which its renderer draws again with the answered reviews' buttons replaced (Block Kit is
# the handlers' business).
DrawReview = Callable[[access_review.ReviewItem], tuple[str, str, str, list[dict[str, Any]]]]


def answer_review(session: Session, actor: Actor, review_id: int, *, keep: bool, now: datetime,
                  draw: DrawReview) -> list[Notice]:
    item = access_review.decide(session, actor, review_id, keep=keep, now=now)
    channel, ts, text, blocks = draw(item)
    return review_answered(session, actor.team_id, review_id, channel=channel, ts=ts, text=text, blocks=blocks,
                           now=now)
