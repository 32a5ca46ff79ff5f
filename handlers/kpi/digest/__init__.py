"""KPIs, the Slack side (digest): `/kpi digest now [channel]` and the weekly digest's producer and
renderer, wired by register()."""

from __future__ import annotations

from enum import StrEnum

from bot.core.events import Subscriber
from bot.core.periodic import Producer
from bot.core.schedule import Renderer
from bot.kpi.digest import DIGEST_PRODUCER
from handlers.commands import SlashCommand
from handlers.kpi.digest import commands, notices
from handlers.runtime import Runtime

RENDERERS: dict[str, Renderer] = dict(notices.RENDERERS)
SUBSCRIBERS: tuple[tuple[str, Subscriber], ...] = ()
PRODUCERS: tuple[Producer, ...] = (DIGEST_PRODUCER,)
IDS: tuple[type[StrEnum], ...] = ()


def register(rt: Runtime, cmd: SlashCommand) -> None:
    """Wiring only."""
    cmd.sub("digest", commands.USAGE)(commands.digest_command)
