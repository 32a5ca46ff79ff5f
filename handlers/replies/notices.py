"""What a replies decision owes others, sent through the transactional outbox (issue 16).

The use case schedules the delivery in its own transaction (bot/replies/templates.py); the
request's after-ack work sends it at once (Call.send_notices) and the scheduler sends it when the
process died first. Each renderer re-reads the version when sent:

- replies.proposed: the version it replaced redrawn (its buttons gone), the new version posted to
  the approvals channel and remembered, and the author told where;
- replies.decided: the approvals message redrawn with the decision, and the author told.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from bot.core import runner
from bot.core.authz import SYSTEM, Actor
from bot.core.context import AppContext
from bot.core.errors import NotFound
from bot.core.i18n import Translator
from bot.core.schedule import Outgoing, RenderContext, Renderer
from bot.replies import templates
from bot.replies.templates import KIND_DECIDED, KIND_PROPOSED
from bot.replies.views import VersionView, get_template, get_version, version_view
from handlers import slack
from handlers.blockkit import cut, user_text
from handlers.outbound import PERMANENT_ERRORS, error_ref, slack_error_code
from handlers.replies import blocks

log = logging.getLogger("socialops.replies")


def _view(session: Session, team_id: str, version_id: object) -> VersionView | None:
    """The version as it stands, in the delivery's workspace; None once it is gone."""
    try:
        version = get_version(session, team_id, version_id)
        return version_view(session, version, get_template(session, team_id, version.template_id))
    except NotFound:
        return None


def _redraw(tr: Translator, v: VersionView) -> list[Outgoing]:
    """The version's approvals message drawn again in place, where its row says it is."""
    if not (v.message_channel and v.message_ts):
        return []
    return [Outgoing(to=v.message_channel, update_ts=v.message_ts, text=blocks.review_text(tr, v),
                     blocks=blocks.review_blocks(tr, v))]


def post_and_tell(ctx: AppContext, tr: Translator, team_id: str, version_id: int,
                  channel: str) -> Callable[[Any], tuple[str, str]]:
    """The approvals post, remembered at once, then the author's DM saying where it is.

    One piece of Web API work, so the author hears only of a post that happened; a retry (the DM
    failed, or a kill after the post) finds the post remembered and only tells the author."""
    system = Actor(team_id, SYSTEM)

    def send(client: Any) -> tuple[str, str]:
        v = runner.run(ctx, system, lambda s: _view(s, team_id, version_id), read_only=True)
        if v is None:
            return channel, ""
        where, ts = v.message_channel or "", v.message_ts or ""
        if not ts:
            try:
                sent = client.chat_postMessage(channel=channel, text=blocks.review_text(tr, v),
                                               blocks=blocks.review_blocks(tr, v))
            except Exception as exc:
                error = slack_error_code(exc)
                log.warning("approvals post failed", extra={"team": team_id, "error": error})
                if error in PERMANENT_ERRORS:
                    # No retry can post it: the author gets the apology the after-ack work gave before
                    # the outbox; the scheduler records the delivery as failed and alerts the admins.
                    ref = error_ref()
                    log.error("approvals post refused", extra={"team": team_id, "error": error, "ref": ref})
                    slack.dm(client, v.author_id, tr("error.internal", ref=ref))
                raise
            where, ts = str(sent["channel"]), str(sent["ts"])
            runner.run(ctx, system, lambda s: templates.record_message(s, team_id, v.id, where, ts))
        slack.dm(client, v.author_id, tr("replies.proposed", id=v.template_id, version=v.version, channel=channel))
        return where, ts

    return send


def render_proposed(rc: RenderContext) -> list[Outgoing] | None:
    version_id = rc.delivery.subject_id.partition(":")[0]
    v = _view(rc.session, rc.delivery.team_id, version_id)
    if v is None or not isinstance(rc.app, AppContext):
        return None
    channel = str(rc.delivery.payload.get("channel") or "")
    out: list[Outgoing] = []
    superseded = rc.delivery.payload.get("superseded")
    if superseded is not None:
        old = _view(rc.session, rc.delivery.team_id, superseded)
        if old is not None:
            out += _redraw(rc.tr, old)
    out.append(Outgoing(to=channel, text=f"replies version {v.id}",
                        call=post_and_tell(rc.app, rc.tr, rc.delivery.team_id, v.id, channel)))
    return out


def render_decided(rc: RenderContext) -> list[Outgoing] | None:
    version_id = rc.delivery.subject_id.partition(":")[0]
    v = _view(rc.session, rc.delivery.team_id, version_id)
    if v is None or v.decided_by is None:
        return None
    key = "replies.dm.approved" if rc.delivery.subject_id.endswith(":approved") else "replies.dm.rejected"
    told = rc.tr(key, user=v.decided_by, id=v.template_id, title=user_text(cut(v.title, 100)), version=v.version)
    return [*_redraw(rc.tr, v), Outgoing(to=v.author_id, text=told)]


RENDERERS: dict[str, Renderer] = {
    KIND_PROPOSED: render_proposed,
    KIND_DECIDED: render_decided,
}
