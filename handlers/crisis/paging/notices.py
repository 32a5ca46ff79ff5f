"""What the scheduler sends for crisis paging: each step's pages, the unanswered notice, the
acknowledgement (page DMs edited in place and the announcement), pages closed by a resolve or a
severity change, the status-update reminders and the severity note.

The rules (bot/crisis/paging.py and siblings) decide in the renderer's transaction, which commits
before anything is sent; a renderer answers None when its moment has passed (acknowledged,
resolved, an older generation), which cancels the delivery and ends a repeat.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core.schedule import Outgoing, RenderContext, Renderer
from bot.crisis import acknowledge, paging, severity, status
from handlers.blockkit import user_text
from handlers.crisis.paging import blocks
from storage.models import Crisis


def _remember(team_id: str, page_id: int, now: datetime) -> Callable[[Session, str, str], None]:
    def remember(session: Session, channel: str, ts: str) -> None:
        paging.store_page_message(session, team_id, page_id, channel, ts, now)

    return remember


def render_page(rc: RenderContext) -> list[Outgoing] | None:
    d = rc.delivery
    step = paging.page_step(rc.session, d.team_id, d.subject_id, d.occurrence_at, d.payload or {}, rc.now)
    if step is None:
        return None
    text, body = blocks.page_message(rc.tr, step)
    return [Outgoing(to=user, text=text, blocks=body,
                     on_sent=_remember(d.team_id, page_id, rc.now))
            for user, page_id in step.pages]


def render_unanswered(rc: RenderContext) -> list[Outgoing] | None:
    d = rc.delivery
    found = paging.unanswered(rc.session, d.team_id, d.subject_id, rc.now)
    if found is None:
        return None
    c = found.crisis
    users = ", ".join(f"<@{u}>" for u in found.paged) or rc.tr("crisis.page.nobody")
    text = "\n".join([rc.tr("crisis.page.unanswered", number=c.number, severity=c.severity, cycles=found.cycles,
                            users=users), rc.tr("crisis.page.summary", summary=user_text(c.summary))])
    out = [Outgoing(to=admin, text=text) for admin in found.admins]
    if c.channel_id:
        out.append(Outgoing(to=c.channel_id, text=text))
    return out or None


def _edits(rc: RenderContext, edits: list[acknowledge.PageEdit]) -> list[Outgoing]:
    out = []
    for edit in edits:
        text, body = blocks.edited_page(rc.tr, edit)
        out.append(Outgoing(to=edit.channel, text=text, blocks=body, update_ts=edit.ts))
    return out


def _page_ids(rc: RenderContext) -> list[int]:
    raw = (rc.delivery.payload or {}).get("pages", [])
    return [i for i in raw if isinstance(i, int)] if isinstance(raw, list) else []


def render_acked(rc: RenderContext) -> list[Outgoing] | None:
    d = rc.delivery
    notice = acknowledge.ack_notice(rc.session, d.team_id, d.subject_id, _page_ids(rc))
    if notice is None:
        return None
    c = notice.crisis
    key = "crisis.ack.announce" if notice.in_channel else "crisis.ack.announce_dm"
    announce = rc.tr(key, user=notice.by, number=c.number, at=notice.at, minutes=notice.minutes)
    return [*_edits(rc, list(notice.edits)), Outgoing(to=notice.to, text=announce)]


def render_pages_closed(rc: RenderContext) -> list[Outgoing] | None:
    reason = str((rc.delivery.payload or {}).get("reason") or "")
    return _edits(rc, acknowledge.page_edits(rc.session, rc.delivery.team_id, _page_ids(rc), reason)) or None


def render_page_update(rc: RenderContext) -> list[Outgoing] | None:
    """One page whose DM went out after its paging stopped (on_sent found it no longer open)."""
    page_id = paging.parse_subject(rc.delivery.subject_id, 1)
    edits = acknowledge.page_edits(rc.session, rc.delivery.team_id, [page_id[0]] if page_id else [])
    return _edits(rc, edits) or None


def render_status(rc: RenderContext) -> list[Outgoing] | None:
    d = rc.delivery
    due = status.status_due(rc.session, d.team_id, d.subject_id, d.occurrence_at, d.repeat_seconds, rc.now)
    if due is None:
        return None
    c = due.crisis
    nxt = paging.local(due.next_at, due.timezone) if due.next_at else "—"
    key = "crisis.status.reminder" if due.in_channel else "crisis.status.reminder_dm"
    return [Outgoing(to=due.to, text=rc.tr(key, number=c.number, severity=c.severity, next=nxt, tz=due.timezone))]


def render_severity(rc: RenderContext) -> list[Outgoing] | None:
    d = rc.delivery
    found = paging.parse_subject(d.subject_id, 2)
    if found is None:
        return None
    crisis = rc.session.get(Crisis, found[0])
    if crisis is None or crisis.team_id != d.team_id:
        return None
    p = d.payload or {}
    new, mode = str(p.get("to", crisis.severity)), str(p.get("mode", severity.NONE))
    what = rc.tr(f"crisis.severity.what.{mode}", severity=new) if mode in (
        severity.REPAGE, severity.INFO, severity.NONE) else ""
    text = rc.tr("crisis.severity.note", user=str(p.get("by", "")), number=crisis.number, old=str(p.get("from", "")),
                 new=new, what=what)
    return [Outgoing(to=crisis.channel_id or crisis.reporter_id, text=text)]


RENDERERS: dict[str, Renderer] = {
    paging.KIND_PAGE: render_page,
    paging.KIND_UNANSWERED: render_unanswered,
    paging.KIND_PAGES_CLOSED: render_pages_closed,
    paging.KIND_PAGE_UPDATE: render_page_update,
    acknowledge.KIND_ACKED: render_acked,
    status.KIND_STATUS: render_status,
    severity.KIND_SEVERITY: render_severity,
}
