"""The message shortcut "Add to crisis timeline" and the ✍️ reaction: a crisis channel's message
onto its timeline, once (the rules ignore a second copy of the same message).

The reaction listener only filters before the ack (the emoji, a message): Slack waits for the ack
of every reaction in every channel the bot is in, so the lookup and the Web API read of the
message (conversations.history, or .replies for a thread reply) run after it on the Sender.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack
from slack_sdk.errors import SlackApiError

from bot.core import runner
from bot.core.authz import Actor
from bot.core.errors import DomainError
from bot.crisis import notes
from handlers import slack
from handlers.kit import error_text, request_team, translator
from handlers.runtime import Runtime

log = logging.getLogger("socialops.crisis")


def _added_text(rt: Runtime, team_id: str, view: notes.NoteView) -> str:
    tr = translator(rt, team_id)
    return tr("crisis.note.added" if view.added else "crisis.note.already", number=view.crisis.number)


def _add(rt: Runtime, client: Any, actor: Actor, channel: str, ts: str, author: str | None, text: str,
         via: str) -> None:
    tr = translator(rt, actor.team_id)
    try:
        view = runner.run(rt.ctx, actor, lambda s: notes.add_message(s, actor, channel, ts, author, text,
                                                                      rt.ctx.clock(), via=via))
    except DomainError as exc:
        slack.tell(client, actor.user_id, channel, error_text(tr, exc))
        return
    slack.tell(client, actor.user_id, channel, _added_text(rt, actor.team_id, view))


def on_shortcut(rt: Runtime, ack: Ack, body: dict[str, Any]) -> None:
    """The payload carries the message itself: nothing to read from Slack."""
    ack()
    actor = Actor(request_team(body), str((body.get("user") or {}).get("id") or ""))
    channel = str((body.get("channel") or {}).get("id") or "")
    raw = body.get("message")
    message: dict[str, Any] = raw if isinstance(raw, dict) else {}
    ts = str(message.get("ts") or body.get("message_ts") or "")
    author = message.get("user") or message.get("bot_id")
    text = str(message.get("text") or "")
    if not actor.user_id or not channel or not ts:
        return
    rt.sender.submit(lambda client: _add(rt, client, actor, channel, ts, str(author) if author else None, text,
                                         "shortcut"), what="crisis.note.shortcut", team_id=actor.team_id)


def _read_message(client: Any, channel: str, ts: str) -> dict[str, Any] | None:
    found = client.conversations_history(channel=channel, latest=ts, inclusive=True, limit=1)
    for message in found.get("messages") or []:
        if message.get("ts") == ts:
            return dict(message)
    # Not in the channel's history: a reply in a thread.
    found = client.conversations_replies(channel=channel, ts=ts, latest=ts, inclusive=True, limit=200)
    return next((dict(m) for m in found.get("messages") or [] if m.get("ts") == ts), None)


def _reacted(rt: Runtime, client: Any, actor: Actor, channel: str, ts: str) -> None:
    crisis = runner.run(rt.ctx, actor, lambda s: notes.crisis_of_channel(s, actor.team_id, channel),
                        read_only=True)
    if crisis is None:  # a ✍️ anywhere else is just a reaction
        return
    try:
        message = _read_message(client, channel, ts)
    except SlackApiError as exc:
        log.warning("cannot read the reacted message",
                    extra={"team": actor.team_id, "error": str(exc.response.get("error"))})
        return
    if message is None:
        return
    author = message.get("user") or message.get("bot_id")
    _add(rt, client, actor, channel, ts, str(author) if author else None, str(message.get("text") or ""), "reaction")


def on_reaction(rt: Runtime, event: dict[str, Any], body: dict[str, Any]) -> None:
    raw = event.get("item")
    item: dict[str, Any] = raw if isinstance(raw, dict) else {}
    if event.get("reaction") != notes.WRITING_HAND or item.get("type") != "message":
        return
    actor = Actor(str(body.get("team_id") or ""), str(event.get("user") or ""))
    channel, ts = str(item.get("channel") or ""), str(item.get("ts") or "")
    if not actor.user_id or not channel or not ts:
        return
    rt.sender.submit(lambda client: _reacted(rt, client, actor, channel, ts), what="crisis.note.reaction",
                     team_id=actor.team_id)
