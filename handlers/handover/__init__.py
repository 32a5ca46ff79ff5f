"""Handover acts when someone leaves (`/handover`, SPEC §4)."""

from __future__ import annotations

from bot.core.feature import Feature
from bot.handover import catalog, items, seal, sync
from handlers.handover import commands, notices
from handlers.handover.ids import HandoverIds

FEATURE = Feature(
    name="handover",
    catalog=catalog.MESSAGES,
    register=commands.register,
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
