"""Workspace settings and roles (`/socialops`, SPEC §1, §9)."""

from __future__ import annotations

from bot.core.feature import Feature
from handlers.admin import commands, views
from handlers.admin.commands import SOCIALOPS
from handlers.admin.ids import AdminIds
from handlers.kit import register_view
from handlers.runtime import Runtime


def register(rt: Runtime) -> None:
    """Wiring only, in the order `/socialops help` lists them."""
    cmd = rt.registry.command(*SOCIALOPS)
    cmd.sub("", "usage.socialops.help")(commands.help_)
    cmd.sub("help", "usage.socialops.help")(commands.help_)
    cmd.sub("setup", "usage.socialops.setup")(commands.setup)
    cmd.sub("role add", "usage.socialops.role_add")(commands.role_add)
    cmd.sub("role remove", "usage.socialops.role_remove")(commands.role_remove)
    cmd.sub("roles", "usage.socialops.roles")(commands.roles)
    register_view(rt, AdminIds.SETUP_VIEW, views.setup_submitted)


FEATURE = Feature(name="admin", register=register, ids=(AdminIds,))
