"""Crisis, the Slack side (setup): `/crisis setup` and its per-severity forms, wired by register()."""

from __future__ import annotations

from enum import StrEnum

from bot.core.events import Subscriber
from bot.core.schedule import Renderer
from handlers.commands import SlashCommand
from handlers.crisis.setup import actions, commands, views
from handlers.crisis.setup.ids import CrisisSetupIds
from handlers.kit import register_action, register_view
from handlers.runtime import Runtime

RENDERERS: dict[str, Renderer] = {}
SUBSCRIBERS: tuple[tuple[str, Subscriber], ...] = ()
IDS: tuple[type[StrEnum], ...] = (CrisisSetupIds,)


def register(rt: Runtime, cmd: SlashCommand) -> None:
    """Wiring only."""
    cmd.sub("setup", commands.USAGE_SETUP)(commands.setup)
    register_action(rt, CrisisSetupIds.EDIT, actions.edit)
    # A second submission of the same form (a double click) would only say "nothing changed".
    register_view(rt, CrisisSetupIds.VIEW, views.setup_submitted, once=True)
