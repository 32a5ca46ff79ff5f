"""What the scheduler sends for access: custodian tasks, expiry warnings, reviews, and the
notices a decision owes people (bot/access/outbox.py: the request posted, the approvals message
redrawn, the requester and the holder told, task and review messages closed).

Each renderer re-reads the state when the delivery is due and returns None once the
task is no longer needed (fulfilled, revoked, extended, answered): the delivery is then
cancelled and its daily or weekly repeats stop. A decision's notice is drawn from the state
when it is sent, so a notice sent late (after a crash) shows what is true then.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.access import grants
from bot.access import outbox as access_outbox
from bot.access import requests as access_requests
from bot.access.guides import grant_guide, revoke_guide
from bot.access.review import pending_items, unanswered_by_custodian
from bot.access.task_messages import FIRST_WINDOW, TaskMessage, remember, task_messages
from bot.access.views import (
    KIND_FULFIL,
    KIND_REVIEW,
    KIND_REVIEW_REPORT,
    KIND_REVOKE,
    KIND_WARNING,
    get_grant,
    grant_view,
    limits,
    request_view,
)
from bot.core import runner
from bot.core.authz import Actor
from bot.core.context import AppContext
from bot.core.errors import DomainError
from bot.core.i18n import Translator
from bot.core.parsing import parse_id
from bot.core.schedule import Outgoing, RenderContext, Renderer
from handlers import slack
from handlers.access import blocks
from handlers.access.flows import user_facts
from handlers.access.ids import AccessIds as I
from handlers.blockkit import Block, user_text
from handlers.kit import error_text
from handlers.outbound import PERMANENT_ERRORS, slack_error_code
from storage.models import AccessRequest, AccessReview, Grant

log = logging.getLogger("socialops.access")


def _grant(rc: RenderContext) -> Grant | None:
    grant_id = parse_id(rc.delivery.subject_id)
    grant = rc.session.get(Grant, grant_id) if grant_id is not None else None
    return grant if grant is not None and grant.team_id == rc.delivery.team_id else None


def fulfil_message(session: Session, tr: Translator, grant: Grant | None, *,
                   reminder: bool) -> tuple[str, list[Block]]:
    """The custodian's task: who, which role, the network's steps, Done / Can't do it."""
    assert grant is not None
    view = grant_view(session, grant)
    req = session.get(AccessRequest, grant.request_id) if grant.request_id else None
    duration = timedelta(seconds=req.duration_seconds if req else 0)
    guide = grant_guide(view.account.network, view.role, email=view.holder_email or "—",
                        handle=view.account.handle, holder=view.holder_id, shared=view.shared_password)
    return blocks.fulfil_task(tr, view, guide, duration, reminder)


def posted_fulfil_tasks(session: Session, tr: Translator, team_id: str,
                        grant_id: int) -> list[tuple[TaskMessage, str, list[Block]]]:
    """Each posted message of the grant's fulfilment task, drawn again as it was (task or
    reminder), for a chat.update once the task is answered."""
    grant = get_grant(session, team_id, grant_id)
    return [(where, *fulfil_message(session, tr, grant, reminder=where.reminder))
            for where in task_messages(session, team_id, grant_id)]


def render_fulfil_task(rc: RenderContext) -> list[Outgoing] | None:
    grant = _grant(rc)
    if grant is None or grant.status != "awaiting_fulfilment":
        return None
    reminder = rc.delivery.occurrence_at - grant.created_at >= FIRST_WINDOW
    text, task = fulfil_message(rc.session, rc.tr, grant, reminder=reminder)
    custodian = grant_view(rc.session, grant).account.custodian_id
    # Remembered so that "Can't do it" can close this very message (bot/access/task_messages.py).
    return [Outgoing(to=custodian, text=text, blocks=task, on_sent=remember(grant.team_id, rc.delivery.id))]


def render_expiry_warning(rc: RenderContext) -> list[Outgoing] | None:
    grant = _grant(rc)
    if grant is None or grant.status != "active" or grant.expires_at is None:
        return None
    if rc.delivery.payload.get("expires_at") != grant.expires_at.isoformat() or grant.expires_at <= rc.now:
        return None  # the grant changed (extended, ended) since this warning was planned
    view = grant_view(rc.session, grant)
    text, warning = blocks.expiry_warning(rc.tr, view, str(rc.delivery.payload.get("before", "1d")))
    return [Outgoing(to=grant.holder_id, text=text, blocks=warning)]


def revoke_message(session: Session, tr: Translator, grant: Grant, *, reminder: bool) -> tuple[str, list[Block]]:
    """The custodian's removal task: whose access, the network's steps, Revoked."""
    view = grant_view(session, grant)
    guide = revoke_guide(view.account.network, email=view.holder_email or "—", handle=view.account.handle,
                         holder=view.holder_id, shared=view.shared_password)
    return blocks.revoke_task(tr, view, guide, reminder)


def posted_revoke_tasks(session: Session, tr: Translator, team_id: str,
                        grant_id: int) -> list[tuple[TaskMessage, str, list[Block]]]:
    """Each posted message of the grant's removal task, drawn again as it was, for a chat.update."""
    grant = get_grant(session, team_id, grant_id)
    return [(where, *revoke_message(session, tr, grant, reminder=where.reminder))
            for where in task_messages(session, team_id, grant_id, KIND_REVOKE)]


def render_revoke_task(rc: RenderContext) -> list[Outgoing] | None:
    grant = _grant(rc)
    if grant is None:
        return None
    expired_now = grants.expire_if_due(rc.session, grant, rc.now)
    if grant.status != "revoking":
        return None
    view = grant_view(rc.session, grant)
    started = grant.revoke_requested_at or rc.delivery.occurrence_at
    reminder = rc.delivery.occurrence_at - started >= FIRST_WINDOW
    text, task = revoke_message(rc.session, rc.tr, grant, reminder=reminder)
    # Remembered so that "Revoked" (from the task or the App Home) closes this very message.
    out = [Outgoing(to=view.account.custodian_id, text=text, blocks=task,
                    on_sent=remember(grant.team_id, rc.delivery.id, KIND_REVOKE))]
    if expired_now:
        out.append(Outgoing(to=grant.holder_id, text=rc.tr(
            "access.dm.expired", account=blocks.account_text(view.account), role=view.role)
            + blocks.shared_badge(rc.tr, view.shared_password)))
    return out


def render_review(rc: RenderContext) -> list[Outgoing] | None:
    cycle = str(rc.delivery.payload.get("cycle", ""))
    custodian = rc.delivery.recipient or ""
    items = pending_items(rc.session, rc.delivery.team_id, cycle, custodian)
    if not items:
        return None
    try:
        started = datetime.fromisoformat(str(rc.delivery.payload.get("started_at")))
    except ValueError:
        started = rc.delivery.occurrence_at
    reminder = rc.delivery.occurrence_at - started >= FIRST_WINDOW
    messages = blocks.review_messages(rc.tr, [(i.review_id, i.grant) for i in items], cycle, reminder, rc.now)
    return [Outgoing(to=custodian, text=text, blocks=body) for text, body in messages]


def render_review_report(rc: RenderContext) -> list[Outgoing] | None:
    cycle = str(rc.delivery.payload.get("cycle", ""))
    unanswered = unanswered_by_custodian(rc.session, rc.delivery.team_id, cycle)
    if not unanswered or not rc.delivery.recipient:
        return None
    return [Outgoing(to=rc.delivery.recipient, text=blocks.review_report(rc.tr, cycle, unanswered))]


# ---- the notices of a decision (bot/access/outbox.py) -----------------------------------------

def _subject(rc: RenderContext) -> tuple[int | None, str]:
    """`<id>:<event>` → (id, event); an id that names no row of ours is None."""
    raw, _, event = rc.delivery.subject_id.partition(":")
    return parse_id(raw), event


def _request(rc: RenderContext) -> AccessRequest | None:
    request_id, _ = _subject(rc)
    req = rc.session.get(AccessRequest, request_id) if request_id is not None else None
    return req if req is not None and req.team_id == rc.delivery.team_id else None


def _user_facts(client: Any, user_id: str, team_id: str) -> tuple[bool, str | None]:
    """users.info as the approval reads it; a failed lookup is shown as not external (the
    approval asks users.info again before deciding)."""
    try:
        return user_facts(client, user_id, team_id)
    except DomainError:
        return False, None


def render_request_post(rc: RenderContext) -> list[Outgoing] | None:
    """The request in the approvals channel, with Approve / Deny while pending.

    One `call`: users.info first (guest? e-mail? shown to the approvers), then the post; both
    facts and the message's place are remembered by on_sent, so a decision updates that very
    message. A post Slack refuses for good (channel_not_found, not_in_channel…) is handled as it
    always was: the requester is told in a DM ("access.error.post_failed") and the delivery ends
    there — no admin alert; a transient failure is re-raised, for the scheduler's backoff."""
    req = _request(rc)
    if req is None or req.message_ts:
        return None  # posted already: its record came after a send that was repeated
    view = request_view(rc.session, req)
    tr, team, channel = rc.tr, view.team_id, view.approvals_channel or ""
    facts: dict[str, Any] = {}

    def post(client: Any) -> tuple[str, str]:
        external, email = _user_facts(client, view.requester_id, team)
        facts.update(external=external, email=email)
        shown = replace(view, external=external)
        try:
            sent = client.chat_postMessage(channel=channel, text=blocks.request_text(tr, shown),
                                           blocks=blocks.request_blocks(tr, shown))
        except SlackApiError as exc:
            code = slack_error_code(exc)
            if code not in PERMANENT_ERRORS:
                raise
            log.warning("approvals post failed", extra={"team": team, "error": code})
            slack.dm(client, view.requester_id, tr("access.error.post_failed", id=view.id, channel=channel))
            return "", ""
        return str(sent["channel"]), str(sent["ts"])

    def remember(session: Session, where: str, ts: str) -> None:
        if facts:
            access_requests.record_requester_info(session, team, view.id, external=bool(facts["external"]),
                                                  email=facts["email"])
        if where and ts:
            access_requests.record_message(session, team, view.id, where, ts)

    return [Outgoing(to=channel, text=blocks.request_text(tr, view), call=post, on_sent=remember)]


def render_approval(rc: RenderContext) -> list[Outgoing] | None:
    """An Approve press (bot/access/outbox.approval_pressed): users.info on the requester (guest?
    e-mail?), then the decision as the approver, at the press's time — the rules need those facts
    fresh. A rule saying no (already decided, a guest without a commitment, not an approver) is
    told to the approver where they pressed, as an ephemeral; audited as any refusal. The decision
    schedules its own notices (the approvals message redrawn, the requester told)."""
    by = str(rc.delivery.payload.get("by") or "")
    req = _request(rc)
    ctx = rc.app
    if req is None or not by or not isinstance(ctx, AppContext):  # None in renderers' own unit tests
        return None
    team, channel, tr = rc.delivery.team_id, str(rc.delivery.payload.get("channel") or ""), rc.tr
    request_id, requester = req.id, req.requester_id
    actor, at = Actor(team, by), rc.delivery.occurrence_at

    def decide(client: Any) -> tuple[str, str]:
        try:
            external, email = user_facts(client, requester, team)
            runner.run(ctx, actor, lambda s: access_outbox.approve(s, actor, request_id, external=external,
                                                                   email=email, now=at))
        except DomainError as exc:
            slack.tell(client, by, channel, error_text(tr, exc))
            return by, "refused"
        return by, "decided"

    return [Outgoing(to=by, text=f"approve request #{request_id}", call=decide)]


def render_request_redraw(rc: RenderContext) -> list[Outgoing] | None:
    """The approvals message drawn again where the request row says it was posted: never a place
    a click or a form names, which could be any message the bot wrote. Not posted (yet): nothing
    to update — a post still to come draws the request as it is then."""
    req = _request(rc)
    if req is None or not req.message_channel or not req.message_ts:
        return None
    view = request_view(rc.session, req, today=(req.decided_at or rc.now).date())
    return [Outgoing(to=req.message_channel, update_ts=req.message_ts, text=blocks.request_text(rc.tr, view),
                     blocks=blocks.request_blocks(rc.tr, view))]


def render_requester_dm(rc: RenderContext) -> list[Outgoing] | None:
    req = _request(rc)
    if req is None:
        return None
    view = request_view(rc.session, req)
    tr, event = rc.tr, str(rc.delivery.payload.get("event") or "")
    account = blocks.account_text(view.account)
    if event == "approved":
        text = tr("access.dm.approved", id=view.id, account=account, role=view.role,
                  custodian=view.account.custodian_id) + blocks.shared_badge(tr, view.shared_password)
    elif event == "extended":
        grant_id = parse_id(rc.delivery.payload.get("grant"))
        grant = rc.session.get(Grant, grant_id) if grant_id is not None else None
        expires = grant.expires_at if grant is not None and grant.team_id == req.team_id else None
        text = tr("access.dm.extended", id=view.id, account=account, expires=blocks.when(expires, view.timezone))
    elif event == "denied":
        text = tr("access.dm.denied", id=view.id, account=account, reason=user_text(req.decision_note or "—"),
                  user=req.decided_by or "—")
    else:
        return None
    return [Outgoing(to=view.requester_id, text=text)]


_CLOSING_LINE = {"fulfilled": "access.fulfil.done_line", "unfulfillable": "access.fulfil.cannot_line",
                 "revoked": "access.revoke.done_line"}


def render_tasks_closed(rc: RenderContext) -> list[Outgoing] | None:
    """Every posted message of the grant's task (as the scheduler recorded them), its buttons
    replaced by who answered and when. None recorded: nothing to close (the listener updates the
    pressed message itself, bot/access/task_messages.py)."""
    grant = _grant_of_subject(rc)
    event = str(rc.delivery.payload.get("event") or "")
    key = _CLOSING_LINE.get(event)
    if grant is None or key is None:
        return None
    try:
        at = datetime.fromisoformat(str(rc.delivery.payload.get("at")))
    except ValueError:
        at = rc.delivery.occurrence_at
    view = grant_view(rc.session, grant)
    line = blocks.done_line(rc.tr, key, str(rc.delivery.payload.get("by") or "—"), at, view.timezone)
    posted = (posted_revoke_tasks if event == "revoked" else posted_fulfil_tasks)(
        rc.session, rc.tr, grant.team_id, grant.id)
    return [Outgoing(to=where.channel, update_ts=where.ts, text=text, blocks=blocks.replace_actions(task, line))
            for where, text, task in posted if where.channel[:1] not in {"U", "W"}] or None


def render_holder_dm(rc: RenderContext) -> list[Outgoing] | None:
    grant = _grant_of_subject(rc)
    if grant is None:
        return None
    view = grant_view(rc.session, grant)
    tr, event = rc.tr, str(rc.delivery.payload.get("event") or "")
    account = blocks.account_text(view.account)
    if event == "fulfilled":
        text = tr("access.dm.active", id=view.id, role=view.role, account=account,
                  expires=blocks.when(view.expires_at, view.timezone)) + blocks.shared_badge(tr, view.shared_password)
    elif event == "unfulfillable":
        text = tr("access.dm.unfulfillable", id=view.id, account=account,
                  reason=user_text(str(rc.delivery.payload.get("reason") or "—")))
    elif event == "revoked":
        text = tr("access.dm.revoked", id=view.id, role=view.role, account=account) + blocks.shared_badge(
            tr, view.shared_password)
    else:
        return None
    return [Outgoing(to=view.holder_id, text=text)]


def _grant_of_subject(rc: RenderContext) -> Grant | None:
    grant_id, _ = _subject(rc)
    grant = rc.session.get(Grant, grant_id) if grant_id is not None else None
    return grant if grant is not None and grant.team_id == rc.delivery.team_id else None


_REVIEW_LINE = {"kept": "access.review.kept_line", "revoked": "access.review.revoked_line"}


def render_review_answered(rc: RenderContext) -> list[Outgoing] | None:
    """The review message the custodian answered from (the pressed message as it was: the review
    messages themselves are not recorded), with the buttons of every review in it that is answered
    by now replaced by who answered and when. Drawn from the state, not from the press: two answers
    from one message sent in either order (one of them late, after a crash) both show."""
    p = rc.delivery.payload
    channel, ts, body = str(p.get("channel") or ""), str(p.get("ts") or ""), p.get("blocks")
    if not channel or not ts or not isinstance(body, list):
        return None
    tz = limits(rc.session, rc.delivery.team_id).timezone
    drawn: list[Block] = [b for b in body if isinstance(b, dict)]
    for block in list(drawn):
        block_id = str(block.get("block_id") or "")
        if not block_id.startswith(I.B_REVIEW_PREFIX):
            continue
        review_id = parse_id(block_id.removeprefix(I.B_REVIEW_PREFIX))
        row = rc.session.get(AccessReview, review_id) if review_id is not None else None
        if row is None or row.team_id != rc.delivery.team_id or row.status not in _REVIEW_LINE:
            continue
        line = blocks.done_line(rc.tr, _REVIEW_LINE[row.status], row.decided_by or "—",
                                row.decided_at or rc.delivery.occurrence_at, tz)
        drawn = blocks.replace_actions(drawn, line, block_id)
    return [Outgoing(to=channel, update_ts=ts, text=str(p.get("text") or ""), blocks=drawn)]


RENDERERS: dict[str, Renderer] = {
    access_outbox.KIND_APPROVAL: render_approval,
    access_outbox.KIND_REQUEST_POST: render_request_post,
    access_outbox.KIND_REQUEST_REDRAW: render_request_redraw,
    access_outbox.KIND_REQUESTER_DM: render_requester_dm,
    access_outbox.KIND_TASKS_CLOSED: render_tasks_closed,
    access_outbox.KIND_HOLDER_DM: render_holder_dm,
    access_outbox.KIND_REVIEW_ANSWERED: render_review_answered,
    KIND_FULFIL: render_fulfil_task,
    KIND_WARNING: render_expiry_warning,
    KIND_REVOKE: render_revoke_task,
    KIND_REVIEW: render_review,
    KIND_REVIEW_REPORT: render_review_report,
}
