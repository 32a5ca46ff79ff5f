"""`/crisis open`, `/crisis list`, `/crisis show`: parse, run the rule, answer."""

from __future__ import annotations

from bot.crisis import listing, opening
from bot.crisis.parse import parse_open
from handlers.calls import CommandCall, Reply
from handlers.crisis.opening import blocks, modals


def open_(call: CommandCall) -> Reply | None:
    """Alone it opens the form; with text it opens the crisis at once (minutes count)."""
    if not call.args.strip():
        brands = call.run(lambda s: opening.brand_choices(s, call.actor.team_id), read_only=True)
        view = modals.open_modal(call.tr, brands)
        call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))
        return None
    draft = parse_open(call.args)
    opened = call.run(lambda s: opening.open_crisis(s, call.actor, draft, call.now()))
    return Reply(blocks.opened_reply(call.tr, opened))


def list_(call: CommandCall) -> Reply:
    found = call.run(lambda s: listing.list_crises(s, call.actor), read_only=True)
    return Reply(blocks.listing_text(call.tr, found, call.now()))


def show(call: CommandCall) -> Reply:
    ref = call.args.strip().split(" ", 1)[0] or None
    shown = call.run(lambda s: listing.show(s, call.actor, call.channel_id, ref), read_only=True)
    return Reply(blocks.show_text(call.tr, shown))
