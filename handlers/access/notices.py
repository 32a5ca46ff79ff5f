"""What the scheduler sends for access: custodian tasks, expiry warnings, reviews.

Each renderer re-reads the state when the delivery is due and returns None once the
task is no longer needed (fulfilled, revoked, extended, answered): the delivery is then
cancelled and its daily or weekly repeats stop.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.access import grants
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
)
from bot.core.i18n import Translator
from bot.core.parsing import parse_id
from bot.core.schedule import Outgoing, RenderContext, Renderer
from handlers.access import blocks
from handlers.blockkit import Block
from storage.models import AccessRequest, Grant


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


RENDERERS: dict[str, Renderer] = {
    KIND_FULFIL: render_fulfil_task,
    KIND_WARNING: render_expiry_warning,
    KIND_REVOKE: render_revoke_task,
    KIND_REVIEW: render_review,
    KIND_REVIEW_REPORT: render_review_report,
}
