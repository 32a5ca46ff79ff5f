"""Workspace settings and roles (`/socialops`, SPEC §1, §9) and the App Home."""

from __future__ import annotations

from typing import Any

from bot.core.feature import Feature
from handlers.admin import commands, home, views
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

    # Bolt passes listener arguments by name: `event` and `body`.
    def app_home_opened(event: dict[str, Any], body: dict[str, Any]) -> None:
        home.home_opened(rt, event, body)

    rt.app.event("app_home_opened")(app_home_opened)


FEATURE = Feature(name="admin", register=register, ids=(AdminIds,))
