"""Crisis, the Slack side (paging): `/crisis severity`, `/crisis ack`, the Acknowledge button and the
renderers of the chain's deliveries, wired by register()."""

from __future__ import annotations

from enum import StrEnum

from bot.core.events import Subscriber
from bot.core.schedule import Renderer
from bot.crisis.acknowledge import USAGE_ACK
from bot.crisis.severity import USAGE_SEVERITY
from handlers.commands import SlashCommand
from handlers.crisis.paging import actions, commands, notices
from handlers.crisis.paging.ids import CrisisPagingIds
from handlers.kit import register_action
from handlers.runtime import Runtime

RENDERERS: dict[str, Renderer] = notices.RENDERERS
SUBSCRIBERS: tuple[tuple[str, Subscriber], ...] = ()
IDS: tuple[type[StrEnum], ...] = (CrisisPagingIds,)


def register(rt: Runtime, cmd: SlashCommand) -> None:
    """Wiring only."""
    cmd.sub("severity", USAGE_SEVERITY)(commands.change_severity)
    cmd.sub("ack", USAGE_ACK)(commands.ack)
    register_action(rt, CrisisPagingIds.ACK, actions.ack)
