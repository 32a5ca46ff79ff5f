"""The brand picker of `/socialops brand` typed alone."""

from __future__ import annotations

from bot.core.errors import NotFound
from handlers import slack
from handlers.brands.commands import open_or_show
from handlers.calls import ActionCall


def brand_picked(call: ActionCall) -> None:
    # The value is text a client may have forged: open_or_show looks it up in the inventory.
    brand = call.value.strip()
    if not brand:
        raise NotFound("brands.error.pick")
    shown = open_or_show(call, brand, call.trigger_id)
    if shown is not None:
        text, blocks = shown
        user, channel = call.actor.user_id, call.channel_id
        call.later(lambda client: slack.tell(client, user, channel, text, blocks))
