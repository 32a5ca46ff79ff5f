"""Web API work of the posts feature, run after the ack (on the Sender's threads)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core.i18n import Translator
from bot.posts import drafts
from bot.posts.views import PostView
from handlers import slack
from handlers.calls import Call
from handlers.outbound import slack_error_code
from handlers.posts import blocks

log = logging.getLogger("socialops.posts")


def dm(client: Any, user_id: str, text: str, blocks_: list[dict[str, Any]] | None = None) -> None:
    slack.dm(client, user_id, text, blocks_)


def publish(call: Call, client: Any, view: PostView) -> None:
    """Post the post for approval and remember where, so each decision updates that message."""
    channel = view.approvals_channel or ""
    try:
        sent = client.chat_postMessage(channel=channel, text=blocks.post_text(call.tr, view),
                                       blocks=blocks.post_blocks(call.tr, view))
    except SlackApiError as exc:
        log.warning("approvals post failed", extra={"team": view.team_id, "error": slack_error_code(exc)})
        dm(client, view.author_id, call.tr("post.error.post_failed", id=view.id, channel=channel))
        return
    call.run(lambda s: drafts.record_message(s, view.team_id, view.id, str(sent["channel"]), str(sent["ts"])))


def redraw(client: Any, tr: Translator, view: PostView) -> None:
    """The approvals message drawn again where the post's row says it is (never where a click
    or a form says: that could be any message the bot wrote)."""
    if view.message_channel and view.message_ts:
        client.chat_update(channel=view.message_channel, ts=view.message_ts, text=blocks.post_text(tr, view),
                           blocks=blocks.post_blocks(tr, view))


def in_thread(client: Any, view: PostView, text: str) -> None:
    if view.message_channel and view.message_ts:
        client.chat_postMessage(channel=view.message_channel, thread_ts=view.message_ts, text=text)


def resubmitted(call: Call, client: Any, view: PostView) -> None:
    """An edit: the message shows the new revision with fresh buttons, the thread says what changed."""
    if not (view.message_channel and view.message_ts):
        publish(call, client, view)
        return
    redraw(client, call.tr, view)
    in_thread(client, view, blocks.diff_text(call.tr, view))
