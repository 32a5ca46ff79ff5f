"""What the scheduler sends for posts: the escalation at T-2 h and the expiry at T (and the Friday cadence
notice), and what each decision owes others (`posts.notice`, the transactional outbox: render_notice).

The subject is `<post id>:<revision>`; a renderer re-reads the post when due and returns None
(nothing sent, the delivery cancelled) when it no longer applies: approved, edited since (another
revision), cancelled or already expired. The scheduler sends each delivery once, across restarts.
The expiry also updates the approvals message in place (`Outgoing.update_ts`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot.core.i18n import Translator
from bot.core.parsing import parse_id
from bot.core.schedule import Outgoing, RenderContext, Renderer
from bot.posts import approvals, cadence, drafts, publishing
from bot.posts.notify import KIND_NOTICE
from bot.posts.parse import zone
from bot.posts.views import (
    KIND_ESCALATION,
    KIND_EXPIRY,
    KIND_OVERDUE,
    KIND_REMINDER,
    STATUS_EMOJI,
    PostView,
    workspace_of,
)
from handlers import slack
from handlers.blockkit import user_text
from handlers.outbound import PERMANENT_ERRORS, slack_error_code
from handlers.posts import blocks
from handlers.posts.holds import held_list
from storage.models import Post

log = logging.getLogger("socialops.posts")


def _subject(rc: RenderContext) -> tuple[int, int] | None:
    post, _, revision = rc.delivery.subject_id.partition(":")
    post_id, rev = parse_id(post), parse_id(revision)
    return (post_id, rev) if post_id is not None and rev is not None else None


def render_escalation(rc: RenderContext) -> list[Outgoing] | None:
    found = _subject(rc)
    post = approvals.escalation_due(rc.session, rc.delivery.team_id, *found) if found else None
    if post is None:
        return None
    ws = workspace_of(rc.session, post.team_id)
    when = post.scheduled_at.astimezone(zone(ws.timezone)).strftime("%Y-%m-%d %H:%M")
    text = rc.tr("post.dm.escalation", id=post.id, when=f"{when} ({ws.timezone})", channel=ws.approvals_channel or "")
    out = [Outgoing(to=user, text=text) for user in approvals.approvers(rc.session, post.team_id,
                                                                       besides=post.author_id)]
    if post.message_channel and post.message_ts:
        out.append(Outgoing(to=post.message_channel, text=rc.tr("post.thread.escalated"), thread_ts=post.message_ts))
    return out or None


def _expired_by_this(rc: RenderContext, post_id: int, revision: int) -> Post | None:
    """The post this delivery already expired on an earlier attempt that got only part of the
    way (a failed update, a rate limit, a crash before the outcome was recorded): rendered
    again so the rest goes out; the scheduler skips the parts already sent."""
    d = rc.delivery
    if d.attempts <= 1 and d.last_error is None:
        return None  # a first attempt: an expired post was expired by someone else
    post = rc.session.get(Post, post_id)
    if post is None or post.team_id != d.team_id or post.revision != revision or post.status != "expired":
        return None
    return post


def render_expiry(rc: RenderContext) -> list[Outgoing] | None:
    found = _subject(rc)
    post = approvals.expire_if_due(rc.session, rc.delivery.team_id, *found, rc.now) if found else None
    if post is None and found:
        post = _expired_by_this(rc, *found)
    if post is None:
        return None
    ws = workspace_of(rc.session, post.team_id)
    when = post.scheduled_at.astimezone(zone(ws.timezone)).strftime("%Y-%m-%d %H:%M")
    emoji = STATUS_EMOJI["expired"]
    out = [Outgoing(to=post.author_id, text=rc.tr("post.dm.expired", emoji=emoji, id=post.id, when=when))]
    if post.message_channel and post.message_ts:
        # The approvals message drawn as the post now is (expired, no buttons left to press),
        # then the note in its thread.
        view = drafts.post_view(rc.session, post, rc.now)
        out.append(Outgoing(to=post.message_channel, text=blocks.post_text(rc.tr, view),
                            blocks=blocks.post_blocks(rc.tr, view), update_ts=post.message_ts))
        out.append(Outgoing(to=post.message_channel, text=rc.tr("post.thread.expired", emoji=emoji),
                            thread_ts=post.message_ts))
    return out


def render_reminder(rc: RenderContext) -> list[Outgoing] | None:
    found = _subject(rc)
    view = publishing.reminder_due(rc.session, rc.delivery.team_id, *found, rc.now) if found else None
    if view is None:
        return None
    before = str(rc.delivery.payload.get("before", "15m"))
    text, body = blocks.reminder_blocks(rc.tr, view, before if before in ("24h", "15m") else "15m")
    return [Outgoing(to=view.publisher_id, text=text, blocks=body)]


def render_overdue(rc: RenderContext) -> list[Outgoing] | None:
    found = _subject(rc)
    view = publishing.mark_overdue(rc.session, rc.delivery.team_id, *found, rc.now) if found else None
    if view is None:
        return None
    emoji = STATUS_EMOJI["overdue"]
    when = f"{blocks.when(view)} ({view.timezone})"
    out = [Outgoing(to=view.publisher_id, text=rc.tr("post.dm.overdue", emoji=emoji, id=view.id, when=when))]
    if view.approvals_channel:
        out.append(Outgoing(to=view.approvals_channel, text=rc.tr(
            "post.channel.overdue", emoji=emoji, id=view.id, when=when, user=view.publisher_id)))
    return out


def render_cadence(rc: RenderContext) -> list[Outgoing] | None:
    """The Friday notice: the coming week's accounts below minimum and below target (bot/posts/cadence.py)."""
    ws = workspace_of(rc.session, rc.delivery.team_id)
    if not ws.approvals_channel:  # unset since it was scheduled: nowhere to say it
        return None
    local_day = rc.delivery.occurrence_at.astimezone(zone(ws.timezone)).date()
    report = cadence.cadence_report(rc.session, rc.delivery.team_id, cadence.coming_week(local_day))
    week = report.week_start.isoformat()
    if not report.below_minimum and not report.below_target:
        return [Outgoing(to=ws.approvals_channel, text=rc.tr("posts.cadence.on_track", week=week))]
    lines = [rc.tr("posts.cadence.title", week=week, tz=report.timezone)]
    if report.below_minimum:
        lines.append(rc.tr("posts.cadence.below_min"))
        for row in report.below_minimum:
            last = (row.last_published.astimezone(zone(ws.timezone)).date().isoformat()
                    if row.last_published is not None else rc.tr("posts.cadence.never"))
            lines.append(rc.tr("posts.cadence.line.min", brand=user_text(row.brand), network=row.network,
                               handle=user_text(row.handle), planned=row.planned, minimum=row.minimum, last=last))
    if report.below_target:
        lines.append(rc.tr("posts.cadence.below_target"))
        lines.extend(rc.tr("posts.cadence.line.target", brand=user_text(row.brand), network=row.network,
                           handle=user_text(row.handle), planned=row.planned, target=row.target)
                     for row in report.below_target)
    return [Outgoing(to=ws.approvals_channel, text="\n".join(lines))]


# ---- posts.notice: what a decision tells others (bot/posts/notify.py schedules it) -------------------
#
# Each event renders a fixed list of parts from the post's row as it is when sent (the scheduler
# sends each part once across retries and restarts by its index, so the list's length must not
# depend on anything that can change between two attempts): a part with nothing to do (no
# approvals message yet to update or reply under) is a no-op in its slot.


def _nothing() -> Outgoing:
    """An empty slot: counts as sent, calls nothing."""
    return Outgoing(to="", text="", call=lambda _client: ("", ""))


def redraw_part(tr: Translator, view: PostView) -> Outgoing:
    """The approvals message drawn again where the post's row says it is (never where a click or
    a form says: that could be any message the bot wrote)."""
    if not (view.message_channel and view.message_ts):
        return _nothing()
    return Outgoing(to=view.message_channel, text=blocks.post_text(tr, view), blocks=blocks.post_blocks(tr, view),
                    update_ts=view.message_ts)


def _thread_part(view: PostView, text: str) -> Outgoing:
    if not (view.message_channel and view.message_ts):
        return _nothing()
    return Outgoing(to=view.message_channel, text=text, thread_ts=view.message_ts)


def publish_part(tr: Translator, view: PostView) -> Outgoing:
    """The post put up for approval, its message remembered (on_sent) for every later update.

    A permanent failure (the approvals channel gone, the bot not in it) is told to the author in a
    DM, as before the outbox, and the Slack error is raised on: the scheduler marks the delivery
    failed and its admin alert tells the admins the channel needs fixing. A transient one is
    retried with the scheduler's backoff (nothing said: it goes out later)."""
    if view.message_channel and view.message_ts:
        return _nothing()  # an earlier attempt posted it and remembered where
    channel = view.approvals_channel or ""
    text, body = blocks.post_text(tr, view), blocks.post_blocks(tr, view)
    failed = tr("post.error.post_failed", id=view.id, channel=channel)
    team, post_id, author = view.team_id, view.id, view.author_id

    def post(client: Any) -> tuple[str, str]:
        try:
            sent = client.chat_postMessage(channel=channel, text=text, blocks=body)
        except SlackApiError as exc:
            code = slack_error_code(exc)
            if code in PERMANENT_ERRORS:
                log.warning("approvals post failed", extra={"team": team, "error": code})
                slack.dm(client, author, failed)
            raise
        return str(sent["channel"]), str(sent["ts"])

    def remember(session: Session, where: str, ts: str) -> None:
        drafts.record_message(session, team, post_id, where, ts)

    return Outgoing(to=channel, text=text, call=post, on_sent=remember)


def _user(payload: dict[str, Any], key: str) -> str:
    return str(payload.get(key) or "")


def _submitted(rc: RenderContext, view: PostView, payload: dict[str, Any]) -> list[Outgoing]:
    out = [publish_part(rc.tr, view)]
    if payload.get("dm"):  # from the form: the author hears where it went (the command answered in place)
        out.append(Outgoing(to=view.author_id, text=rc.tr("post.sent", id=view.id,
                                                          channel=view.approvals_channel or "")))
    return out


def _edited(rc: RenderContext, view: PostView, payload: dict[str, Any], revision: int) -> list[Outgoing]:
    """The message shows the new revision with fresh buttons and its diff, the thread says what
    changed; a post whose message was never posted is put up now."""
    diff = tuple((str(f), str(old), str(new)) for f, old, new in payload.get("diff") or [])
    view = replace(view, diff=diff)
    if view.message_channel and view.message_ts:
        parts = [redraw_part(rc.tr, view), _thread_part(view, blocks.diff_text(rc.tr, view))]
    else:
        parts = [publish_part(rc.tr, view), _nothing()]
    return [*parts, Outgoing(to=_user(payload, "actor"), text=rc.tr("post.edited", id=view.id, revision=revision))]


def _approved(rc: RenderContext, view: PostView, payload: dict[str, Any]) -> list[Outgoing]:
    out = [redraw_part(rc.tr, view)]
    if payload.get("changed"):
        users = ", ".join(f"<@{u}>" for u in view.approved_by)
        text = rc.tr("post.dm.approved", emoji=STATUS_EMOJI["approved"], id=view.id, users=users,
                     when=blocks.when(view))
        # Edit stays at hand: an approved post may still change (and goes back to approval).
        out.append(Outgoing(to=view.author_id, text=text, blocks=blocks.edit_blocks(rc.tr, text, view)))
    else:  # one of two approvals: the author hears how far it got
        out.append(Outgoing(to=view.author_id, text=rc.tr(
            "post.dm.one_approval", id=view.id, count=int(payload.get("count") or 0),
            required=view.approvals_required, user=_user(payload, "actor"))))
    return out


def _commented(rc: RenderContext, view: PostView, payload: dict[str, Any], decision: str) -> list[Outgoing]:
    """Changes requested or rejected: the message, the reviewer's comment in its thread, the author's DM."""
    status = str(payload.get("status") or view.status)
    emoji, actor = STATUS_EMOJI.get(status, ""), _user(payload, "actor")
    comment = user_text(str(payload.get("comment") or ""))
    note = rc.tr("post.thread.comment", emoji=emoji, user=actor, status=blocks.status_text(rc.tr, status),
                 comment=comment)
    if decision == "changes":
        text = rc.tr("post.dm.changes", emoji=emoji, user=actor, id=view.id, comment=comment)
        dm = Outgoing(to=view.author_id, text=text, blocks=blocks.edit_blocks(rc.tr, text, view))
    else:
        dm = Outgoing(to=view.author_id, text=rc.tr("post.dm.rejected", emoji=emoji, user=actor, id=view.id,
                                                    comment=comment))
    return [redraw_part(rc.tr, view), _thread_part(view, note), dm]


def _cancelled(rc: RenderContext, view: PostView, payload: dict[str, Any]) -> list[Outgoing]:
    out = [redraw_part(rc.tr, view)]
    actor = _user(payload, "actor")
    if view.author_id != actor:
        reason = str(payload.get("reason") or "")
        out.append(Outgoing(to=view.author_id, text=rc.tr(
            "post.dm.cancelled", emoji=STATUS_EMOJI["cancelled"], id=view.id, user=actor,
            reason=user_text(reason or rc.tr("post.no_reason")))))
    return out


def _published(rc: RenderContext, view: PostView, payload: dict[str, Any]) -> list[Outgoing]:
    out = [redraw_part(rc.tr, view)]
    if payload.get("dm"):  # from the form: the publisher's confirmation (the command answered in place)
        out.append(Outgoing(to=_user(payload, "actor"), text=rc.tr(
            "post.published", emoji=STATUS_EMOJI["published"], id=view.id,
            url=user_text(str(payload.get("url") or "")))))
    return out


def _released(rc: RenderContext, view: PostView, payload: dict[str, Any]) -> list[Outgoing]:
    status = str(payload.get("status") or view.status)
    text = rc.tr("post.hold.released", id=view.id, status=blocks.status_text(rc.tr, status),
                 when=f"{blocks.when(view)} ({view.timezone})")
    return [redraw_part(rc.tr, view), _thread_part(view, text)]


def _rescheduled(rc: RenderContext, view: PostView, payload: dict[str, Any]) -> list[Outgoing]:
    """A new revision, pending: the approvals message with fresh buttons, the thread and both people told."""
    text = rc.tr("post.hold.rescheduled", id=view.id, when=f"{blocks.when(view)} ({view.timezone})")
    actor = _user(payload, "actor")
    out = [redraw_part(rc.tr, view), _thread_part(view, text), Outgoing(to=actor, text=text)]
    if view.author_id != actor:  # the author hears their post moved
        out.append(Outgoing(to=view.author_id, text=text))
    return out


def _held(rc: RenderContext, payload: dict[str, Any]) -> list[Outgoing]:
    """`/post hold`: each held post's message without its buttons, then the list of those still
    held in the approvals channel, with Release / Reschedule each."""
    team = rc.delivery.team_id
    ids = [p for p in payload.get("posts") or [] if isinstance(p, int)]
    out: list[Outgoing] = []
    held: list[PostView] = []
    for post_id in ids:
        post = rc.session.get(Post, post_id)
        if post is None or post.team_id != team:
            out.append(_nothing())
            continue
        view = drafts.post_view(rc.session, post, rc.now)
        out.append(redraw_part(rc.tr, view))
        if view.status == "held":
            held.append(view)
    channel = workspace_of(rc.session, team).approvals_channel
    if held and channel:  # where approvers release or reschedule each
        text, body = held_list(rc.tr, str(payload.get("brand") or ""), str(payload.get("reason") or ""), held)
        out.append(Outgoing(to=channel, text=text, blocks=body))
    else:
        out.append(_nothing())
    return out


_Event = Callable[[RenderContext, PostView, dict[str, Any]], list[Outgoing]]
_BY_EVENT: dict[str, _Event] = {
    "submitted": _submitted, "approve": _approved, "cancelled": _cancelled, "published": _published,
    "reassigned": lambda rc, view, _payload: [redraw_part(rc.tr, view)],
    "released": _released, "rescheduled": _rescheduled,
    "changes": lambda rc, view, payload: _commented(rc, view, payload, "changes"),
    "reject": lambda rc, view, payload: _commented(rc, view, payload, "reject"),
}


def render_notice(rc: RenderContext) -> list[Outgoing] | None:
    """`posts.notice` (subject `<post id>:<revision>:<event>[:<n>]`): the parts of the event its
    payload names, drawn from the post as it is now; None when the post is not this workspace's."""
    payload = dict(rc.delivery.payload or {})
    event = str(payload.get("event") or "")
    if event == "held":
        return _held(rc, payload)
    post_part, _, rest = rc.delivery.subject_id.partition(":")
    post_id, revision = parse_id(post_part), parse_id(rest.partition(":")[0])
    post = rc.session.get(Post, post_id) if post_id is not None else None
    if revision is None or post is None or post.team_id != rc.delivery.team_id:
        return None
    view = drafts.post_view(rc.session, post, rc.now)
    if event == "edited":
        return _edited(rc, view, payload, revision)
    render = _BY_EVENT.get(event)
    return render(rc, view, payload) if render is not None else None


RENDERERS: dict[str, Renderer] = {KIND_ESCALATION: render_escalation, KIND_EXPIRY: render_expiry,
                                  KIND_REMINDER: render_reminder, KIND_OVERDUE: render_overdue,
                                  cadence.KIND_CADENCE: render_cadence, KIND_NOTICE: render_notice}
