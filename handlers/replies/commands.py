"""`/replies` (SPEC §7): search, add, edit, list, retire."""

from __future__ import annotations

from bot.replies import search as searching
from bot.replies import templates
from bot.replies.parse import parse_category, parse_template_id
from handlers.blockkit import cut, user_text
from handlers.calls import CommandCall, Reply
from handlers.replies import blocks
from handlers.replies.modals import template_modal


def search(call: CommandCall) -> Reply:
    query = call.args.strip()
    if not query or query.lower() == "help":
        return Reply("\n".join(call.tr(k) for k in ("usage.replies.search", "usage.replies.add", "usage.replies.edit",
                                                    "usage.replies.list", "usage.replies.retire")))
    found = call.run(lambda s: searching.search(s, call.actor.team_id, query), read_only=True)
    if not found:
        return Reply(call.tr("replies.none", query=user_text(cut(query, 200))))
    shown = user_text(cut(query, 200))
    return Reply(call.tr("replies.found", query=shown), blocks.search_blocks(call.tr, query, found))


def add(call: CommandCall) -> None:
    call.run(lambda s: templates.approvals_channel(s, call.actor.team_id), read_only=True)
    view = template_modal(call.tr)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))


def edit(call: CommandCall) -> None:
    template_id = parse_template_id(call.args, "usage.replies.edit")
    latest = call.run(lambda s: templates.edit_prefill(s, call.actor, template_id), read_only=True)
    view = template_modal(call.tr, latest.draft, template_id=latest.template_id)
    call.later(lambda client: client.views_open(trigger_id=call.trigger_id, view=view))


def list_(call: CommandCall) -> Reply:
    category = parse_category(call.args)
    found = call.run(lambda s: searching.listing(s, call.actor.team_id, category), read_only=True)
    return Reply(blocks.list_text(call.tr, found))


def retire(call: CommandCall) -> Reply:
    template_id = parse_template_id(call.args, "usage.replies.retire")
    done = call.run(lambda s: templates.retire(s, call.actor, template_id, call.now()))
    return Reply(call.tr("replies.retired", id=done))
