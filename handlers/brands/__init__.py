"""Brand profiles (SPEC §8): `/socialops brand`, versioned, read by the posts feature."""

from __future__ import annotations

from bot.brands import catalog
from bot.core.feature import Feature
from handlers.admin.commands import SOCIALOPS
from handlers.brands import actions, commands, views
from handlers.brands.ids import BrandsIds
from handlers.kit import register_action, register_view
from handlers.runtime import Runtime


def register(rt: Runtime) -> None:
    """Wiring only: /socialops brand, the picker, the form. `history` follows the brand's name
    (`brand <brand> history`), so the one subcommand reads both."""
    cmd = rt.registry.command(*SOCIALOPS)
    cmd.sub("brand", "usage.socialops.brand")(commands.brand)
    register_action(rt, BrandsIds.PICK, actions.brand_picked)
    # once: a double click or a replay saves one version (a later one would be a conflict anyway).
    register_view(rt, BrandsIds.PROFILE_VIEW, views.profile_submitted, once=True)


FEATURE = Feature(name="brands", catalog=catalog.MESSAGES, register=register, ids=(BrandsIds,))
