"""Web API work of the posts feature run after the ack (on the Sender's threads), and the door to
the outbox: what a decision tells others is scheduled in its transaction (`notice`) and rendered
by handlers/posts/notices.py."""

from __future__ import annotations

from typing import Any

from bot.core.i18n import Translator
from bot.posts.notify import schedule_notice
from bot.posts.views import PostView
from handlers.calls import Call
from handlers.posts import blocks


def notice(call: Call, session: Any, view: PostView, event: str, **facts: Any) -> str:
    """Schedule, in the decision's transaction (`session`), what it tells others; the subject for
    `call.send_notices(KIND_NOTICE, subject)`. The actor is always in the payload."""
    return schedule_notice(session, team_id=view.team_id, post_id=view.id, revision=view.revision, event=event,
                           now=call.now(), actor=call.actor.user_id, **facts)


def redraw(client: Any, tr: Translator, view: PostView) -> None:
    """The approvals message drawn again where the post's row says it is (never where a click
    or a form says: that could be any message the bot wrote)."""
    if view.message_channel and view.message_ts:
        client.chat_update(channel=view.message_channel, ts=view.message_ts, text=blocks.post_text(tr, view),
                           blocks=blocks.post_blocks(tr, view))
