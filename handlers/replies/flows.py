"""Web API work of the replies feature, after the ack."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.core.i18n import Translator
from bot.replies import templates
from bot.replies.templates import Proposed
from bot.replies.views import VersionView
from handlers import slack
from handlers.blockkit import cut, user_text
from handlers.calls import Call
from handlers.outbound import slack_error_code
from handlers.replies import blocks

log = logging.getLogger("socialops.replies")


def redraw(client: Any, tr: Translator, v: VersionView) -> None:
    """The approvals message drawn again where the version's row says it is."""
    if v.message_channel and v.message_ts:
        client.chat_update(channel=v.message_channel, ts=v.message_ts, text=blocks.review_text(tr, v),
                           blocks=blocks.review_blocks(tr, v))


def publish(call: Call, client: Any, proposed: Proposed) -> None:
    """Post the version for approval, remember where, and tell the author."""
    v = proposed.version
    if proposed.superseded is not None:
        redraw(client, call.tr, proposed.superseded)
    try:
        sent = client.chat_postMessage(channel=proposed.channel, text=blocks.review_text(call.tr, v),
                                       blocks=blocks.review_blocks(call.tr, v))
    except SlackApiError as exc:
        log.warning("approvals post failed", extra={"team": call.actor.team_id, "error": slack_error_code(exc)})
        raise
    call.run(lambda s: templates.record_message(s, call.actor.team_id, v.id, str(sent["channel"]), str(sent["ts"])))
    slack.dm(client, call.actor.user_id, call.tr("replies.proposed", id=v.template_id, version=v.version,
                                                 channel=proposed.channel))


def decided(call: Call, client: Any, v: VersionView) -> None:
    redraw(client, call.tr, v)
    key = "replies.dm.approved" if v.state == "approved" else "replies.dm.rejected"
    slack.dm(client, v.author_id, call.tr(key, user=call.actor.user_id, id=v.template_id,
                                          title=user_text(cut(v.title, 100)), version=v.version))
