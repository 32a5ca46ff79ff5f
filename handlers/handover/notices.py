"""What the scheduler sends for handover acts (SPEC §4).

Daily reminders: one delivery per act repeats every day; the renderer works out, at send time,
who owns what (custody may have moved since) and stops the repeat once the act is closed.

The outbox deliveries a decision schedules in its own transaction, sent at once after the ack
(Call.send_notices, the refresher) or by the scheduler when the process died first:
- handover.post: the new act's checklist, posted to its channel and remembered (on_sent);
- handover.refresh: the checklist redrawn in place after a change;
- handover.document: the sealed act as PDF and Markdown, in the checklist's thread.
Each names the act's people from Slack first (users.info), so they are Web API work of their own
(Outgoing.call), reading the act when they run: a redraw shows what is committed by then.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from bot.core.authz import Actor
from bot.core.context import AppContext
from bot.core.i18n import Translator
from bot.core.parsing import parse_id
from bot.core.schedule import Outgoing, RenderContext, Renderer
from bot.handover import acts as service
from bot.handover import document as handover_doc
from bot.handover.acts import DOCUMENT_KIND, POST_KIND, REMINDER_KIND
from bot.handover.close import CLOSE_KIND
from bot.handover.items import ACCOUNT_CUSTODY
from bot.handover.refresh import REFRESH_KIND
from bot.handover.views import ActView, build_view
from handlers import slack
from handlers.handover import blocks
from handlers.handover.blocks import reminder_text, title_text
from handlers.handover.flows import act_view, close_as, document, remember_people
from handlers.outbound import PERMANENT_ERRORS, slack_error_code
from storage.models import HandoverAct

log = logging.getLogger("socialops.handover")
WebWork = Callable[[Any], tuple[str, str]]  # an Outgoing.call: given the Web API client, (channel, ts)

# chat.update errors meaning the checklist message is gone (deleted, its channel gone): nobody can
# press it any more, so the redraw is dropped with a warning, as the scheduler does for its own
# updates (scheduler/notifier.py GONE_ERRORS).
GONE = frozenset({"message_not_found", "cant_update_message", "channel_not_found"})
# One redraw at a time per act in this process, each reading the act inside the lock: two redraws
# sent side by side cannot leave the older state on the message.
_redraw_locks: defaultdict[tuple[str, int], threading.Lock] = defaultdict(threading.Lock)


def chores(tr: Translator, view: ActView) -> dict[str, list[str]]:
    """user id → what that person should do next for this act."""
    act = view.act
    todo: dict[str, list[str]] = {}

    def add(user: str | None, line: str) -> None:
        if user:
            todo.setdefault(user, []).append(line)

    for item in view.open_items:
        add(item.owner, tr("handover.reminder.item", title=title_text(tr, item)))
    if not act.receiver_id and any(i.kind == ACCOUNT_CUSTODY for i in view.open_items):
        add(act.started_by, tr("handover.reminder.choose_receiver"))
    if act.delivered_at is None and act.leaver_unavailable_at is None:
        add(act.leaving_id, tr("handover.reminder.deliver"))
    if act.receiver_id and act.received_at is None:
        add(act.receiver_id, tr("handover.reminder.receive"))
    if not view.missing:
        add(act.started_by, tr("handover.reminder.close"))
    return todo


def reminders_for(session: Session, tr: Translator, act_id: int) -> list[Outgoing] | None:
    act = session.get(HandoverAct, act_id)
    if act is None or act.status != "open":
        return None  # closed (or gone): the daily repeat stops
    view = build_view(session, act)
    out = []
    for user, lines in sorted(chores(tr, view).items()):
        text, blocks = reminder_text(tr, view, lines)
        out.append(Outgoing(to=user, text=text, blocks=blocks))
    return out


def render_reminder(rc: RenderContext) -> list[Outgoing] | None:
    return reminders_for(rc.session, rc.tr, int(rc.delivery.subject_id))


def _act(rc: RenderContext, subject: str) -> tuple[AppContext, HandoverAct] | None:
    """The delivery's act, in the delivery's workspace, and the app (the Web API work needs it)."""
    act_id = parse_id(subject)
    act = rc.session.get(HandoverAct, act_id) if act_id is not None else None
    if act is None or act.team_id != rc.delivery.team_id or not isinstance(rc.app, AppContext):
        return None
    return rc.app, act


def _posted(team_id: str, act_id: int) -> Callable[[Session, str, str], None]:
    """on_sent of the post: remember the message, for the redraws and the document's thread."""
    def remember(session: Session, channel: str, ts: str) -> None:
        service.record_message(session, team_id, act_id, channel, ts)
    return remember


def post_checklist(ctx: AppContext, team_id: str, act_id: int, channel: str) -> WebWork:
    """The Web API work of handover.post: name the people, post the checklist, answer (channel, ts)."""

    def post(client: Any) -> tuple[str, str]:
        remember_people(ctx, client, team_id, act_id)  # the names as of drawing up
        view = act_view(ctx, team_id, act_id)
        tr = Translator(view.language, ctx.registries.catalog)
        text, body = blocks.act_message(tr, view)
        try:
            sent = client.chat_postMessage(channel=channel, text=text, blocks=body)
        except Exception as exc:
            # e.g. the bot is not in that channel: the person who started it is told, as before the
            # outbox; the error then goes on to the scheduler, which retries a transient one and
            # records a permanent one as failed (the admins alerted). Told once, not on each retry.
            error = slack_error_code(exc) or type(exc).__name__
            if error in PERMANENT_ERRORS:
                failed = tr("handover.error.post_failed", act=view.act.number, channel=f"<#{channel}>", error=error)
                slack.dm(client, view.act.started_by, failed)
            raise
        return str(sent["channel"]), str(sent["ts"])

    return post


def render_post(rc: RenderContext) -> list[Outgoing] | None:
    found = _act(rc, rc.delivery.subject_id)
    if found is None:
        return None
    ctx, act = found
    if act.message_ts or not act.channel_id:
        return None  # posted already (a repeat after a kill that came after the record)
    return [Outgoing(to=act.channel_id, text=f"handover {act.number}",
                     call=post_checklist(ctx, act.team_id, act.id, act.channel_id),
                     on_sent=_posted(act.team_id, act.id))]


def redraw_checklist(ctx: AppContext, team_id: str, act_id: int) -> WebWork:
    """The Web API work of handover.refresh: name whoever the change brought in, chat.update."""

    def redraw(client: Any) -> tuple[str, str]:
        with _redraw_locks[(team_id, act_id)]:
            remember_people(ctx, client, team_id, act_id)
            view = act_view(ctx, team_id, act_id)
            channel, ts = view.act.channel_id or "", view.act.message_ts or ""
            if not (channel and ts):
                return channel, ts  # not posted yet: the first post draws the current state anyway
            text, body = blocks.act_message(Translator(view.language, ctx.registries.catalog), view)
            try:
                client.chat_update(channel=channel, ts=ts, text=text, blocks=body)
            except Exception as exc:
                if slack_error_code(exc) not in GONE:
                    raise  # sorted by the scheduler: retried, or failed with the admins told
                log.warning("handover message to update is gone", extra={"team": team_id, "act": act_id,
                                                                          "error": slack_error_code(exc)})
            return channel, ts

    return redraw


def render_refresh(rc: RenderContext) -> list[Outgoing] | None:
    act_ref, _, _seq = rc.delivery.subject_id.partition(":")
    found = _act(rc, act_ref)
    if found is None:
        return None
    ctx, act = found
    if not (act.channel_id and act.message_ts):
        return None  # not posted yet: the post draws the state as it is then
    return [Outgoing(to=act.channel_id, text=f"handover {act.number} redraw",
                     call=redraw_checklist(ctx, act.team_id, act.id))]


def upload_document(ctx: AppContext, team_id: str, act_id: int) -> WebWork:
    """The Web API work of handover.document: the closed act as PDF and Markdown, in its thread."""

    def upload(client: Any) -> tuple[str, str]:
        view, markdown, pdf = document(ctx, team_id, act_id)
        tr = Translator(view.language, ctx.registries.catalog)
        act = view.act
        channel = act.channel_id or ""
        # A failure is sorted by the scheduler: a transient one retried, a permanent one recorded as
        # failed with the admins alerted (scheduler/alerts.py), as nobody else waits on this file.
        client.files_upload_v2(
            channel=channel,
            thread_ts=act.message_ts or None,
            initial_comment=tr("handover.doc_posted", act=act.number),
            file_uploads=[
                {"file": pdf, "filename": handover_doc.filename(view, "pdf"), "title": f"{act.number}.pdf"},
                {
                    "content": markdown,
                    "filename": handover_doc.filename(view, "md"),
                    "title": f"{act.number}.md",
                },
            ],
        )
        return channel, act.message_ts or ""

    return upload


def render_document(rc: RenderContext) -> list[Outgoing] | None:
    found = _act(rc, rc.delivery.subject_id)
    if found is None:
        return None
    ctx, act = found
    if act.status != "closed" or not act.channel_id:
        return None
    return [Outgoing(to=act.channel_id, text=f"handover {act.number} document",
                     call=upload_document(ctx, act.team_id, act.id))]


def render_close(rc: RenderContext) -> list[Outgoing] | None:
    """A Close press (bot/handover/close.close_pressed): its work names the act's people from
    Slack and closes the act as the witness, at the press's time (handlers/handover/flows.close_as)."""
    by = str(rc.delivery.payload.get("by") or "")
    act_id = parse_id(rc.delivery.subject_id.partition(":")[0])
    act = rc.session.get(HandoverAct, act_id) if act_id is not None else None
    ctx = rc.app
    if act is None or act.team_id != rc.delivery.team_id or not by or not isinstance(ctx, AppContext):
        return None  # (ctx is None in renderers' own unit tests)
    actor, channel = Actor(act.team_id, by), str(rc.delivery.payload.get("channel") or "")
    found_id, at, tr = act.id, rc.delivery.occurrence_at, rc.tr

    def close(client: Any) -> tuple[str, str]:
        return by, "closed" if close_as(ctx, tr, actor, channel, found_id, at, client) else "refused"

    return [Outgoing(to=by, text=f"close handover act #{found_id}", call=close)]


RENDERERS: dict[str, Renderer] = {
    CLOSE_KIND: render_close,
    REMINDER_KIND: render_reminder,
    POST_KIND: render_post,
    REFRESH_KIND: render_refresh,
    DOCUMENT_KIND: render_document,
}
