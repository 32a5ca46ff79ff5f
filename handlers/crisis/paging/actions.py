"""The page DM's Acknowledge button."""

from __future__ import annotations

from typing import Any

from bot.core.errors import NotFound
from bot.crisis import acknowledge
from handlers import slack
from handlers.calls import ActionCall


def ack(call: ActionCall) -> None:
    """Who acknowledges comes from the payload; the value only names the crisis and its generation.
    A value we never wrote is "no such crisis", without echoing it."""
    found = acknowledge.parse_value(call.value)
    if found is None:
        raise NotFound("crisis.error.not_found", id="—")
    crisis_id, generation = found
    done = call.run(lambda s: acknowledge.acknowledge_page(s, call.actor, crisis_id, generation, call.now()))
    text = call.tr("crisis.ack.done", number=done.crisis.number)

    def notify(client: Any) -> None:
        slack.tell(client, call.actor.user_id, call.channel_id, text)

    call.later(notify)
