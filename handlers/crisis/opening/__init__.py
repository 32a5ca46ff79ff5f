"""Crisis, the Slack side (opening): `/crisis open` and its form, the channel the scheduler makes,
the checklist's buttons, `/crisis list` and `/crisis show`; wired by register()."""

from __future__ import annotations

from enum import StrEnum

from bot.core.events import Subscriber
from bot.core.schedule import Renderer
from handlers.commands import SlashCommand
from handlers.crisis.opening import actions, commands, notices, views
from handlers.crisis.opening.ids import CrisisOpeningIds
from handlers.kit import register_action, register_view
from handlers.runtime import Runtime

RENDERERS: dict[str, Renderer] = dict(notices.RENDERERS)
SUBSCRIBERS: tuple[tuple[str, Subscriber], ...] = ()
IDS: tuple[type[StrEnum], ...] = (CrisisOpeningIds,)


def register(rt: Runtime, cmd: SlashCommand) -> None:
    """Wiring only."""
    cmd.sub("open", "usage.crisis.open")(commands.open_)
    cmd.sub("list", "usage.crisis.list")(commands.list_)
    cmd.sub("show", "usage.crisis.show")(commands.show)
    register_action(rt, CrisisOpeningIds.STEP_DONE, actions.step_done)
    register_action(rt, CrisisOpeningIds.STEP_UNDO, actions.step_undo)
    register_view(rt, CrisisOpeningIds.OPEN_VIEW, views.open_submitted, once=True)  # creates a crisis
