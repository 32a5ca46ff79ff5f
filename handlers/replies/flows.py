"""Web API work of the replies feature, after the ack (what a decision owes others goes through
the outbox instead: handlers/replies/notices.py)."""

from __future__ import annotations

import logging
from typing import Any

from bot.core.i18n import Translator
from bot.replies.views import VersionView
from handlers.replies import blocks

log = logging.getLogger("socialops.replies")


def redraw(client: Any, tr: Translator, v: VersionView) -> None:
    """The approvals message drawn again where the version's row says it is."""
    if v.message_channel and v.message_ts:
        client.chat_update(channel=v.message_channel, ts=v.message_ts, text=blocks.review_text(tr, v),
                           blocks=blocks.review_blocks(tr, v))
