"""`/socialops brand [<brand>] [history [<page>]]`: the form, the read-only profile, the history."""

from __future__ import annotations

from bot.brands import profiles
from bot.brands.parse import parse_brand_command
from bot.core.errors import NotFound
from handlers.blockkit import Block
from handlers.brands import blocks, flows
from handlers.brands.modals import profile_modal
from handlers.calls import ActionCall, CommandCall, Reply


def brand(call: CommandCall) -> Reply | None:
    wanted = parse_brand_command(call.args)
    if wanted.history:
        page = call.run(lambda s: profiles.history(s, call.actor, wanted.brand, wanted.page), read_only=True)
        return Reply(*blocks.history_blocks(call.tr, page))
    name = wanted.brand
    if not name:
        names = call.run(lambda s: profiles.brands(s, call.actor.team_id), read_only=True)
        if not names:
            raise NotFound("brands.error.no_brands")
        if len(names) > 1:
            return Reply(*blocks.picker_blocks(call.tr, names))
        name = names[0]  # one brand: straight to it
    shown = open_or_show(call, name, call.trigger_id)
    return Reply(*shown) if shown is not None else None


def open_or_show(call: CommandCall | ActionCall, brand: str, trigger_id: str) -> tuple[str, list[Block]] | None:
    """Editors get the form (opened after the ack); anyone else, the profile read-only."""
    opened = call.run(lambda s: profiles.open_profile(s, call.actor, brand), read_only=True)
    if not opened.can_edit:
        return blocks.profile_blocks(call.tr, opened.profile, opened.timezone)
    view = profile_modal(call.tr, opened.profile, opened.timezone)
    call.later(lambda client: flows.open_form(client, trigger_id, view))
    return None
