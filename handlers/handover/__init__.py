"""Handover acts when someone leaves (`/handover`, SPEC §4)."""

from __future__ import annotations

import re

from bot.core.feature import Feature
from bot.handover import catalog, items, seal, sync
from bot.handover import refresh as handover_refresh
from handlers.handover import actions, commands, flows, notices
from handlers.handover.ids import HandoverIds
from handlers.kit import register_action
from handlers.runtime import Runtime


def register(rt: Runtime) -> None:
    """Wiring only: /handover (subcommands in help order), the checklist's buttons, the message refresher."""
    cmd = rt.registry.command(
        "/handover",
        "cmd.handover.description",
        "start @leaving [to @receiver] [reason] | list | show <act> | cancel <act> <reason>",
    )
    handover_refresh.register_refresher(rt.ctx.db.engine, flows.refresher(rt))
    cmd.sub("start", "usage.handover.start")(commands.start)
    cmd.sub("receiver", "usage.handover.receiver")(commands.receiver)
    cmd.sub("list", "usage.handover.list")(commands.list_)
    cmd.sub("show", "usage.handover.show")(commands.show)
    cmd.sub("cancel", "usage.handover.cancel")(commands.cancel)
    register_action(rt, HandoverIds.A_ITEM, actions.item)
    register_action(rt, re.compile(rf"^{HandoverIds.A_ALL}:"), actions.all_of_kind)
    register_action(rt, HandoverIds.A_DELIVER, actions.sign_deliver)
    register_action(rt, HandoverIds.A_RECEIVE, actions.sign_receive)
    register_action(rt, HandoverIds.A_CLOSE, actions.close)
    register_action(rt, HandoverIds.A_LEAVER_GONE, actions.leaver_gone)
    register_action(rt, HandoverIds.A_PAGE_PREV, actions.page)
    register_action(rt, HandoverIds.A_PAGE_NEXT, actions.page)
    register_action(rt, HandoverIds.A_RECEIVER, actions.pick_receiver)


FEATURE = Feature(
    name="handover",
    catalog=catalog.MESSAGES,
    register=register,
    renderers=notices.RENDERERS,
    subscribers=(
        ("grant.revoked", sync.on_grant_revoked),
        ("account.rotated", sync.on_account_rotated),
        ("custody.changed", sync.on_custody_changed),
    ),
    seal_checkers=(seal.check_closed_acts,),
    contributes={items.KIND: items.BUILTIN_KINDS, items.COLLECTOR: items.BUILTIN_COLLECTORS},
    ids=(HandoverIds,),
)
